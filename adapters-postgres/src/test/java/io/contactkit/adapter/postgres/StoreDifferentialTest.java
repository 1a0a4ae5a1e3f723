package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AttributeValue;
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
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ValidationException;
import io.contactkit.testsupport.ManualClock;
import io.vavr.control.Either;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's two ways of writing, deduplication runs ({@link PostgresDedupe}, the bulk path) and single writes ({@code upsert},
 * {@code create}, {@code update}, {@code delete}), decide exactly as the in-memory engine fed the same commands in the same
 * order, under the same identity rules: generated sequences of several runs with single writes between them, over few values
 * and two or more identifiers a record (so that merges, conflicts and every rule happen often), all four strategies,
 * attribute sets and removals, memberships, owner and language, identifier removals and records the rules leave without
 * identifiers. Every command is decided alike (the same audit entry, or a refusal of the same kind); after every phase the
 * stored contacts equal the engine's (ids, which both draw from one supplier per command, and timestamps included; the
 * attributes in the same order); at the end the log holds every accepted command with its operation and decision and replays
 * to the stored state, every identifier has one owner, and the rules hold.
 */
class StoreDifferentialTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    private static final String[] LANGUAGES = {"en", "nl", "pt-BR"};

    /** Every kind of rule: blocked values and patterns, for a key and for every key, limits per key and for every key, both merge caps. */
    static final IdentityRules RULES = IdentityRules.builder(IdentifierPolicy.defaults())
            .blocked("emailaddress", "test@example.com")
            .blockedPattern("emailaddress", "^no-?reply@")
            .blocked("phonenumber", "+31201234560")
            .blocked("crmId", "crm-0")
            .blocked(IdentityRules.EVERY_KEY, "anonymous")
            .maxPerContact("emailaddress", 8)
            .maxPerContact("crmId", 2)
            .maxPerContact(IdentityRules.EVERY_KEY, 4)
            .maxContactsPerMerge(2)
            .maxMergesPerContact(3)
            .build();
    /** Tight merge caps: most merges reach one. */
    static final IdentityRules TIGHT = IdentityRules.builder(IdentifierPolicy.defaults())
            .blocked("emailaddress", "test@example.com")
            .maxContactsPerMerge(2)
            .maxMergesPerContact(2)
            .build();

    private static final AtomicReference<String> NEXT_ID = new AtomicReference<>();
    /** The clock of the store's single writes, moved to each command's instant. */
    private static final ManualClock CLOCK = new ManualClock(T0);
    private static final Map<IdentityRules, PostgresContactProvider> STORES = new java.util.HashMap<>();

    @BeforeAll
    static void open() {
        PostgresSettings settings = TestDatabase.freshSchema();
        for (IdentityRules rules : List.of(RULES, TIGHT, IdentityRules.NONE)) {
            // one id per command, the same however often the store draws it, so store and engine name contacts alike
            PostgresContactProvider store = new PostgresContactProvider(settings.withRules(rules), CLOCK, NEXT_ID::get);
            store.migrate().block(TIMEOUT);
            STORES.put(rules, store);
        }
    }

    @AfterAll
    static void close() {
        STORES.values().forEach(PostgresContactProvider::close);
    }

    /**
     * Generated sequences of 320 commands, each seed with another strategy most common: seed 4 under tight merge caps, 5 under
     * no rules, the others under every kind of rule.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 4, 5})
    void runsAndSingleWritesDecideAsTheEngine(long seed) {
        IdentityRules rules = seed == 4 ? TIGHT : seed == 5 ? IdentityRules.NONE : RULES;
        Random random = new Random(1000 + seed);
        Strategy usual = Strategy.values()[(int) (seed % Strategy.values().length)];
        List<Phase> phases = new ArrayList<>();
        int index = 0;
        boolean bulk = random.nextBoolean();
        while (index < 320) {
            int n = bulk ? 20 + random.nextInt(40) : 10 + random.nextInt(30);
            List<UpsertCommand> commands = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                commands.add(command(random, usual, index++));
            }
            phases.add(new Phase(bulk, commands));
            bulk = !bulk;
        }
        Stats stats = new Harness(STORES.get(rules), rules, new Random(seed)).play(phases);

        // the generated input did what it is for: merges in runs and by single writes, conflicts, records of their own, and
        // under rules, every kind of rule firing
        assertTrue(stats.mergesInRuns >= 5, "merges in runs: " + stats);
        assertTrue(stats.mergesBySingleWrites >= 1, "merges by single writes: " + stats);
        assertTrue(stats.ownContacts >= 1, "records of their own: " + stats);
        assertTrue(stats.refused >= 1, "commands refused: " + stats);
        if (rules == RULES) {
            for (String rule : List.of("identifiers.emailaddress.blocked", "identifiers.emailaddress.blockedPatterns",
                    "identifiers.phonenumber.blocked", "identifiers.*.blocked", "identifiers.crmId.maxPerContact",
                    "identifiers.*.maxPerContact", "merge.maxContactsPerMerge", "merge.maxMergesPerContact")) {
                assertTrue(stats.fired.getOrDefault(rule, 0) >= 1, rule + " never fired: " + stats);
            }
        } else if (rules == TIGHT) {
            assertTrue(stats.fired.getOrDefault("merge.maxMergesPerContact", 0) >= 3, "merges per contact capped: " + stats);
        }
    }

    /**
     * Values resolve by last write across runs and single writes: an attribute, owner and language removed in one run, then
     * the contact merged in a later run (and by a single write) with a contact whose values were written earlier: the
     * removals are the last writes and win, as in the engine; a value written after the removal wins over it.
     */
    @Test
    void removalsInOneRunAreLastWritesForAMergeInALaterRun() {
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase(true, List.of(
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "a@example.test").set("x", "a").set("y", "a")
                        .owner("oa").language("en").addToList("la").build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "b@example.test").set("x", "b").set("y", "b")
                        .owner("ob").language("nl").addToAccount("ab").build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "c@example.test").set("x", "c")
                        .build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "d@example.test").set("z", "d")
                        .build(IdentifierPolicy.defaults()).get())));
        // a's values removed, later than b's writes
        phases.add(new Phase(true, List.of(
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "a@example.test").remove("x").owner(null)
                        .language(null).removeFromList("la").build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "c@example.test").remove("x").remove("w")
                        .build(IdentifierPolicy.defaults()).get())));
        // b's y written again after a's removal of x
        phases.add(new Phase(false, List.of(
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "b@example.test").set("y", "b2")
                        .build(IdentifierPolicy.defaults()).get())));
        phases.add(new Phase(true, List.of(
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "a@example.test")
                        .identifier("emailaddress", "b@example.test").build(IdentifierPolicy.defaults()).get())));
        // c (x removed) and d (w never written, removal of it ignored) by a single write
        phases.add(new Phase(false, List.of(
                UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "d@example.test")
                        .identifier("emailaddress", "c@example.test").build(IdentifierPolicy.defaults()).get())));
        Harness harness = new Harness(STORES.get(IdentityRules.NONE), IdentityRules.NONE, null);
        Stats stats = harness.play(phases);
        assertEquals(1, stats.mergesInRuns);
        assertEquals(1, stats.mergesBySingleWrites);
        // what the engine decided, and the store with it
        List<Contact> stored = StoreChecks.stored(STORES.get(IdentityRules.NONE), harness.ws);
        assertEquals(2, stored.size());
        Contact ab = stored.get(0);
        assertEquals(Map.of("y", AttributeValue.of("b2")), ab.attributes(), ab.toString());
        assertTrue(ab.owner().isEmpty() && ab.language().isEmpty() && ab.lists().isEmpty() && ab.accounts().equals(List.of("ab")), ab.toString());
        assertEquals(Map.of("z", AttributeValue.of("d")), stored.get(1).attributes(), stored.get(1).toString());
    }

    /**
     * A contact's attributes stay in the order first written (Contact.attributes) whichever path writes them: one written
     * again later, one removed and written again, in single writes and in runs, the way the engine keeps them.
     */
    @Test
    void attributesKeepTheOrderFirstWrittenOnEveryPath() {
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase(false, List.of(
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("a", "1").set("b", "1")
                        .build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("a", "2")
                        .build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("c", "1")
                        .build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").remove("a")
                        .build(IdentifierPolicy.defaults()).get())));
        phases.add(new Phase(true, List.of(
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("b", "2")
                        .build(IdentifierPolicy.defaults()).get(),
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("a", "3")
                        .build(IdentifierPolicy.defaults()).get())));
        phases.add(new Phase(false, List.of(
                UpsertCommand.builder().identifier("emailaddress", "e@example.test").set("d", "1")
                        .build(IdentifierPolicy.defaults()).get())));
        Harness harness = new Harness(STORES.get(IdentityRules.NONE), IdentityRules.NONE, null);
        harness.play(phases);
        List<Contact> stored = StoreChecks.stored(STORES.get(IdentityRules.NONE), harness.ws);
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(stored.get(0).attributes().keySet()));
    }

    /** One phase: a deduplication run of the commands, or each command written alone. */
    record Phase(boolean bulk, List<UpsertCommand> commands) {
    }

    /** A command as logged: its operation and decision (none for a deletion). */
    record Entry(LoggedCommand.Operation operation, AuditEntry audit) {
    }

    /** What the commands did, for the checks that the generated input exercises what it should. */
    static final class Stats {
        int mergesInRuns;
        int mergesBySingleWrites;
        int ownContacts;
        int refused;
        final Map<String, Integer> fired = new TreeMap<>();

        @Override
        public String toString() {
            return "mergesInRuns=" + mergesInRuns + " mergesBySingleWrites=" + mergesBySingleWrites + " ownContacts=" + ownContacts
                    + " refused=" + refused + " fired=" + fired;
        }
    }

    /** Feeds phases to the engine and the store alike and compares them after each. */
    static final class Harness {
        private final PostgresContactProvider store;
        private final IdentityRules rules;
        /** Picks the kind of each single write and the runs' chunks; {@code null}: upserts only. */
        private final Random pick;
        private final String ws = TestDatabase.workspace();
        private final ContactBook engine;
        /** The operation and audit entry of every command the engine accepted, in order, as the log must hold them. */
        private final List<Entry> expected = new ArrayList<>();
        /** Every contact id ever created, merged away or not. */
        private final List<String> created = new ArrayList<>();
        private final Stats stats = new Stats();
        private int index;
        private Instant at = T0;

        Harness(PostgresContactProvider store, IdentityRules rules, Random pick) {
            this.store = store;
            this.rules = rules;
            this.pick = pick;
            this.engine = new ContactBook(ws, NEXT_ID::get, rules);
        }

        Stats play(List<Phase> phases) {
            for (int p = 0; p < phases.size(); p++) {
                Phase phase = phases.get(p);
                if (phase.bulk()) {
                    run(phase.commands());
                } else {
                    phase.commands().forEach(this::single);
                }
                String what = " after phase " + p + " (" + (phase.bulk() ? "a run" : "single writes") + ")";
                List<Contact> want = engine.contacts();
                List<Contact> got = StoreChecks.stored(store, ws);
                assertEquals(want, got, "the contacts" + what);
                // maps compare without their order: the attributes' order (the order first written, Contact.attributes) too
                assertEquals(attributeOrder(want), attributeOrder(got), "the order of the contacts' attributes" + what);
            }
            List<Contact> stored = StoreChecks.stored(store, ws);
            List<Entry> logged = new ArrayList<>();
            for (LoggedCommand e : store.log(ws).collectList().block(TIMEOUT)) {
                logged.add(new Entry(e.operation(), e.audit() == null ? null : PostgresRulesTest.renumbered(e.audit())));
                assertEquals(rules, e.rules(), "the rules logged with command " + e.seq());
            }
            assertEquals(expected, logged, "the operation and audit of every accepted command");
            StoreChecks.assertReplayEqual(store, ws, stored, true);
            StoreChecks.assertIdentifiersUnique(store, ws, stored);
            StoreChecks.assertRulesHold(store, ws, stored, rules);
            return stats;
        }

        /** The commands as one deduplication run, at one instant; the engine takes each as the run does. */
        private void run(List<UpsertCommand> commands) {
            at = at.plusSeconds(60);
            // small chunks, ranges and statements: the log goes in several COPY statements while the run decides, the contacts
            // are encoded a few creation positions at a time, and their new identifiers copied a few rows a statement
            int range = pick == null ? 3 : 1 + pick.nextInt(30);
            PostgresDedupe run = new PostgresDedupe(store, ws, at, pick == null ? 5 : 5 + pick.nextInt(20), range,
                    range * (pick == null ? 2 : 1 + pick.nextInt(3))).identifierCopies(pick == null ? 4 : 1 + pick.nextInt(20), 200);
            run.load().block(TIMEOUT);
            for (UpsertCommand command : commands) {
                int i = index++;
                NEXT_ID.set(id(i));
                // a difference the design documents, not a divergence: a record without identifiers (given so, or left so by
                // the rules) is a contact of its own in a deduplication run (PostgresDedupe.apply creates it), where an upsert
                // is refused; the engine is given such a record as the create the store logs it as
                boolean own = rules.withoutBlocked(command).identifiers().isEmpty();
                Either<UpsertFailure, UpsertOutcome> want = own ? engine.create(command, at) : engine.upsert(command, at);
                AuditEntry.Action got = run.apply(i + 1, command);
                if (want.isLeft()) {
                    assertEquals(AuditEntry.Action.REJECTED, got, "record " + i + ": " + want.getLeft().message());
                    stats.refused++;
                    continue;
                }
                AuditEntry audit = PostgresRulesTest.renumbered(engine.lastAudit(0));
                assertEquals(audit, PostgresRulesTest.renumbered(run.lastEntry(0)), "the decision of record " + i);
                accepted(own ? LoggedCommand.Operation.CREATE : LoggedCommand.Operation.UPSERT, audit, true);
                stats.ownContacts += own ? 1 : 0;
                if (run.wantsFlush()) {
                    run.flush().block(TIMEOUT);
                }
            }
            run.commit().block(TIMEOUT);
        }

        /**
         * The command written alone: mostly an upsert, some creates, some updates by id (of a live contact, or of one merged
         * away or deleted), now and then a deletion instead.
         */
        private void single(UpsertCommand command) {
            int i = index++;
            at = at.plusSeconds(1);
            CLOCK.advance(Duration.between(CLOCK.instant(), at));
            NEXT_ID.set(id(i));
            int kind = pick == null ? 10 : pick.nextInt(24);
            List<Contact> live = engine.contacts();
            String target = null;
            if ((kind < 3 || kind == 23) && !created.isEmpty()) {
                target = kind == 0 || live.isEmpty() ? created.get(pick.nextInt(created.size())) : live.get(pick.nextInt(live.size())).id();
            }
            LoggedCommand.Operation operation = target == null ? kind < 5 ? LoggedCommand.Operation.CREATE : LoggedCommand.Operation.UPSERT
                    : kind == 23 ? LoggedCommand.Operation.DELETE : LoggedCommand.Operation.UPDATE;
            String id = target;
            Either<UpsertFailure, Contact> want = switch (operation) {
                case CREATE -> engine.create(command, at).map(UpsertOutcome::contact);
                case UPDATE -> engine.update(id, command, at).map(UpsertOutcome::contact);
                case DELETE -> engine.delete(id);
                default -> engine.upsert(command, at).map(UpsertOutcome::contact);
            };
            Contact got = null;
            Throwable failure = null;
            try {
                got = switch (operation) {
                    case CREATE -> store.create(ws, command).block(TIMEOUT);
                    case UPDATE -> store.update(ws, id, command).block(TIMEOUT);
                    case DELETE -> store.delete(ws, id).then(reactor.core.publisher.Mono.<Contact>empty()).block(TIMEOUT);
                    default -> store.upsert(ws, command).block(TIMEOUT).contact();
                };
            } catch (ProviderException e) {
                failure = e;
            }
            String what = "command " + i + " (" + operation + (id == null ? "" : " of " + id) + ")";
            if (want.isLeft()) {
                UpsertFailure f = want.getLeft();
                Class<?> type = f instanceof UpsertFailure.Conflict ? ConflictException.class
                        : f instanceof UpsertFailure.NotFound ? NotFoundException.class : ValidationException.class;
                assertInstanceOf(type, failure, what + ": " + f.message());
                stats.refused++;
                return;
            }
            assertNull(failure, what + " was applied by the engine");
            if (operation == LoggedCommand.Operation.DELETE) {
                expected.add(new Entry(operation, null));
                return;
            }
            assertEquals(want.get(), got, what + ": the contact returned");
            accepted(operation, PostgresRulesTest.renumbered(engine.lastAudit(0)), false);
        }

        private void accepted(LoggedCommand.Operation operation, AuditEntry audit, boolean bulk) {
            expected.add(new Entry(operation, audit));
            if (audit.action() == AuditEntry.Action.CREATED) {
                created.add(audit.contactId());
            }
            if (!audit.contactsMerged().isEmpty()) {
                if (bulk) {
                    stats.mergesInRuns++;
                } else {
                    stats.mergesBySingleWrites++;
                }
            }
            audit.rulesFired().forEach(r -> stats.fired.merge(r, 1, Integer::sum));
        }

        private static List<String> attributeOrder(List<Contact> contacts) {
            return contacts.stream().map(c -> c.id() + " " + c.attributes().keySet()).toList();
        }

        /** Ids in the order of the commands (so in creation order). */
        private static String id(int i) {
            return String.format("k%05d", i);
        }
    }

    /**
     * A command over few values: mostly two identifiers (chains of contacts that merges join), some of them blocked, some
     * records with none or only blocked ones; attributes of every type set and removed, memberships, owner and language set
     * and removed, identifiers removed; the strategy mostly {@code usual}.
     */
    static UpsertCommand command(Random r, Strategy usual, int i) {
        while (true) {
            UpsertCommand.Builder b = UpsertCommand.builder()
                    .strategy(strategy(r, usual));
            int roll = r.nextInt(20);
            int n = roll == 0 ? 0 : roll < 2 ? 1 : roll < 12 ? 2 : 3;
            List<String[]> given = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                String[] id = identifier(r, i);
                given.add(id);
                b.identifier(id[0], id[1]);
            }
            if (r.nextInt(12) == 0) {
                String[] gone = identifier(r, i);
                if (given.stream().noneMatch(g -> g[0].equals(gone[0]) && g[1].equals(gone[1]))) {
                    b.removeIdentifier(gone[0], gone[1]);
                }
            }
            if (r.nextBoolean()) {
                b.set("last", "c" + i);
            }
            for (int k = r.nextInt(3); k > 0; k--) {
                b.set("a" + r.nextInt(4), value(r));
            }
            if (r.nextInt(6) == 0) {
                b.remove("a" + r.nextInt(4));
            }
            if (r.nextInt(6) == 0) {
                b.addToList("list" + r.nextInt(3));
            }
            if (r.nextInt(12) == 0) {
                b.removeFromList("list" + r.nextInt(3));
            }
            if (r.nextInt(8) == 0) {
                b.addToAccount("acct" + r.nextInt(3));
            }
            if (r.nextInt(14) == 0) {
                b.removeFromAccount("acct" + r.nextInt(3));
            }
            if (r.nextInt(8) == 0) {
                b.owner(r.nextInt(3) == 0 ? null : "owner" + r.nextInt(3));
            }
            if (r.nextInt(8) == 0) {
                b.language(r.nextInt(3) == 0 ? null : LANGUAGES[r.nextInt(LANGUAGES.length)]);
            }
            var built = b.build(IdentifierPolicy.defaults());
            if (built.isValid()) {
                return built.get();
            }
            // an invalid combination (an attribute both set and removed, say): another one
        }
    }

    /** Merges are what the bulk path keeps most state for: {@code merge} a good part of the time whatever the usual strategy. */
    private static Strategy strategy(Random r, Strategy usual) {
        int roll = r.nextInt(10);
        return roll < 5 ? Strategy.MERGE : roll < 8 ? usual : Strategy.values()[r.nextInt(Strategy.values().length)];
    }

    /**
     * An identifier drawn from a few values of three keys near the command's place in the sequence (a window that moves on,
     * so that new contacts keep appearing and later records keep joining them), now and then one the rules block.
     */
    private static String[] identifier(Random r, int i) {
        int kind = r.nextInt(100);
        if (kind < 3) {
            return new String[] {"emailaddress", "test@example.com"};
        } else if (kind < 6) {
            return new String[] {"emailaddress", (r.nextBoolean() ? "noreply" : "no-reply") + "@x" + r.nextInt(3) + ".example.test"};
        } else if (kind < 8) {
            return new String[] {"crmId", r.nextBoolean() ? "crm-0" : "anonymous"};
        } else if (kind < 10) {
            // +31201234560 is blocked
            return new String[] {"phonenumber", "+31201234560"};
        } else if (kind < 58) {
            // as given, not yet canonical, now and then
            return new String[] {"emailaddress", (r.nextInt(10) == 0 ? " P" : "p") + (i / 4 + r.nextInt(24)) + "@Example.test"};
        } else if (kind < 88) {
            return new String[] {"phonenumber", "+3120" + (2_000_000 + i / 5 + r.nextInt(16))};
        }
        // now and then a value COPY's text format must escape
        return new String[] {"crmId", (r.nextInt(8) == 0 ? "crm\\\u00e9-" : "crm-") + (1 + i / 6 + r.nextInt(6))};
    }

    private static AttributeValue value(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return AttributeValue.of(r.nextInt(100));
            case 1:
                // trailing zeros and more digits than a double holds: numbers are kept exactly
                return AttributeValue.of(r.nextBoolean() ? new BigDecimal(r.nextInt(1000)).movePointLeft(2)
                        : new BigDecimal("-1234567890123456789.50").add(BigDecimal.valueOf(r.nextInt(3))));
            case 2:
                return AttributeValue.of(r.nextBoolean());
            case 3:
                return AttributeValue.of(List.of(AttributeValue.of("x" + r.nextInt(3)), AttributeValue.of("y" + r.nextInt(3))));
            default:
                return AttributeValue.of("v" + r.nextInt(5) + " \t\\ caf\u00e9");
        }
    }
}
