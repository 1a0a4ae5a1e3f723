package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
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
    private static PostgresContactProvider one;
    private static PostgresContactProvider two;

    @BeforeAll
    static void open() {
        PostgresSettings settings = TestDatabase.freshSchema().toBuilder().poolInitialSize(8).poolMaxSize(8).build();
        one = new PostgresContactProvider(settings);
        two = new PostgresContactProvider(settings);
        one.migrate().block(Duration.ofSeconds(60));
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void racingCommandsActAsIfOneAtATime(Strategy strategy) {
        String ws = TestDatabase.workspace();
        List<UpsertCommand> commands = commands(strategy, new Random(strategy.ordinal() * 7919L + 17));
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Flux.range(0, commands.size())
                .flatMap(i -> (i % 2 == 0 ? one : two).upsert(ws, commands.get(i))
                        .doOnNext(r -> applied.incrementAndGet())
                        .then()
                        .onErrorResume(ConflictException.class, e -> {
                            conflicts.incrementAndGet();
                            return Mono.empty();
                        }), CONCURRENCY)
                .blockLast(Duration.ofSeconds(150));

        assertEquals(COMMANDS, applied.get() + conflicts.get());
        assertTrue(strategy == Strategy.STRICT_ALIAS || conflicts.get() == 0, "only strict_alias refuses commands");
        assertEquals(applied.get(), one.log(ws).count().block(Duration.ofSeconds(30)), "one log entry per accepted command");
        List<Contact> stored = StoreChecks.stored(two, ws);
        StoreChecks.assertIdentifiersUnique(one, ws, stored);
        StoreChecks.assertReplayEqual(one, ws, stored);
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
