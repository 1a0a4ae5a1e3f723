package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The group-commit path for new contacts: two independent pools race bursts of commands, most naming
 * identifiers nobody has seen, some naming the same new identifier at once, some naming identifiers
 * written before, and some creates that must be refused. Each command keeps its own result and error;
 * statements did carry several commands; afterwards no identifier has two owners and the stored state
 * is exactly the sequential replay of the log.
 */
class GroupCommitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void burstsOfNewContactsAreWrittenTogetherEachWithItsOwnResult() {
        PostgresSettings settings = TestDatabase.freshSchema().toBuilder().poolInitialSize(4).poolMaxSize(8).writeBatches(2).build();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider one = new PostgresContactProvider(settings);
             PostgresContactProvider two = new PostgresContactProvider(settings)) {
            one.migrate().block(TIMEOUT);
            List<UpsertCommand> upserts = new ArrayList<>();
            List<UpsertCommand> creates = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                UpsertCommand.Builder b = UpsertCommand.builder().identifier("emailaddress", "new" + i + "@example.test").set("n", "v" + i);
                if (i % 10 == 3) {
                    b.identifier("emailaddress", "new" + (i - 3) + "@example.test");   // written before, or racing it
                }
                if (i % 25 == 7) {
                    b.identifier("crmId", "shared-" + (i % 2));                          // the same new identifier at once
                }
                upserts.add(b.build(IdentifierPolicy.defaults()).get());
                if (i % 40 == 0) {
                    // a create of an identifier an upsert of this burst also names: exactly one of them creates it
                    creates.add(UpsertCommand.builder().identifier("emailaddress", "new" + i + "@example.test")
                            .build(IdentifierPolicy.defaults()).get());
                }
            }
            AtomicInteger applied = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            Flux<Mono<?>> work = Flux.range(0, upserts.size()).map(i -> (i % 2 == 0 ? one : two).upsert(ws, upserts.get(i))
                    .doOnNext(r -> applied.incrementAndGet()));
            Flux<Mono<?>> creating = Flux.range(0, creates.size()).map(i -> (i % 2 == 0 ? two : one).create(ws, creates.get(i))
                    .doOnNext(r -> applied.incrementAndGet())
                    .onErrorResume(ConflictException.class, e -> {
                        refused.incrementAndGet();
                        return Mono.empty();
                    }));
            Flux.merge(work, creating).flatMap(m -> m, 32).blockLast(TIMEOUT);

            assertEquals(upserts.size() + creates.size(), applied.get() + refused.get());
            assertEquals(applied.get(), one.log(ws).count().block(TIMEOUT), "one log entry per accepted command");
            long[] a = one.groupCommits();
            long[] b = two.groupCommits();
            long statements = a[0] + b[0];
            long written = a[1] + b[1];
            assertTrue(written > statements, "statements carried several commands: " + written + " commands in " + statements + " statements");
            List<Contact> stored = StoreChecks.stored(two, ws);
            StoreChecks.assertIdentifiersUnique(one, ws, stored);
            StoreChecks.assertReplayEqual(one, ws, stored);
        }
    }

    /**
     * A command naming an identifier the instance saw committed takes the transaction at once, without
     * a group-commit statement that would leave it out; another instance, which has not seen it, tries
     * the group commit first; both give the same contact.
     */
    @Test
    void aCommandNamingAKnownIdentifierSkipsTheGroupCommitAttempt() {
        PostgresSettings settings = TestDatabase.freshSchema();
        String ws = TestDatabase.workspace();
        try (PostgresContactProvider one = new PostgresContactProvider(settings);
             PostgresContactProvider two = new PostgresContactProvider(settings)) {
            one.migrate().block(TIMEOUT);
            UpsertCommand first = UpsertCommand.builder().identifier("emailaddress", "known@example.test").build(IdentifierPolicy.defaults()).get();
            assertTrue(one.upsert(ws, first).block(TIMEOUT).created());
            assertEquals(1, one.groupCommits()[0]);
            UpsertCommand more = UpsertCommand.builder().identifier("emailaddress", "known@example.test").identifier("emailaddress", "more@example.test")
                    .set("n", "1").build(IdentifierPolicy.defaults()).get();
            assertTrue(!one.upsert(ws, more).block(TIMEOUT).created());
            assertEquals(1, one.groupCommits()[0], "no group-commit statement for a known identifier");
            UpsertCommand again = UpsertCommand.builder().identifier("emailaddress", "more@example.test").set("n", "2")
                    .build(IdentifierPolicy.defaults()).get();
            assertTrue(!two.upsert(ws, again).block(TIMEOUT).created());
            assertEquals(1, two.groupCommits()[0], "an instance that has not seen it tries the group commit, which leaves it out");
            assertEquals(0, two.groupCommits()[1]);
            List<Contact> stored = StoreChecks.stored(one, ws);
            assertEquals(1, stored.size());
            StoreChecks.assertReplayEqual(one, ws, stored);
        }
    }
}
