package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UpsertResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A connection dropped in the middle of a transaction: the server rolls the transaction back, and the
 * store either tries it again on a new connection or reports the failure; nothing is half written.
 */
class FaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aDroppedConnectionIsRolledBackAndRetried() throws Exception {
        PostgresSettings settings = TestDatabase.freshSchema();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.migrate().block(TIMEOUT);
            CompletableFuture<UpsertResult> pending = dropWhileWaiting(settings, ws, store, true);
            UpsertResult r = pending.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(r.created());
            assertTrue(store.retries() >= 1, "the transaction was tried again");
            List<Contact> stored = StoreChecks.stored(store, ws);
            assertEquals(1, stored.size());
            assertEquals(List.of(Identifier.of("emailaddress", "a@example.test"), Identifier.of("emailaddress", "b@example.test")),
                    stored.get(0).identifiers());
            assertEquals(1L, store.log(ws).count().block(TIMEOUT));
            StoreChecks.assertReplayEqual(store, ws, stored);
        }
    }

    @Test
    void aDroppedConnectionWithoutRetriesIsReportedAndLeavesNothing() throws Exception {
        PostgresSettings settings = TestDatabase.freshSchema().toBuilder().maxRetries(0).build();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.migrate().block(TIMEOUT);
            CompletableFuture<UpsertResult> pending = dropWhileWaiting(settings, ws, store, false);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pending.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof TransportException, String.valueOf(e.getCause()));
            assertEquals(0, StoreChecks.stored(store, ws).size());
            assertEquals(0L, store.log(ws).count().block(TIMEOUT));
            assertEquals(0, store.search(ws, Identifier.of("emailaddress", "a@example.test")).count().block(TIMEOUT));
        }
    }

    /**
     * Holds the lock of identifier b in another session, starts an upsert of a and b, and terminates the
     * backend waiting for b twice: first the one-statement attempt for unseen identifiers (it falls back
     * to the transactional path), then the transaction, which had locked a and waited for b; then releases b.
     */
    private static CompletableFuture<UpsertResult> dropWhileWaiting(PostgresSettings settings, String ws, PostgresContactProvider store,
                                                                    boolean releaseAfterDrop) throws Exception {
        String table = settings.schema() + ".identifiers";
        try (Connection holder = MigrationTest.jdbc(); Connection admin = MigrationTest.jdbc()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO " + table + " (workspace, key, value) VALUES ('" + ws + "', 'emailaddress', 'b@example.test')");
            }
            UpsertCommand c = UpsertCommand.builder().identifier("emailaddress", "a@example.test").identifier("emailaddress", "b@example.test")
                    .set("firstName", "Ada").build(IdentifierPolicy.defaults()).get();
            CompletableFuture<UpsertResult> pending = store.upsert(ws, c).toFuture();
            int terminated = 0;
            for (int i = 0; i < 1200 && terminated < 2 && !(terminated == 1 && pending.isDone()); i++) {
                try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'contactkit' AND wait_event_type = 'Lock'")) {
                    while (r.next()) {
                        terminated++;
                    }
                }
                Thread.sleep(50);
            }
            // the second cut hits the transaction unless, without retries, it already failed on the first one's connection
            assertTrue(terminated == 2 || (terminated == 1 && pending.isDone()), "cut off " + terminated + " times");
            if (!releaseAfterDrop) {
                pending.handle((v, e) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            holder.commit();
            return pending;
        }
    }
}
