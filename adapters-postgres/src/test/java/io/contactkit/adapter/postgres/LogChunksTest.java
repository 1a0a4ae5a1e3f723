package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deduplication run's log kept as chunks of entries ({@code command_log_chunks}, schema version 4): the log reads the same
 * entries in the same order whatever its page size, interleaved by sequence with other writers' per-row entries, as the view
 * {@code command_log_entries} lists them, and as the same entries written one row each (as before version 4) read.
 */
class LogChunksTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static PostgresContactProvider store;

    @BeforeAll
    static void open() {
        store = new PostgresContactProvider(TestDatabase.freshSchema());
        store.migrate().block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void chunksEndAtEveryGapInTheSequencesAndAtTheByteLimit() {
        long[] seqs = {10, 11, 12, 20, 21, 22, 23, 30};
        int[] ends = {100, 200, 300, 400, 500, 600, 700, 800};
        int wide = 10_000;
        assertEquals(3, PostgresDedupe.chunkEnd(seqs, ends, 0, seqs.length, wide));
        assertEquals(7, PostgresDedupe.chunkEnd(seqs, ends, 3, seqs.length, wide));
        assertEquals(8, PostgresDedupe.chunkEnd(seqs, ends, 7, seqs.length, wide));
        assertEquals(5, PostgresDedupe.chunkEnd(seqs, ends, 3, 5, wide), "no further than the entries sent");
        int two = 2 * (100 + PostgresDedupe.ELEMENT_SLACK);
        assertEquals(2, PostgresDedupe.chunkEnd(seqs, ends, 0, seqs.length, two));
        assertEquals(3, PostgresDedupe.chunkEnd(seqs, ends, 2, seqs.length, two), "the gap after 12 ends the chunk");
        assertEquals(5, PostgresDedupe.chunkEnd(seqs, ends, 3, seqs.length, two));
        assertEquals(6, PostgresDedupe.chunkEnd(seqs, ends, 5, seqs.length, two - 1), "one entry over the limit still makes a chunk");
    }

    @Test
    void theLogReadsTheSameInPagesOfAnySizeInterleavedWithOtherWritersAndAsTheViewListsIt() throws Exception {
        String ws = TestDatabase.workspace();
        int before = 0;
        for (int i = 0; i < 5; i++) {
            store.upsert(ws, other("before" + i)).block(TIMEOUT);
            before++;
        }
        List<UpsertCommand> commands = PostgresDedupeTest.commands();
        PostgresDedupe run = new PostgresDedupe(store, ws, Instant.parse("2026-03-01T00:00:00Z"), 29);
        run.load().block(TIMEOUT);
        long accepted = 0;
        int between = 0;
        for (int i = 0; i < commands.size(); i++) {
            if (run.apply(i + 1, commands.get(i)) != AuditEntry.Action.REJECTED) {
                accepted++;
            }
            if (run.wantsFlush()) {
                run.flush().block(TIMEOUT);
                // another writer of the same workspace (other identifiers) logs between the run's chunks
                store.upsert(ws, other("between" + i)).block(TIMEOUT);
                between++;
            }
        }
        run.commit().block(TIMEOUT);
        store.upsert(ws, other("after")).block(TIMEOUT);
        long rows = before + between + 1;
        assertTrue(between > 3, "entries between the run's chunks");

        List<LoggedCommand> whole = store.log(ws).collectList().block(TIMEOUT);
        assertEquals(accepted + rows, whole.size());
        for (int i = 1; i < whole.size(); i++) {
            assertTrue(whole.get(i - 1).seq() < whole.get(i).seq(), "in sequence order at " + i);
        }
        for (int page : new int[] {1, 2, 7, 26, 100}) {
            assertEquals(whole, store.log(ws, page).collectList().block(TIMEOUT), "pages of " + page);
        }
        StoreChecks.assertReplayEqual(store, ws, StoreChecks.stored(store, ws));

        String schema = store.settings().schema();
        try (Connection c = MigrationTest.jdbc()) {
            assertEquals(rows, count(c, "SELECT count(*) FROM " + schema + ".command_log WHERE workspace = ?", ws), "single commands keep their rows");
            long chunks = count(c, "SELECT count(*) FROM " + schema + ".command_log_chunks WHERE workspace = ?", ws);
            assertTrue(chunks > between && chunks < accepted, chunks + " chunks");
            assertEquals(0, count(c, "SELECT count(*) FROM " + schema + ".command_log_chunks WHERE workspace = ? AND (last_seq - first_seq + 1"
                    + " <> cardinality(operations) OR pg_column_compression(commands) IS NOT NULL OR pg_column_compression(contact_ids) IS NOT NULL)", ws),
                    "consecutive sequences, stored as written");
            // the view: one row per entry, each with its instant and rules, in the reader's order
            List<String> viewed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, at, operation, contact_id, rules FROM " + schema
                    + ".command_log_entries WHERE workspace = ? ORDER BY seq")) {
                s.setString(1, ws);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        viewed.add(r.getLong(1) + " " + r.getObject(2, java.time.OffsetDateTime.class).toInstant() + " " + r.getString(3) + " "
                                + r.getString(4) + " " + r.getString(5));
                    }
                }
            }
            assertEquals(whole.stream().map(e -> e.seq() + " " + e.at() + " " + e.operation() + " " + e.contactId() + " " + store.rulesFingerprint())
                    .toList(), viewed);
        }
    }

    @Test
    void aRunsEntriesWrittenOneRowEachAsBeforeVersion4ReadTheSame() throws Exception {
        String ws = TestDatabase.workspace();
        store.upsert(ws, other("first")).block(TIMEOUT);
        List<UpsertCommand> commands = PostgresDedupeTest.commands();
        PostgresDedupe run = new PostgresDedupe(store, ws, Instant.parse("2026-03-02T00:00:00Z"), 41);
        run.load().block(TIMEOUT);
        PostgresDedupeTest.decide(run, commands, 0);
        run.commit().block(TIMEOUT);
        List<LoggedCommand> chunked = store.log(ws).collectList().block(TIMEOUT);

        // the same entries as versions 3 and before wrote them: a row each naming the batch, no instant or rules of their own
        String schema = store.settings().schema();
        try (Connection c = MigrationTest.jdbc(); Statement s = c.createStatement()) {
            String w = "'" + ws + "'";
            s.execute("INSERT INTO " + schema + ".command_log (workspace, seq, at, operation, contact_id, command, decision, rules, batch)"
                    + " SELECT c.workspace, c.first_seq + x.n - 1, NULL, x.o, x.i, x.c, x.d, NULL, c.batch FROM " + schema + ".command_log_chunks c"
                    + " CROSS JOIN LATERAL unnest(c.operations, c.contact_ids, c.commands, c.decisions) WITH ORDINALITY AS x(o, i, c, d, n)"
                    + " WHERE c.workspace = " + w);
            assertTrue(s.executeUpdate("DELETE FROM " + schema + ".command_log_chunks WHERE workspace = " + w) > 0);
        }
        assertEquals(chunked, store.log(ws).collectList().block(TIMEOUT));
        assertEquals(chunked, store.log(ws, 3).collectList().block(TIMEOUT));
        StoreChecks.assertReplayEqual(store, ws, StoreChecks.stored(store, ws));
    }

    @Test
    void aChunkSentAsTextArraysReadsBackElementForElement() throws Exception {
        io.contactkit.adapter.postgres.internal.CopyRows fields = io.contactkit.adapter.postgres.internal.CopyRows.binary(64);
        String[] values = {"a", "tab\there \"quoted\" {braces}, back\\slash", "caf\u00e9 \uD83D\uDE00", "", null, "NULL"};
        int[] at = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            at[i] = fields.size();
            fields.text(values[i]).endPart();
        }
        io.contactkit.adapter.postgres.internal.CopyRows rows = io.contactkit.adapter.postgres.internal.CopyRows.binary(64).header();
        rows.row(1).textArray(fields.array(), at, 0, values.length).endRow();
        rows.row(1).textArray(fields.array(), at, 2, 3).endRow();
        rows.trailer();
        String table = store.settings().schema() + ".arrays";
        try (Connection c = MigrationTest.jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (n serial, a text[])");
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            copy.copyIn("COPY " + table + " (a) FROM STDIN (FORMAT binary)", new java.io.ByteArrayInputStream(rows.toByteArray()));
            try (ResultSet r = s.executeQuery("SELECT a FROM " + table + " ORDER BY n")) {
                assertTrue(r.next());
                assertArrayEquals(values, (Object[]) r.getArray(1).getArray());
                assertTrue(r.next());
                assertArrayEquals(new String[] {values[2]}, (Object[]) r.getArray(1).getArray());
            }
        }
    }

    private static UpsertCommand other(String name) {
        return UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", name + "@elsewhere.test").set("note", name)
                .build(IdentifierPolicy.defaults()).get();
    }

    private static long count(Connection c, String sql, String ws) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, ws);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
