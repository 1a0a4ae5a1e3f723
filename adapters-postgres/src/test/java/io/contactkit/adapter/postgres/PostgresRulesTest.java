package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ValidationException;
import io.vavr.control.Either;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store under identity rules decides exactly as the in-memory engine (the engine of the
 * {@code memory} provider) under the same rules: the same contacts, and the same audit entry for
 * every command, for generated sequences under every strategy; the rules hold on what is stored; and
 * instances with other rules than a workspace's are refused.
 */
class PostgresRulesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    static final IdentityRules RULES = IdentityRules.builder(IdentifierPolicy.defaults())
            .blocked("emailaddress", "test@example.com")
            .blockedPattern("emailaddress", "^no-?reply@")
            .blocked("crmId", "crm-0")
            .maxPerContact("emailaddress", 2)
            .maxPerContact("crmId", 1)
            .maxContactsPerMerge(3)
            .maxMergesPerContact(4)
            .build();

    private static PostgresSettings settings;
    private static PostgresContactProvider store;
    private static final AtomicReference<String> NEXT_ID = new AtomicReference<>();

    @BeforeAll
    static void open() {
        settings = TestDatabase.freshSchema().withRules(RULES);
        // one id per command, the same however often the store draws it (a group-commit attempt that
        // found an identifier taken draws again), so store and engine name contacts alike
        store = new PostgresContactProvider(settings, Clock.fixed(AT, ZoneOffset.UTC), NEXT_ID::get);
        store.migrate().block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void theStoreDecidesAsTheInMemoryEngineUnderTheSameRules(Strategy strategy) {
        String ws = TestDatabase.workspace();
        ContactBook engine = new ContactBook(ws, NEXT_ID::get, RULES);
        List<AuditEntry> expected = new ArrayList<>();
        List<UpsertCommand> commands = commands(strategy, new Random(31L * strategy.ordinal() + 5));
        Random pick = new Random(strategy.ordinal());
        for (int i = 0; i < commands.size(); i++) {
            UpsertCommand command = commands.get(i);
            NEXT_ID.set("c" + i);
            // mostly upserts; some creates and updates by id, which obey blocked values and limits too
            List<Contact> live = engine.contacts();
            String target = i % 9 == 4 && !live.isEmpty() ? live.get(pick.nextInt(live.size())).id() : null;
            boolean create = target == null && i % 11 == 6;
            Either<UpsertFailure, UpsertOutcome> want = target != null ? engine.update(target, command, AT)
                    : create ? engine.create(command, AT) : engine.upsert(command, AT);
            Throwable failure = null;
            try {
                if (target != null) {
                    store.update(ws, target, command).block(TIMEOUT);
                } else if (create) {
                    store.create(ws, command).block(TIMEOUT);
                } else {
                    store.upsert(ws, command).block(TIMEOUT);
                }
            } catch (ProviderException e) {
                failure = e;
            }
            if (want.isRight()) {
                assertEquals(null, failure, "command " + i + " was applied by the engine");
                expected.add(renumbered(engine.lastAudit(0)));
            } else {
                Class<?> type = want.getLeft() instanceof UpsertFailure.Conflict ? ConflictException.class : ValidationException.class;
                assertInstanceOf(type, failure, "command " + i + ": " + want.getLeft().message());
            }
        }
        List<Contact> stored = StoreChecks.stored(store, ws);
        assertEquals(engine.contacts(), stored, "the contacts, in creation order");
        List<AuditEntry> logged = new ArrayList<>();
        for (LoggedCommand e : store.log(ws).collectList().block(TIMEOUT)) {
            logged.add(renumbered(e.audit()));
            assertEquals(RULES, e.rules(), "the rules logged with command " + e.seq());
        }
        assertEquals(expected, logged, "the audit of every accepted command");
        assertTrue(logged.stream().anyMatch(a -> !a.rulesFired().isEmpty()), "the rules changed some decisions");
        assertTrue(logged.stream().anyMatch(a -> a.identifiersSkipped().stream().anyMatch(k -> k.identifier().value().matches("no-?reply@.*"))),
                "the blocked pattern kept some no-reply address off a contact");
        StoreChecks.assertRulesHold(store, ws, stored, RULES);
        StoreChecks.assertReplayEqual(store, ws, stored, true);
        StoreChecks.assertIdentifiersUnique(store, ws, stored);
    }

    /**
     * A deduplication run into the store keeps each contact's count of merges, as single writes do, so that a cap on merges
     * per contact holds across runs and the writes after them: deterministic runs first (a contact that absorbed one in the
     * first run absorbs no more in the second), then generated commands in several runs with single upserts between them,
     * under a blocked value, a limit and both merge caps, against the in-memory engine fed every command in order.
     */
    @Test
    void deduplicationRunsKeepTheCountsOfMergesForTheCapInLaterRuns() {
        IdentityRules capped = IdentityRules.builder(IdentifierPolicy.defaults()).maxMergesPerContact(1).build();
        try (PostgresContactProvider cappedStore = new PostgresContactProvider(settings.withRules(capped))) {
            String ws = TestDatabase.workspace();
            UpsertCommand a = merge("a@example.test", "+31201234561");
            UpsertCommand b = merge("b@example.test", "+31201234562");
            UpsertCommand c = merge("c@example.test", "+31201234563");
            dedupe(cappedStore, ws, List.of(a, b, merge("a@example.test", "+31201234562")));
            dedupe(cappedStore, ws, List.of(c, merge("a@example.test", "+31201234563")));
            List<Contact> stored = StoreChecks.stored(cappedStore, ws);
            assertEquals(2, stored.size(), "c stays apart: a's contact absorbed b's in the first run " + stored);
            StoreChecks.assertRulesHold(cappedStore, ws, stored, capped);
        }

        IdentityRules two = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "test@example.com")
                .maxPerContact("emailaddress", 6).maxContactsPerMerge(3).maxMergesPerContact(3).build();
        try (PostgresContactProvider cappedStore = new PostgresContactProvider(settings.withRules(two))) {
            String ws = TestDatabase.workspace();
            java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
            ContactBook engine = new ContactBook(ws, () -> "e" + ids.incrementAndGet(), two);
            // two identifiers a record, drawn from few values: chains of contacts that merges join
            Random random = new Random(77);
            List<UpsertCommand> commands = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE)
                        .identifier("emailaddress", random.nextInt(40) == 0 ? "test@example.com" : "p" + random.nextInt(90) + "@example.test")
                        .identifier("crmId", "crm-" + random.nextInt(90));
                commands.add(b.set("last", "r" + i).build(IdentifierPolicy.defaults()).get());
            }
            int third = commands.size() / 3;
            for (int run = 0; run < 3; run++) {
                List<UpsertCommand> part = commands.subList(run * third, run == 2 ? commands.size() : (run + 1) * third);
                // the run's first few commands one at a time, the rest as one deduplication run
                int single = Math.min(5, part.size());
                for (UpsertCommand command : part.subList(0, single)) {
                    engine.upsert(command, AT);
                    try {
                        cappedStore.upsert(ws, command).block(TIMEOUT);
                    } catch (ProviderException e) {
                        // refused as the engine refuses it: compared through the contacts below
                    }
                }
                dedupe(cappedStore, ws, part.subList(single, part.size()));
                // as a deduplication run takes a record: one left without identifiers by the rules is a contact of its own
                part.subList(single, part.size()).forEach(command -> {
                    if (two.withoutBlocked(command).identifiers().isEmpty()) {
                        engine.create(command, AT);
                    } else {
                        engine.upsert(command, AT);
                    }
                });
            }
            List<Contact> stored = StoreChecks.stored(cappedStore, ws);
            assertEquals(PostgresDedupeTest.groups(engine.contacts()), PostgresDedupeTest.groups(stored),
                    "runs and single writes give the engine's contacts under the cap");
            StoreChecks.assertRulesHold(cappedStore, ws, stored, two);
        }
    }

    private static void dedupe(PostgresContactProvider store, String ws, List<UpsertCommand> commands) {
        PostgresDedupe run = new PostgresDedupe(store, ws, AT, 37);
        run.load().block(TIMEOUT);
        PostgresDedupeTest.decide(run, commands, 0);
        run.commit().block(TIMEOUT);
    }

    private static UpsertCommand merge(String email, String phone) {
        return UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", email).identifier("phonenumber", phone)
                .build(IdentifierPolicy.defaults()).get();
    }

    @Test
    void anInstanceWithOtherRulesIsRefusedAndWritesNothing() {
        String ws = TestDatabase.workspace();
        NEXT_ID.set("first");
        store.upsert(ws, command(Strategy.MERGE, "emailaddress", "ann@example.test")).block(TIMEOUT);
        IdentityRules other = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "bo@example.test").build();
        try (PostgresContactProvider stranger = new PostgresContactProvider(settings.withRules(other), Clock.fixed(AT, ZoneOffset.UTC),
                () -> "stranger")) {
            for (UpsertCommand c : List.of(command(Strategy.MERGE, "emailaddress", "cy@example.test"),
                    command(Strategy.MERGE, "emailaddress", "ann@example.test"))) {
                ConflictException e = org.junit.jupiter.api.Assertions.assertThrows(ConflictException.class, () -> stranger.upsert(ws, c).block(TIMEOUT));
                assertEquals(PostgresContactProvider.RULES_MISMATCH, e.providerCode().orElseThrow());
                assertTrue(e.getMessage().contains(ws), e.getMessage());
                assertEquals(false, e.isRetryable());
            }
            assertEquals(RULES, stranger.workspaceRules(ws).block(TIMEOUT));
            assertEquals(1, StoreChecks.stored(store, ws).size(), "nothing written by the refused instance");
            assertEquals(1L, store.log(ws).count().block(TIMEOUT));
            // another workspace is the stranger's to claim
            String own = TestDatabase.workspace();
            stranger.upsert(own, command(Strategy.MERGE, "emailaddress", "bo@example.test")).onErrorResume(x -> reactor.core.publisher.Mono.empty())
                    .block(TIMEOUT);
            assertEquals(other, stranger.workspaceRules(own).block(TIMEOUT));
        }
    }

    static UpsertCommand command(Strategy strategy, String key, String value) {
        return UpsertCommand.builder().strategy(strategy).identifier(key, value).set("n", value).build(IdentifierPolicy.defaults()).get();
    }

    static AuditEntry renumbered(AuditEntry a) {
        return new AuditEntry(0, a.action(), a.contactId(), a.contactsMerged(), a.identifiersSkipped(), a.code(), a.message(),
                a.matchedBy(), a.identifiersAdded(), a.rulesFired());
    }

    /**
     * Commands of 1-4 identifiers over a small pool (so they overlap, merge and reach the limits), some
     * blocked, some removing an identifier, each writing an attribute.
     */
    static List<UpsertCommand> commands(Strategy strategy, Random random) {
        List<UpsertCommand> out = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                int pick = random.nextInt(100);
                if (pick < 5) {
                    b.identifier("emailaddress", "test@example.com");
                } else if (pick < 9) {
                    b.identifier("emailaddress", (random.nextBoolean() ? "noreply" : "no-reply") + "@x" + random.nextInt(3) + ".example.test");
                } else if (pick < 30) {
                    b.identifier("crmId", "crm-" + random.nextInt(12));
                } else {
                    b.identifier("emailaddress", "person" + random.nextInt(70) + "@example.test");
                }
            }
            b.set("last", "c" + i);
            if (random.nextInt(10) == 0) {
                b.removeIdentifier("emailaddress", "person" + random.nextInt(70) + "@example.test");
            }
            if (random.nextInt(5) == 0) {
                b.addToList("list" + random.nextInt(3));
            }
            // a command removing an identifier it also gives is invalid: left out
            b.build(IdentifierPolicy.defaults()).forEach(out::add);
        }
        return out;
    }
}
