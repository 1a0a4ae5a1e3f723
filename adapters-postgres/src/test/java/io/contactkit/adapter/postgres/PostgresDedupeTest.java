package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deduplication runs into the store, written with COPY a few entries at a time: the stored state is the
 * replay of the log, two runs give the contacts of one run over all records, and a run that fails
 * after part of its log reached the server leaves the store exactly as it was.
 */
class PostgresDedupeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Small chunks, so a run of a few hundred records sends its log in many COPY statements. */
    private static final int CHUNK = 37;
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
    void twoRunsGiveTheReplayOfTheLogAndTheContactsOfOneRun() {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands();
        int half = commands.size() / 2;
        DedupRun first = run(ws, commands.subList(0, half), Instant.parse("2026-01-01T00:00:00Z"));
        DedupRun second = run(ws, commands.subList(half, commands.size()), Instant.parse("2026-01-02T00:00:00Z"));

        List<Contact> stored = StoreChecks.stored(store, ws);
        StoreChecks.assertIdentifiersUnique(store, ws, stored);
        StoreChecks.assertReplayEqual(store, ws, stored);
        assertEquals(first.accepted + second.accepted, store.log(ws).count().block(TIMEOUT), "one log entry per accepted record");
        // each entry reads back whole from its compact form and its run's batch row: the run's instant and rules, and
        // the decision the engine takes again when the log is replayed
        io.contactkit.adapter.postgres.internal.LogReplay replay = new io.contactkit.adapter.postgres.internal.LogReplay(ws, () -> {
            throw new IllegalStateException("no split");
        });
        for (LoggedCommand e : store.log(ws).collectList().block(TIMEOUT)) {
            assertTrue(e.at().equals(Instant.parse("2026-01-01T00:00:00Z")) || e.at().equals(Instant.parse("2026-01-02T00:00:00Z")), e.toString());
            assertEquals(store.rulesFingerprint(), io.contactkit.adapter.postgres.internal.Codec.fingerprint(
                    io.contactkit.adapter.postgres.internal.Codec.rules(e.rules())));
            replay.apply(e);
            assertEquals(replay.book().book().lastAudit(e.seq()), e.audit(), "the logged decision of entry " + e.seq());
        }

        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        ContactBook whole = new ContactBook(ws, () -> "w" + ids.incrementAndGet());
        commands.forEach(c -> whole.upsert(c, Instant.EPOCH));
        assertEquals(groups(whole.contacts()), groups(stored), "two incremental runs give the contacts of one run over every record");
        assertTrue(stored.stream().anyMatch(c -> c.attributes().toString().contains("tab\there")), "values with tabs and backslashes survive COPY");
    }

    @Test
    void identifiersCopiedInManyStatementsOfManyMessagesEachNameTheirOwner() throws Exception {
        // a few rows per statement and a message per row or two: the messages are encoded ahead of the connection, across the
        // ends of statements, and every row arrives once, in its statement, with its owner
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands();
        PostgresDedupe run = new PostgresDedupe(store, ws, Instant.parse("2026-01-01T00:00:00Z"), CHUNK).identifierCopies(7, 100);
        run.load().block(TIMEOUT);
        decide(run, commands, 0);
        run.commit().block(TIMEOUT);
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (Contact c : StoreChecks.stored(store, ws)) {
            c.identifiers().forEach(i -> expected.put(i.key() + " " + i.value(), c.id()));
        }
        java.util.Map<String, String> owned = new java.util.TreeMap<>();
        try (java.sql.Connection c = MigrationTest.jdbc();
             java.sql.PreparedStatement s = c.prepareStatement("SELECT key, value, contact_id FROM " + store.settings().schema()
                     + ".identifiers WHERE workspace = ?")) {
            s.setString(1, ws);
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getString(3) != null) {
                        owned.put(r.getString(1) + " " + r.getString(2), r.getString(3));
                    }
                }
            }
        }
        assertTrue(expected.size() > 10 * 7, "enough identifiers for many statements: " + expected.size());
        assertEquals(expected, owned);
    }

    @Test
    void identifierRowsWrittenWhileDecidingEndWithTheOwnersOfTheRunsEnd() throws Exception {
        // small chunks, many of them sent before their contacts are merged away, into contacts of the same run or of the store;
        // removed identifiers come back to other contacts: every identifier row must name its owner at the run's end
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands();
        int half = commands.size() / 2;
        Random random = new Random(11);
        List<UpsertCommand> second = new ArrayList<>(commands.subList(half, commands.size()));
        for (int i = 0; i < second.size(); i += 5) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE).set("note", "moved " + i)
                    .identifier("emailaddress", "late" + random.nextInt(60) + "@example.test");
            if (i % 10 == 0) {
                b.removeIdentifier("emailaddress", "late" + random.nextInt(60) + "@example.test");
            }
            second.add(i, b.build(IdentifierPolicy.defaults()).get());
        }
        // an identifier written ahead, removed from its contact a chunk later, then taken by a new contact: one row
        second.add(0, UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "x1@example.test")
                .identifier("emailaddress", "x2@example.test").build(IdentifierPolicy.defaults()).get());
        second.add(2 * CHUNK, UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "x1@example.test")
                .removeIdentifier("emailaddress", "x2@example.test").build(IdentifierPolicy.defaults()).get());
        second.add(4 * CHUNK, UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "x2@example.test")
                .identifier("emailaddress", "x3@example.test").build(IdentifierPolicy.defaults()).get());
        for (List<UpsertCommand> part : List.of(commands.subList(0, half), second)) {
            PostgresDedupe run = new PostgresDedupe(store, ws, Instant.parse("2026-01-01T00:00:00Z"), CHUNK);
            run.load().block(TIMEOUT);
            decide(run, part, 0);
            run.commit().block(TIMEOUT);
            assertTrue(run.summary().merged() > 0, "the run merges contacts after their identifiers were written");
        }

        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (Contact c : StoreChecks.stored(store, ws)) {
            c.identifiers().forEach(i -> expected.put(i.key() + " " + i.value(), c.id()));
        }
        Set<String> named = new TreeSet<>();
        second.forEach(c -> {
            c.identifiers().forEach(i -> named.add(i.key() + " " + i.value()));
            c.removeIdentifiers().forEach(i -> named.add(i.key() + " " + i.value()));
        });
        java.util.Map<String, String> owned = new java.util.TreeMap<>();
        Set<String> unowned = new TreeSet<>();
        java.util.Map<String, String> survivors = new java.util.HashMap<>();
        try (java.sql.Connection c = MigrationTest.jdbc();
             java.sql.PreparedStatement m = c.prepareStatement("SELECT id, survivor FROM " + store.settings().schema()
                     + ".contacts WHERE workspace = ? AND survivor IS NOT NULL");
             java.sql.PreparedStatement s = c.prepareStatement("SELECT key, value, contact_id FROM " + store.settings().schema()
                     + ".identifiers WHERE workspace = ?")) {
            m.setString(1, ws);
            try (java.sql.ResultSet r = m.executeQuery()) {
                while (r.next()) {
                    survivors.put(r.getString(1), r.getString(2));
                }
            }
            s.setString(1, ws);
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getString(3) == null) {
                        unowned.add(r.getString(1) + " " + r.getString(2));
                    } else {
                        String identifier = r.getString(1) + " " + r.getString(2);
                        String owner = r.getString(3);
                        if (!expected.containsValue(owner) && !named.contains(identifier)) {
                            // a row of the first run that the second did not name may name a contact merged away since
                            // (readers follow its survivor)
                            owner = survivors.getOrDefault(owner, owner);
                        }
                        owned.put(identifier, owner);
                    }
                }
            }
        }
        // every owned row names the live contact that lists the identifier (or one merged into it); removed ones have a row
        // without an owner
        assertEquals(expected, owned);
        assertTrue(!unowned.isEmpty() && unowned.stream().allMatch(i -> i.startsWith("emailaddress late"))
                && owned.containsKey("emailaddress x2@example.test"), unowned.toString());
        StoreChecks.assertReplayEqual(store, ws, StoreChecks.stored(store, ws));
    }

    @Test
    void aRunThatFailsAfterSendingPartOfItsLogLeavesTheStoreAsItWas() {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands();
        run(ws, commands.subList(0, 100), Instant.parse("2026-01-01T00:00:00Z"));
        List<Contact> before = StoreChecks.stored(store, ws);
        long logged = store.log(ws).count().block(TIMEOUT);

        // aborted (as the command line does when its input fails mid-file) after several chunks reached the server
        PostgresDedupe small = new PostgresDedupe(store, ws, Instant.parse("2026-01-02T00:00:00Z"), CHUNK);
        small.load().block(TIMEOUT);
        decide(small, commands, 100);
        small.abort().block(TIMEOUT);
        small.abort().block(TIMEOUT);
        assertEquals(before, StoreChecks.stored(store, ws));
        assertEquals(logged, store.log(ws).count().block(TIMEOUT));

        // a concurrent writer changes an identifier the run touched: the commit fails and writes nothing
        PostgresDedupe raced = new PostgresDedupe(store, ws, Instant.parse("2026-01-03T00:00:00Z"), CHUNK);
        raced.load().block(TIMEOUT);
        decide(raced, commands, 100);
        UpsertCommand racing = UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "person1@example.test")
                .set("lastCommand", "racing").build(IdentifierPolicy.defaults()).get();
        store.upsert(ws, racing).block(TIMEOUT);
        List<Contact> afterRace = StoreChecks.stored(store, ws);
        ServerException e = assertThrows(ServerException.class, () -> raced.commit().block(TIMEOUT));
        assertEquals("concurrent_change", e.providerCode().orElse(null), e.getMessage());
        assertEquals(afterRace, StoreChecks.stored(store, ws));
        assertEquals(logged + 1, store.log(ws).count().block(TIMEOUT));
        StoreChecks.assertReplayEqual(store, ws, afterRace);
    }

    @Test
    void contactsEncodedInRangesOnWorkerThreadsAreStoredAsOneRangeStoresThem() {
        List<UpsertCommand> commands = commands();
        int half = commands.size() / 2;
        List<List<String>> stored = new ArrayList<>();
        // one position per range (a message per contact, empty ones for contacts merged away), a few, all in one range, and
        // ranges of one position three to a COPY statement (in the binary format each statement's data has its own header
        // and trailer, whichever of its ranges are empty)
        int[][] shapes = {{1, 50_000}, {7, 50_000}, {1_000_000, 50_000}, {1, 3}};
        for (int[] shape : shapes) {
            String ws = TestDatabase.workspace();
            run(ws, commands.subList(0, half), Instant.parse("2026-01-01T00:00:00Z"), shape[0], shape[1]);
            run(ws, commands.subList(half, commands.size()), Instant.parse("2026-01-02T00:00:00Z"), shape[0], shape[1]);
            List<Contact> contacts = StoreChecks.stored(store, ws);
            StoreChecks.assertIdentifiersUnique(store, ws, contacts);
            StoreChecks.assertReplayEqual(store, ws, contacts);
            stored.add(contacts.stream().map(c -> c.identifiers() + " " + c.attributes() + " " + c.lists() + " " + c.accounts() + " "
                    + c.owner() + " " + c.language()).sorted().toList());
        }
        assertTrue(stored.get(0).size() > 20, "enough contacts to span several ranges: " + stored.get(0).size());
        assertEquals(stored.get(2), stored.get(0));
        assertEquals(stored.get(2), stored.get(1));
        assertEquals(stored.get(2), stored.get(3));

        // no record at all, and a single one
        String empty = TestDatabase.workspace();
        run(empty, List.of(), Instant.parse("2026-01-01T00:00:00Z"), 1);
        assertEquals(List.of(), StoreChecks.stored(store, empty));
        String one = TestDatabase.workspace();
        Instant at = Instant.parse("2026-01-01T10:11:12.123456Z");
        run(one, commands.subList(0, 1), at, 1);
        List<Contact> single = StoreChecks.stored(store, one);
        assertEquals(1, single.size());
        // the time stamps go in COPY's binary format: the run's instant, to the microsecond
        assertEquals(at, single.get(0).createdAt());
        assertEquals(at, single.get(0).updatedAt());
        assertEquals(commands.get(0).identifiers(), single.get(0).identifiers());
        StoreChecks.assertReplayEqual(store, one, single);
    }

    @Test
    void aRunReadingAheadStoresWhatAPlainRunStores() {
        List<UpsertCommand> commands = commands();
        String plain = TestDatabase.workspace();
        run(plain, commands, Instant.parse("2026-01-01T00:00:00Z"));
        // what each few records read, read together: a hint only
        String ahead = TestDatabase.workspace();
        PostgresDedupe run = new PostgresDedupe(store, ahead, Instant.parse("2026-01-01T00:00:00Z"), CHUNK);
        run.load().block(TIMEOUT);
        UpsertCommand[] all = commands.toArray(UpsertCommand[]::new);
        for (int i = 0; i < all.length; i++) {
            if (i % 5 == 0) {
                run.prefetch(all, i, Math.min(all.length, i + 5));
            }
            run.apply(i + 1, all[i]);
            if (run.wantsFlush()) {
                run.flush().block(TIMEOUT);
            }
        }
        run.commit().block(TIMEOUT);
        List<Contact> stored = StoreChecks.stored(store, ahead);
        StoreChecks.assertIdentifiersUnique(store, ahead, stored);
        StoreChecks.assertReplayEqual(store, ahead, stored);
        assertEquals(values(StoreChecks.stored(store, plain)), values(stored));
        assertEquals(store.log(plain).map(e -> e.audit().action() + " " + e.audit().contactsMerged().size() + " " + e.audit().identifiersSkipped().size()).collectList().block(TIMEOUT),
                store.log(ahead).map(e -> e.audit().action() + " " + e.audit().contactsMerged().size() + " " + e.audit().identifiersSkipped().size()).collectList().block(TIMEOUT));
    }

    @Test
    void contactsReadInPlaceAreTheContactsBuiltWithTheirRecords() {
        List<UpsertCommand> commands = commands();
        int half = commands.size() / 2;
        String ws = TestDatabase.workspace();
        // a second run over a workspace that holds contacts: some of them go untouched, some take records, some merge
        run(ws, commands.subList(0, half), Instant.parse("2026-01-01T00:00:00Z"));
        PostgresDedupe run = new PostgresDedupe(store, ws, Instant.parse("2026-01-02T00:00:00Z"), CHUNK);
        run.load().block(TIMEOUT);
        decide(run, commands.subList(half, commands.size()), 0);
        run.writeContacts().block(TIMEOUT);
        List<String> built = new ArrayList<>();
        run.forEachContact((c, records) -> built.add(c.id() + " " + c.identifiers() + " " + c.attributes() + " " + c.displayName().orElse(null)
                + " " + java.util.Arrays.toString(records)));
        List<String> viewed = new ArrayList<>();
        // in two walks, split at a position in the middle: each walk gives the contacts of its positions only
        long positions = run.contactPositions();
        for (long[] walk : new long[][] {{0, positions / 2}, {positions / 2, positions + 5}}) {
            run.viewContacts(walk[0], walk[1], v -> {
                List<io.contactkit.domain.Identifier> identifiers = new ArrayList<>();
                while (v.nextIdentifier()) {
                    identifiers.add(io.contactkit.domain.Identifier.of(v.key(), v.value()));
                }
                java.util.Map<String, io.contactkit.domain.AttributeValue> attributes = new java.util.LinkedHashMap<>();
                while (v.nextAttribute()) {
                    attributes.put(v.attributeName(), v.attributeValue());
                }
                long[] records = new long[v.sourceCount()];
                for (int k = 0; k < records.length; k++) {
                    records[k] = v.source(k);
                }
                viewed.add(v.id() + " " + identifiers + " " + attributes + " " + v.displayName() + " " + java.util.Arrays.toString(records));
            });
        }
        run.commit().block(TIMEOUT);
        assertTrue(built.size() > 5 && built.stream().anyMatch(l -> l.matches("(?s).*\\[\\d+(, \\d+)+\\]")), "contacts with several records");
        assertEquals(built, viewed);
        assertEquals(run.summary().contacts(), viewed.size());
    }

    /** The contacts' values, whatever their ids: sorted. */
    private static List<String> values(List<Contact> contacts) {
        return contacts.stream().map(c -> c.identifiers() + " " + c.attributes() + " " + c.lists() + " " + c.accounts() + " "
                + c.owner() + " " + c.language()).sorted().toList();
    }

    private record DedupRun(long accepted) {
    }

    private static DedupRun run(String ws, List<UpsertCommand> commands, Instant now) {
        return run(ws, commands, now, PostgresDedupe.RANGE);
    }

    private static DedupRun run(String ws, List<UpsertCommand> commands, Instant now, int range) {
        return run(ws, commands, now, range, 50_000);
    }

    private static DedupRun run(String ws, List<UpsertCommand> commands, Instant now, int range, int copyRows) {
        PostgresDedupe run = new PostgresDedupe(store, ws, now, CHUNK, range, copyRows);
        run.load().block(TIMEOUT);
        long accepted = decide(run, commands, 0);
        run.commit().block(TIMEOUT);
        assertEquals(commands.size(), run.summary().records());
        return new DedupRun(accepted);
    }

    /** Applies the commands from {@code from} on as records, sending the log whenever a chunk is full; returns how many were accepted. */
    static long decide(PostgresDedupe run, List<UpsertCommand> commands, int from) {
        long accepted = 0;
        for (int i = from; i < commands.size(); i++) {
            if (run.apply(i + 1, commands.get(i)) != AuditEntry.Action.REJECTED) {
                accepted++;
            }
            if (run.wantsFlush()) {
                run.flush().block(TIMEOUT);
            }
        }
        return accepted;
    }

    /** Overlapping merge commands, some with values that COPY's text format must escape. */
    static List<UpsertCommand> commands() {
        List<UpsertCommand> out = new ArrayList<>(ConcurrencyTest.commands(Strategy.MERGE, new Random(42)));
        Random random = new Random(7);
        for (int i = 0; i < out.size(); i += 17) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE)
                    .set("note", "tab\there, back\\slash, new\nline, caf\u00e9 \uD83D\uDE00 " + i);
            b.identifier("emailaddress", "person" + random.nextInt(240) + "@example.test");
            out.set(i, b.build(IdentifierPolicy.defaults()).get());
        }
        return out;
    }

    static Set<String> groups(List<Contact> contacts) {
        return contacts.stream().map(c -> c.identifiers().stream().map(Object::toString).sorted().collect(Collectors.joining(",")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
