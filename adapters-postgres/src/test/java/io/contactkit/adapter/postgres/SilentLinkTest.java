package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * The link to PostgreSQL goes silent (a network partition: no reply, no close) in the middle of the store's
 * ordinary work: a transactional upsert, a group-commit upsert, a listing between pages, a facade sync. Each
 * fails with a typed error once the statement timeout and the grace have passed, instead of waiting for
 * ever; the dead connection is closed, not handed out again; the server ends the orphaned transaction, so
 * nothing is half written and no lock stays held; and once the link heals, the same store runs the work
 * again to the complete result. The JUnit timeouts only guard against a hang; nothing asserts how fast.
 */
class SilentLinkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static PostgresSettings settings;
    private static PostgresContactProvider direct;

    @BeforeAll
    static void open() {
        // short: a silent round trip fails after 1 s and the 5 s grace
        settings = TestDatabase.freshSchema().toBuilder().statementTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2)).build();
        // the direct store waits for locks as long as it takes the server to end an orphaned transaction
        direct = new PostgresContactProvider(settings.toBuilder().statementTimeout(Duration.ofSeconds(30)).build());
        direct.migrate().block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        direct.close();
    }

    /** A store reaching the server through the relay; with one connection at most, a dead one handed out again would show. */
    private static PostgresContactProvider through(Relay relay, int connections) {
        return new PostgresContactProvider(relay.settings(settings).connectTimeout(settings.connectTimeout()).poolInitialSize(0)
                .poolMaxSize(connections).build());
    }

    private static UpsertCommand command(String attribute, String... emails) {
        UpsertCommand.Builder b = UpsertCommand.builder().set(attribute, "v");
        for (String e : emails) {
            b.identifier(Identifier.EMAIL, e);
        }
        return b.build(IdentifierPolicy.defaults()).get();
    }

    /** The store closed every connection of its pool that went through the silenced relay. */
    private static void assertClosed(Relay relay) throws InterruptedException {
        for (int i = 0; i < 100 && relay.clientLinks() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, relay.clientLinks(), "the silent connection was closed, not kept in the pool");
    }

    /**
     * A transaction whose link goes silent: while it holds the row locks (the write of its decision not
     * yet sent), or at its {@code COMMIT}. Before the link heals, another writer takes the same identifier
     * (the server ended the orphaned session, rolling it back); after, the same store writes the command.
     */
    @ParameterizedTest(name = "silent at {0}")
    @CsvSource({"WITH log AS, io.contactkit.ports.TransportException", "COMMIT, io.contactkit.ports.OutcomeUnknownException"})
    @Timeout(120)
    void aTransactionOnASilentLinkFailsWritesNothingAndHoldsNoLock(String text, Class<? extends ProviderException> expected) throws Exception {
        String ws = TestDatabase.workspace();
        try (Relay relay = new Relay(settings.port()); PostgresContactProvider store = through(relay, 1)) {
            assertTrue(store.upsert(ws, command("first", "a@example.test")).block(TIMEOUT).created());
            relay.cutWhenClientSends(text, Relay.Cut.SILENCE);
            // a@ is stored: the transactional path
            ProviderException e = assertThrows(ProviderException.class,
                    () -> store.upsert(ws, command("second", "a@example.test", "b@example.test")).block(TIMEOUT));
            assertTrue(expected.isInstance(e), e.toString());
            assertTrue(relay.awaitCut(0), "the link went silent");
            assertClosed(relay);

            // still partitioned: the server ended the orphan, so its locks are free and nothing of it is there
            assertEquals(0, direct.search(ws, Identifier.of(Identifier.EMAIL, "b@example.test")).count().block(TIMEOUT));
            direct.upsert(ws, command("third", "a@example.test")).block(TIMEOUT);
            assertEquals(2L, direct.log(ws).count().block(TIMEOUT));

            relay.heal();
            assertTrue(!store.upsert(ws, command("second", "a@example.test", "b@example.test")).block(TIMEOUT).created());
        }
        List<Contact> stored = StoreChecks.stored(direct, ws);
        assertEquals(1, stored.size());
        assertEquals(List.of("first", "second", "third"), stored.get(0).attributes().keySet().stream().sorted().toList());
        assertEquals(3L, direct.log(ws).count().block(TIMEOUT));
        StoreChecks.assertReplayEqual(direct, ws, stored);
    }

    /** The group-commit statement of new contacts sent into silence: autocommitted, so its outcome is unknown. */
    @Test
    @Timeout(120)
    void aGroupCommitOnASilentLinkIsReportedAsOutcomeUnknown() throws Exception {
        String ws = TestDatabase.workspace();
        try (Relay relay = new Relay(settings.port()); PostgresContactProvider store = through(relay, 1)) {
            store.claimRules(ws).block(TIMEOUT);
            relay.cutWhenClientSends("WITH ins AS", Relay.Cut.SILENCE);
            assertThrows(OutcomeUnknownException.class, () -> store.upsert(ws, command("first", "new@example.test")).block(TIMEOUT));
            assertTrue(relay.awaitCut(0), "the link went silent");
            assertClosed(relay);
            assertEquals(0L, direct.log(ws).count().block(TIMEOUT), "the statement never reached the server");

            relay.heal();
            assertTrue(store.upsert(ws, command("first", "new@example.test")).block(TIMEOUT).created());
        }
        assertEquals(1L, direct.log(ws).count().block(TIMEOUT));
        StoreChecks.assertReplayEqual(direct, ws, StoreChecks.stored(direct, ws));
    }

    /**
     * {@code db split} and {@code db migrate} on a link that goes silent: the split while it reads the log,
     * the migration once it holds its lock row. Each fails with a typed error and changes nothing; once
     * healed, the same store runs it.
     */
    @Test
    @Timeout(120)
    void aSplitAndAMigrationOnASilentLinkFailAndRunOnceHealed() throws Exception {
        String ws = TestDatabase.workspace();
        direct.upsert(ws, PostgresSplitTest.merge("ann@example.com", "+31201234567")).block(TIMEOUT);
        Contact merged = direct.upsert(ws, PostgresSplitTest.merge("bo@example.com", "+31201234567")).block(TIMEOUT).contact();
        List<Contact> before = StoreChecks.stored(direct, ws);
        try (Relay relay = new Relay(settings.port()); PostgresContactProvider store = through(relay, 1)) {
            relay.cutWhenClientSends("last_seq > ", Relay.Cut.SILENCE);
            assertThrows(TransportException.class, () -> store.split(ws, List.of(merged.id()), PostgresSplitTest.SHARED_LINE).block(TIMEOUT));
            assertClosed(relay);
            relay.heal();
            assertEquals(before, StoreChecks.stored(direct, ws), "the split changed nothing");
            assertEquals(2, store.split(ws, List.of(merged.id()), PostgresSplitTest.SHARED_LINE).block(TIMEOUT).contacts().size());
        }
        PostgresSettings fresh = TestDatabase.freshSchema().toBuilder().statementTimeout(settings.statementTimeout()).build();
        try (Relay relay = new Relay(fresh.port()); PostgresContactProvider store = new PostgresContactProvider(relay.settings(fresh)
                .poolInitialSize(0).poolMaxSize(1).build())) {
            relay.cutWhenClientSends("FOR UPDATE", Relay.Cut.SILENCE);
            assertThrows(TransportException.class, () -> store.migrate().block(TIMEOUT));
            assertClosed(relay);
            relay.heal();
            assertEquals(PostgresContactProvider.codeSchemaVersion(), store.migrate().then(store.schemaVersion()).block(TIMEOUT));
        }
    }

    /** A listing whose link goes silent between two pages fails; once healed, the same store lists everything. */
    @Test
    @Timeout(120)
    void aListingOnASilentLinkFailsAndListsEverythingOnceHealed() throws Exception {
        String ws = TestDatabase.workspace();
        Flux.range(0, 30).flatMap(i -> direct.upsert(ws, command("n", "list" + i + "@example.test")), 4).blockLast(TIMEOUT);
        List<Contact> all = StoreChecks.stored(direct, ws);
        ListQuery pages = ListQuery.builder().pageSize(5).build();
        try (Relay relay = new Relay(settings.port()); PostgresContactProvider store = through(relay, 1)) {
            AtomicInteger seen = new AtomicInteger();
            ProviderException e = assertThrows(ProviderException.class, () -> store.list(ws, pages).doOnNext(c -> {
                if (seen.incrementAndGet() == 12) {
                    relay.silence();
                }
            }).blockLast(TIMEOUT));
            assertTrue(e instanceof TransportException, e.toString());
            assertTrue(seen.get() >= 12 && seen.get() < all.size(), "failed mid-listing, after " + seen.get());
            assertClosed(relay);

            relay.heal();
            assertEquals(all, store.list(ws, pages).collectList().block(TIMEOUT));
        }
    }

    /**
     * A sync through the facade whose link goes silent mid-run: every record gets its result (the failed ones
     * a typed error) and the run ends; once healed, the same run again gives the result of one whole run.
     */
    @Test
    @Timeout(180)
    void aSyncOnASilentLinkEndsWithTypedFailuresAndCompletesOnceHealed() throws Exception {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // every fifth record names the previous one's address too: the transactional path
            commands.add(i % 5 == 4 ? command("n" + i, "sync" + i + "@example.test", "sync" + (i - 1) + "@example.test")
                    : command("n" + i, "sync" + i + "@example.test"));
        }
        try (Relay relay = new Relay(settings.port()); PostgresContactProvider store = through(relay, 4);
             ContactKit kit = ContactKit.builder().provider(store).closeProvider(false).concurrency(4).timeout(Duration.ofMinutes(5)).build()) {
            relay.cutWhenClientSends("sync52@", Relay.Cut.SILENCE);
            List<BulkResult<UpsertCommand>> first = kit.upsertAll(ws, Flux.fromIterable(commands)).collectList().block(Duration.ofSeconds(150));
            assertEquals(commands.size(), first.size(), "every record has its result");
            List<ProviderException> failures = first.stream().filter(r -> r.status() == BulkResult.Status.FAILED).map(BulkResult::error).toList();
            assertTrue(!failures.isEmpty(), "records failed");
            assertTrue(failures.stream().allMatch(f -> f instanceof TransportException || f instanceof OutcomeUnknownException), failures.toString());

            relay.heal();
            List<BulkResult<UpsertCommand>> again = kit.upsertAll(ws, Flux.fromIterable(commands)).collectList().block(TIMEOUT);
            assertTrue(again.stream().allMatch(r -> r.status() != BulkResult.Status.FAILED), "the run again succeeds");
        }
        AtomicInteger ids = new AtomicInteger();
        ContactBook once = new ContactBook(ws, () -> "w" + ids.incrementAndGet());
        commands.forEach(c -> once.upsert(c, Instant.EPOCH));
        List<Contact> stored = StoreChecks.stored(direct, ws);
        assertEquals(shape(once.contacts()), shape(stored), "the contacts of one whole run");
        StoreChecks.assertIdentifiersUnique(direct, ws, stored);
        StoreChecks.assertReplayEqual(direct, ws, stored);
    }

    /** Each contact's identifiers, and the attributes set on it. */
    private static Map<String, String> shape(List<Contact> contacts) {
        return contacts.stream().collect(Collectors.toMap(
                c -> c.identifiers().stream().map(Object::toString).sorted().collect(Collectors.joining(",")),
                c -> c.attributes().keySet().stream().sorted().collect(Collectors.joining(",")), (a, b) -> a + "|" + b, TreeMap::new));
    }
}
