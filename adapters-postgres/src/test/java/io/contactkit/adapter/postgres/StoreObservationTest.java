package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contactkit.adapter.postgres.observation.DefaultStoreObservationConvention;
import io.contactkit.adapter.postgres.observation.StoreOperationContext;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The store's observations, retry events and log lines, against the tests' PostgreSQL server: one observation per
 * operation with the operation and its outcome as low-cardinality keys, no id or value in any key, a transaction started
 * over after a deadlock counted by its cause, migrations logged at INFO and a transaction given up at WARN.
 */
class StoreObservationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PostgresContactProvider.class);

    @BeforeEach
    void collect() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(context.getLowCardinalityKeyValue("operation").getValue() + " " + event.getName() + " "
                        + context.getLowCardinalityKeyValue("outcome").getValue());
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    private static UpsertCommand command(String... emails) {
        UpsertCommand.Builder b = UpsertCommand.builder();
        for (String e : emails) {
            b.identifier("emailaddress", e);
        }
        return b.set("firstName", "Ada").build(IdentifierPolicy.defaults()).get();
    }

    private PostgresSettings settings() {
        return TestDatabase.freshSchema().toBuilder().observationRegistry(registry).build();
    }

    /** Each stopped observation as {@code operation outcome}, in order. */
    private List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Observation.Context c : stopped) {
            assertEquals(DefaultStoreObservationConvention.NAME, c.getName());
            assertEquals("postgres", c.getLowCardinalityKeyValue("provider").getValue());
            out.add(c.getLowCardinalityKeyValue("operation").getValue() + " " + c.getLowCardinalityKeyValue("outcome").getValue());
        }
        return out;
    }

    @Test
    void everyOperationIsOneObservationNamingItsOperationAndOutcomeAndNoIdOrValue() {
        String ws = TestDatabase.workspace();
        List<String> secrets = new ArrayList<>(List.of(ws, "obs-a@example.test", "obs-b@example.test"));
        try (PostgresContactProvider store = new PostgresContactProvider(settings())) {
            store.migrate().block(TIMEOUT);
            UpsertResult created = store.upsert(ws, command("obs-a@example.test")).block(TIMEOUT);
            String id = created.contact().id();
            secrets.add(id);
            store.upsert(ws, command("obs-a@example.test", "obs-b@example.test")).block(TIMEOUT);
            Contact other = store.create(ws, command("obs-c@example.test")).block(TIMEOUT);
            secrets.add(other.id());
            store.update(ws, other.id(), command("obs-d@example.test")).block(TIMEOUT);
            store.get(ws, id).block(TIMEOUT);
            assertThrows(NotFoundException.class, () -> store.get(ws, "no-such-contact").block(TIMEOUT));
            store.search(ws, Identifier.of("emailaddress", "obs-a@example.test")).collectList().block(TIMEOUT);
            assertEquals(2, store.listPages(ws, ListQuery.builder().pageSize(1).build()).count().block(TIMEOUT));
            assertEquals(4L, store.log(ws).count().block(TIMEOUT));
            store.delete(ws, other.id()).block(TIMEOUT);
            store.split(ws, List.of(id), IdentityRules.NONE).block(TIMEOUT);
            assertThrows(ValidationException.class, () -> store.get(" ", id).block(TIMEOUT));
        }
        assertEquals(List.of("schema.migrate success", "contacts.upsert success", "contacts.upsert success", "contacts.create success",
                "contacts.update success", "contacts.get success", "contacts.get not_found", "contacts.search success",
                "contacts.list success", "contacts.list success", "log.list success", "contacts.delete success", "contacts.split success",
                "contacts.get validation"), operations());
        for (Observation.Context c : stopped) {
            List<KeyValue> all = new ArrayList<>();
            c.getLowCardinalityKeyValues().forEach(all::add);
            c.getHighCardinalityKeyValues().forEach(all::add);
            assertEquals(List.of("contactkit.attempts", "operation", "outcome", "provider"),
                    all.stream().map(KeyValue::getKey).sorted().toList(), "the keys of " + c);
            for (KeyValue kv : all) {
                for (String secret : secrets) {
                    assertFalse(kv.getValue().contains(secret), kv + " holds " + secret);
                }
            }
        }
    }

    @Test
    void aWriteUnderOtherRulesIsARulesMismatch() {
        String ws = TestDatabase.workspace();
        PostgresSettings settings = settings();
        IdentityRules other = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "x@example.test").build();
        try (PostgresContactProvider first = new PostgresContactProvider(settings);
             PostgresContactProvider second = new PostgresContactProvider(settings.withRules(other))) {
            first.upsert(ws, command("rm@example.test")).block(TIMEOUT);
            ConflictException e = assertThrows(ConflictException.class, () -> second.upsert(ws, command("rm@example.test")).block(TIMEOUT));
            assertEquals(PostgresContactProvider.RULES_MISMATCH, e.providerCode().orElseThrow());
        }
        assertEquals("contacts.upsert rules_mismatch", operations().get(operations().size() - 1));
    }

    @Test
    void aDedupeRunIsOneObservationWhateverItsRecords() {
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings())) {
            store.migrate().block(TIMEOUT);
            stopped.clear();
            PostgresDedupe run = PostgresDedupe.of(store, ws, Instant.parse("2026-01-01T00:00:00Z"));
            run.load().block(TIMEOUT);
            for (int i = 0; i < 300; i++) {
                run.apply(i + 1, command("run" + (i % 120) + "@example.test"));
            }
            run.commit().block(TIMEOUT);
            assertEquals(List.of("contacts.dedupe success"), operations());

            stopped.clear();
            PostgresDedupe aborted = PostgresDedupe.of(store, ws, Instant.parse("2026-01-02T00:00:00Z"));
            aborted.load().block(TIMEOUT);
            aborted.apply(1, command("gone@example.test"));
            aborted.abort().block(TIMEOUT);
            assertEquals(List.of("contacts.dedupe cancelled"), operations());
        }
    }

    @Test
    void anUnfinishedOperationsActiveTimerCarriesOnlyTheKeysKnownAtTheStartNeverAnOutcome() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        String ws = TestDatabase.workspace();
        String active = DefaultStoreObservationConvention.NAME + ".active";
        try (PostgresContactProvider store = new PostgresContactProvider(settings())) {
            store.migrate().block(TIMEOUT);
            PostgresDedupe run = PostgresDedupe.of(store, ws, Instant.parse("2026-01-03T00:00:00Z"));
            run.load().block(TIMEOUT);
            run.apply(1, command("active@example.test"));
            // the run is one operation, in flight from its load to its commit
            LongTaskTimer running = meters.get(active).tag("operation", "contacts.dedupe").longTaskTimer();
            assertEquals(1, running.activeTasks());
            assertEquals(List.of("operation", "provider"), running.getId().getTags().stream().map(Tag::getKey).sorted().toList());
            run.commit().block(TIMEOUT);
            assertEquals(0, running.activeTasks());
        }
        assertTrue(meters.find(active).tagKeys("outcome").longTaskTimers().isEmpty(), "no active timer has an outcome");
        assertEquals(1L, meters.get(DefaultStoreObservationConvention.NAME).tag("operation", "contacts.dedupe").tag("outcome", "success")
                .timer().count());
    }

    @Test
    void aDeadlockStartsTheTransactionOverAndIsCountedByItsCause() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        PostgresSettings settings = settings();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.upsert(ws, command("dl-a@example.test", "dl-b@example.test")).block(TIMEOUT);
            UpsertResult r = deadlock(settings, ws, store, "dl-a@example.test", "dl-b@example.test").get(60, TimeUnit.SECONDS);
            assertFalse(r.created());
            assertEquals(1, store.retries());
        }
        assertEquals(List.of("contacts.upsert retry deadlock"), events);
        assertEquals("contacts.upsert success", operations().get(operations().size() - 1));
        assertEquals("2", stopped.get(stopped.size() - 1).getHighCardinalityKeyValue("contactkit.attempts").getValue());
        Counter retries = meters.get("contactkit.store.operations.retry").tag("operation", "contacts.upsert").tag("outcome", "deadlock").counter();
        assertEquals(1.0, retries.count());
        assertEquals(2L, meters.get("contactkit.store.operations").tag("operation", "contacts.upsert").tag("outcome", "success").timer().count());
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == Level.DEBUG
                && e.getFormattedMessage().equals("postgres contacts.upsert: starting over: deadlock (40P01)")), String.valueOf(logs.list));
        // the line names its workspace as a key-value, not in its text
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().contains("starting over")
                && ws.equals(workspaceOf(e))), String.valueOf(logs.list));
    }

    @Test
    void aRegistrysOwnConventionExtendingTheDefaultHasTheCauseOnTheRetryCounterAndNoOutcomeOnTheActiveTimer() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.observationConfig().observationConvention(new TeamConvention()).observationHandler(new DefaultMeterObservationHandler(meters));
        PostgresSettings settings = settings();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.upsert(ws, command("rc-a@example.test", "rc-b@example.test")).block(TIMEOUT);
            deadlock(settings, ws, store, "rc-a@example.test", "rc-b@example.test").get(60, TimeUnit.SECONDS);
        }
        assertEquals(1.0, meters.get("contactkit.store.operations.retry").tag("team", "crm").tag("outcome", "deadlock").counter().count());
        assertEquals(2L, meters.get(DefaultStoreObservationConvention.NAME).tag("team", "crm").tag("outcome", "success").timer().count());
        assertTrue(meters.find(DefaultStoreObservationConvention.NAME + ".active").tagKeys("outcome").longTaskTimers().isEmpty());
        assertTrue(meters.find(DefaultStoreObservationConvention.NAME + ".active").tag("team", "crm").longTaskTimers().size() > 0);
    }

    /** A convention registered with the registry, as the store's documentation says: the default's keys and a team. */
    private static final class TeamConvention extends DefaultStoreObservationConvention
            implements GlobalObservationConvention<StoreOperationContext> {
        @Override
        public KeyValues getLowCardinalityKeyValues(StoreOperationContext context) {
            return super.getLowCardinalityKeyValues(context).and("team", "crm");
        }
    }

    @Test
    void aTransactionGivenUpAfterItsRetriesIsAWarningWithoutTrace() throws Exception {
        PostgresSettings settings = settings().toBuilder().maxRetries(0).build();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.upsert(ws, command("gu-a@example.test", "gu-b@example.test")).block(TIMEOUT);
            CompletableFuture<UpsertResult> pending = deadlock(settings, ws, store, "gu-a@example.test", "gu-b@example.test");
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pending.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ServerException, String.valueOf(e.getCause()));
        }
        assertEquals("contacts.upsert server", operations().get(operations().size() - 1));
        List<ILoggingEvent> warnings = logs.list.stream().filter(x -> x.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size(), String.valueOf(logs.list));
        assertEquals("postgres contacts.upsert: gave up after 1 attempts: deadlock (40P01)", warnings.get(0).getFormattedMessage());
        assertEquals(null, warnings.get(0).getThrowableProxy(), "an expected failure is logged without its stack trace");
        assertEquals(ws, workspaceOf(warnings.get(0)), "the workspace, as a key-value");
    }

    /** The event's {@code contactkit.workspace.id} key-value, or null. */
    private static String workspaceOf(ILoggingEvent e) {
        return e.getKeyValuePairs() == null ? null : e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("contactkit.workspace.id"))
                .map(kv -> String.valueOf(kv.value)).findFirst().orElse(null);
    }

    @Test
    void migrationsAppliedAreLoggedAtInfoWithoutCredentials() {
        PostgresSettings settings = settings();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            List<Integer> applied = store.migrate().block(TIMEOUT);
            store.migrate().block(TIMEOUT);
            List<ILoggingEvent> info = logs.list.stream().filter(x -> x.getLevel() == Level.INFO).toList();
            assertEquals(1, info.size(), "one line, for the migrations applied: " + logs.list);
            String line = info.get(0).getFormattedMessage();
            assertEquals("postgres: applied schema migrations " + applied + " to schema " + settings.schema() + " on " + settings.host() + ":"
                    + settings.port() + "/" + settings.database() + " (now version " + PostgresContactProvider.codeSchemaVersion() + ")", line);
            settings.password().ifPresent(p -> assertFalse(line.contains(p.reveal())));
            assertEquals(null, workspaceOf(info.get(0)), "migrations are the schema's, no workspace's");
        }
    }

    /**
     * Another session locks identifier b, the store's upsert of a and b locks a and waits for b, and the session then asks
     * for a: a deadlock, which the server breaks by aborting the store's transaction (the other session waits far longer
     * before it looks for one). The other session then rolls back; the store's transaction, if started over, goes through.
     */
    private static CompletableFuture<UpsertResult> deadlock(PostgresSettings settings, String ws, PostgresContactProvider store, String a,
                                                            String b) throws Exception {
        String table = settings.schema() + ".identifiers";
        try (Connection holder = MigrationTest.jdbc(); Connection admin = MigrationTest.jdbc()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SET LOCAL deadlock_timeout = '60s'");
                s.execute("SELECT 1 FROM " + table + " WHERE workspace = '" + ws + "' AND value = '" + b + "' FOR UPDATE");
            }
            CompletableFuture<UpsertResult> pending = store.upsert(ws, UpsertCommand.builder().identifier("emailaddress", a)
                    .identifier("emailaddress", b).set("lastName", "Lovelace").build(IdentifierPolicy.defaults()).get()).toFuture();
            boolean waiting = false;
            for (int i = 0; i < 1200 && !waiting; i++) {
                try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name = 'contactkit' AND wait_event_type = 'Lock'")) {
                    r.next();
                    waiting = r.getInt(1) > 0;
                }
                Thread.sleep(20);
            }
            assertTrue(waiting, "the store's transaction waits for b");
            try (Statement s = holder.createStatement()) {
                // waits until the server aborts the store's transaction, which held a
                s.execute("SELECT 1 FROM " + table + " WHERE workspace = '" + ws + "' AND value = '" + a + "' FOR UPDATE");
            }
            holder.rollback();
            return pending;
        }
    }
}
