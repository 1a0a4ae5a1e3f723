package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two independent pools (8 connections each) race overlapping commands over a few hundred
 * identifiers; afterwards no identifier has two owners, no contact lost its identifiers, and the
 * stored state is exactly the sequential replay of the log (so no update was lost either).
 */
class ConcurrencyTest {

    private static final int COMMANDS = 360;
    private static final int IDENTIFIERS = 240;
    private static final int CONCURRENCY = 16;
    /** Rules that bite on these commands: blocked values and a pattern, limits per key, both merge caps. */
    static final IdentityRules RULES = IdentityRules.builder(IdentifierPolicy.defaults())
            .blocked("emailaddress", "person1@example.test").blockedPattern("emailaddress", "^person2[0-9]@")
            .blocked("crmId", "crm-3").maxPerContact("emailaddress", 2).maxPerContact("crmId", 1)
            .maxContactsPerMerge(3).maxMergesPerContact(5).build();
    private static PostgresContactProvider one;
    private static PostgresContactProvider two;
    private static PostgresContactProvider ruledOne;
    private static PostgresContactProvider ruledTwo;

    @BeforeAll
    static void open() {
        PostgresSettings settings = TestDatabase.freshSchema().toBuilder().poolInitialSize(8).poolMaxSize(8).build();
        one = new PostgresContactProvider(settings);
        two = new PostgresContactProvider(settings);
        one.migrate().block(Duration.ofSeconds(60));
        ruledOne = new PostgresContactProvider(settings.withRules(RULES));
        ruledTwo = new PostgresContactProvider(settings.withRules(RULES));
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
        ruledOne.close();
        ruledTwo.close();
    }

    /** The same race between two pools whose stores obey identity rules: the rules hold, and the log replays to the stored state. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void racingCommandsUnderIdentityRulesActAsIfOneAtATime(Strategy strategy) {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands(strategy, new Random(strategy.ordinal() * 4099L + 3));
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        // refused: a conflict under strict_alias, or every identifier blocked
        race(ruledOne, ruledTwo, ws, commands, applied, refused, e -> e instanceof ConflictException || e instanceof ValidationException);

        assertEquals(COMMANDS, applied.get() + refused.get());
        assertEquals(applied.get(), ruledOne.log(ws).count().block(Duration.ofSeconds(30)), "one log entry per accepted command");
        List<Contact> stored = StoreChecks.stored(ruledTwo, ws);
        StoreChecks.assertIdentifiersUnique(ruledOne, ws, stored);
        StoreChecks.assertRulesHold(ruledOne, ws, stored, RULES);
        assertTrue(ruledOne.log(ws).filter(e -> !e.audit().rulesFired().isEmpty()).hasElements().block(Duration.ofSeconds(30)),
                "the rules changed some decisions");
        StoreChecks.assertReplayEqual(ruledOne, ws, stored);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void racingCommandsActAsIfOneAtATime(Strategy strategy) {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands(strategy, new Random(strategy.ordinal() * 7919L + 17));
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        race(one, two, ws, commands, applied, conflicts, ConflictException.class::isInstance);

        assertEquals(COMMANDS, applied.get() + conflicts.get());
        assertTrue(strategy == Strategy.STRICT_ALIAS || conflicts.get() == 0, "only strict_alias refuses commands");
        assertEquals(applied.get(), one.log(ws).count().block(Duration.ofSeconds(30)), "one log entry per accepted command");
        List<Contact> stored = StoreChecks.stored(two, ws);
        StoreChecks.assertIdentifiersUnique(one, ws, stored);
        StoreChecks.assertReplayEqual(one, ws, stored);
    }

    /** The commands, alternately through each store, {@value #CONCURRENCY} at a time; each counted as applied or refused. */
    private static void race(PostgresContactProvider a, PostgresContactProvider b, String ws, List<UpsertCommand> commands,
                             AtomicInteger applied, AtomicInteger refused, java.util.function.Predicate<Throwable> refusal) {
        Flux.range(0, commands.size())
                .flatMap(i -> (i % 2 == 0 ? a : b).upsert(ws, commands.get(i))
                        .doOnNext(r -> applied.incrementAndGet())
                        .then()
                        .onErrorResume(refusal, e -> {
                            refused.incrementAndGet();
                            return Mono.empty();
                        }), CONCURRENCY)
                .blockLast(Duration.ofSeconds(150));
    }

    /** Commands of 1-3 identifiers drawn from a small pool (so they overlap), each writing attributes. */
    static List<UpsertCommand> commands(Strategy strategy, Random random) {
        List<UpsertCommand> out = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                int id = random.nextInt(IDENTIFIERS);
                if (id % 3 == 0) {
                    b.identifier("crmId", "crm-" + id);
                } else {
                    b.identifier("emailaddress", "person" + id + "@example.test");
                }
            }
            b.set("lastCommand", "c" + i);
            if (random.nextInt(4) == 0) {
                b.remove("nickname");
            } else if (random.nextInt(3) == 0) {
                b.set("nickname", "nick" + i);
            }
            if (random.nextInt(5) == 0) {
                b.addToList("list" + random.nextInt(4));
            }
            if (random.nextInt(6) == 0) {
                b.owner(random.nextBoolean() ? null : "owner" + i);
            }
            out.add(b.build(IdentifierPolicy.defaults()).get());
        }
        return out;
    }
}
