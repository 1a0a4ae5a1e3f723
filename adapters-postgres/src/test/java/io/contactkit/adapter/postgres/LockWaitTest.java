package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.UpsertResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A transaction locks an identifier and its owner in one statement, whose snapshot is taken before it
 * waits for the identifier's lock. Here the identifier's new owner is created and committed by another
 * session while the upsert waits: the upsert must still find that owner and update it, never create a
 * second owner of the identifier.
 */
class LockWaitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void anOwnerCommittedWhileTheUpsertWaitedIsFound() throws Exception {
        PostgresSettings settings = TestDatabase.freshSchema();
        String ws = TestDatabase.workspace();
        String schema = settings.schema();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.migrate().block(TIMEOUT);
            // the identifier row exists, owned by nobody
            store.upsert(ws, command(b -> b.identifier("emailaddress", "y@example.test").identifier("emailaddress", "x@example.test"))).block(TIMEOUT);
            store.upsert(ws, command(b -> b.identifier("emailaddress", "y@example.test").removeIdentifier("emailaddress", "x@example.test")))
                    .block(TIMEOUT);
            try (Connection other = MigrationTest.jdbc(); Connection admin = MigrationTest.jdbc()) {
                other.setAutoCommit(false);
                try (PreparedStatement lock = other.prepareStatement("UPDATE " + schema + ".identifiers SET contact_id = NULL"
                        + " WHERE workspace = ? AND key = 'emailaddress' AND value = 'x@example.test'")) {
                    lock.setString(1, ws);
                    assertEquals(1, lock.executeUpdate());
                }
                // (a removal keeps the command off the group-commit path: straight to the transaction's lock statement)
                CompletableFuture<UpsertResult> pending = store.upsert(ws, command(b -> b.identifier("emailaddress", "x@example.test")
                        .removeIdentifier("emailaddress", "z@example.test").set("firstName", "Xena"))).toFuture();
                waitForLockWait(admin);
                // another writer creates contact 'late' owning x, and commits while the upsert waits for x
                try (PreparedStatement create = other.prepareStatement("INSERT INTO " + schema + ".contacts (workspace, id, seq, created_at,"
                        + " updated_at, state) VALUES (?, 'late', nextval('" + schema + ".command_seq'), now(), now(),"
                        + " '{\"i\":[[\"emailaddress\",\"x@example.test\"]]}')");
                     PreparedStatement own = other.prepareStatement("UPDATE " + schema + ".identifiers SET contact_id = 'late'"
                             + " WHERE workspace = ? AND key = 'emailaddress' AND value = 'x@example.test'")) {
                    create.setString(1, ws);
                    create.executeUpdate();
                    own.setString(1, ws);
                    own.executeUpdate();
                }
                other.commit();
                UpsertResult r = pending.get(60, TimeUnit.SECONDS);
                assertFalse(r.created(), "the upsert found the owner committed while it waited");
                assertEquals("late", r.contact().id());
                assertEquals("Xena", r.contact().attribute("firstName").orElseThrow().toString());
            }
            List<Contact> owners = store.search(ws, Identifier.of("emailaddress", "x@example.test")).collectList().block(TIMEOUT);
            assertEquals(1, owners.size());
            assertEquals("late", owners.get(0).id());
            assertEquals(2, StoreChecks.stored(store, ws).size());
        }
    }

    private static void waitForLockWait(Connection admin) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE application_name = 'contactkit' AND wait_event_type = 'Lock'")) {
                r.next();
                if (r.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(false, "the upsert never waited for the identifier's lock");
    }

    private static UpsertCommand command(java.util.function.UnaryOperator<UpsertCommand.Builder> f) {
        return f.apply(UpsertCommand.builder()).build(IdentifierPolicy.defaults()).get();
    }
}
