package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * A deduplication run that loses its connection: while its log streams to the server, during the final
 * {@code COPY} of the contacts, and at the {@code COMMIT} itself, the link closed or silently gone (a
 * partition: no reply, no close). Every time the run fails promptly with a typed error instead of
 * waiting for ever, the workspace holds nothing of it, and running it again writes the whole result.
 * The JUnit timeouts only guard against the hang; nothing here asserts how fast anything is.
 */
class PostgresDedupeFaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CHUNK = 37;
    private static PostgresSettings direct;
    private static PostgresContactProvider store;

    @BeforeAll
    static void open() {
        direct = TestDatabase.freshSchema().toBuilder().statementTimeout(Duration.ofSeconds(3)).build();
        store = new PostgresContactProvider(direct);
        store.migrate().block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /**
     * Where the link is lost (the start of the statement the run is about to send), how, and the error
     * expected: a lost link is a {@link TransportException}, except at the {@code COMMIT}, where the run
     * cannot know whether the server committed ({@link OutcomeUnknownException}).
     */
    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({"COPY {schema}.command_log_chunks, CLOSE", "COPY {schema}.contacts, CLOSE", "COMMIT, CLOSE",
            "COPY {schema}.contacts, SILENCE", "COMMIT, SILENCE"})
    @Timeout(120)
    void aLostLinkFailsTheRunPromptlyAndWritesNothing(String statement, Relay.Cut cut) {
        ProviderException e = failedRun(statement.replace("{schema}", direct.schema()), cut);
        Class<?> expected = statement.equals("COMMIT") ? OutcomeUnknownException.class : TransportException.class;
        assertTrue(expected.isInstance(e), e.toString());
    }

    /**
     * Runs every command through the relay, losing the link when the run sends {@code text}; checks that
     * the run failed and wrote nothing, runs it again directly, and checks the whole result is there.
     */
    private static ProviderException failedRun(String text, Relay.Cut cut) {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = PostgresDedupeTest.commands();
        ProviderException failure;
        try (Relay relay = new Relay(direct.port());
             PostgresContactProvider through = new PostgresContactProvider(relay.settings(direct).build())) {
            PostgresDedupe run = new PostgresDedupe(through, ws, Instant.parse("2026-01-01T00:00:00Z"), CHUNK);
            run.load().block(TIMEOUT);
            relay.cutWhenClientSends(text, cut);
            failure = null;
            try {
                PostgresDedupeTest.decide(run, commands, 0);
                run.commit().block(TIMEOUT);
            } catch (ProviderException e) {
                failure = e;
            } finally {
                run.abort().block(TIMEOUT);
            }
            assertTrue(failure != null, "the run failed");
            assertTrue(relay.awaitCut(0), "the link was lost");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        // the relay is closed: a silenced session learns it and rolls back; nothing of the run is there
        assertEquals(0, StoreChecks.stored(store, ws).size());
        assertEquals(0L, store.log(ws).count().block(TIMEOUT));

        PostgresDedupe again = new PostgresDedupe(store, ws, Instant.parse("2026-01-02T00:00:00Z"), CHUNK);
        again.load().block(TIMEOUT);
        PostgresDedupeTest.decide(again, commands, 0);
        again.commit().block(TIMEOUT);
        List<Contact> stored = StoreChecks.stored(store, ws);
        AtomicInteger ids = new AtomicInteger();
        ContactBook whole = new ContactBook(ws, () -> "w" + ids.incrementAndGet());
        commands.forEach(c -> whole.upsert(c, Instant.EPOCH));
        assertEquals(PostgresDedupeTest.groups(whole.contacts()), PostgresDedupeTest.groups(stored), "the run again writes the whole result");
        StoreChecks.assertReplayEqual(store, ws, stored);
        return failure;
    }
}
