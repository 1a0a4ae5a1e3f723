package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code dedupe} makes its engine on a thread of its own while the first batches are read and mapped
 * ({@link DedupeCommand#applyAsMade}): the batches that come first are held, then applied in input order, and the result is
 * exactly that of applying every batch to an engine made before.
 */
class EngineMadeAsideTest {

    private static final Instant AS_OF = Instant.parse("2026-12-07T10:00:00Z");

    /**
     * Records whose outcome depends on their order: each person's three records, spread over the input, with a shared line
     * that merges neighbours under {@code merge}, and a rejected record now and then.
     */
    private static List<List<Prepared>> batches(int count, int size) {
        List<List<Prepared>> out = new ArrayList<>();
        List<Prepared> batch = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            int person = (n * 7) % (count / 3);
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.EMAIL, "p" + person + "@example.test");
            if (n % 5 == 0) {
                b.identifier(Identifier.PHONE, "+1415555" + String.format("%04d", person / 2));
            }
            batch.add(n % 17 == 0 ? Prepared.rejected(n, "invalid_identifier", "record " + n)
                    : Prepared.valid(n, b.set("n", String.valueOf(n)).build(IdentifierPolicy.defaults()).get()));
            if (batch.size() == size) {
                out.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    /** The engine's contacts, each with its identifiers, values and records, and its summary; with the rejects written. */
    private static String outcome(Deduplicator engine, ByteArrayOutputStream rejects) {
        StringBuilder s = new StringBuilder(engine.summary().toString()).append('\n');
        engine.forEachContact(0, engine.contactNumbers(), (c, records) -> s.append(c).append(' ').append(java.util.Arrays.toString(records)).append('\n'));
        return s + rejects.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String applied(List<List<Prepared>> input, FutureTask<Deduplicator> making, int early, List<Long> progress) {
        ByteArrayOutputStream rejects = new ByteArrayOutputStream();
        Iterator<List<Prepared>> it = input.iterator();
        Deduplicator engine;
        try (NdjsonWriter writer = new NdjsonWriter(rejects)) {
            engine = DedupeCommand.applyAsMade(() -> it.hasNext() ? it.next() : null, making, early, progress::add, writer, null);
        }
        return outcome(engine, rejects);
    }

    private static String madeBefore(List<List<Prepared>> input) {
        FutureTask<Deduplicator> made = new FutureTask<>(() -> new Deduplicator("dedupe", AS_OF, 16));
        made.run();
        return applied(input, made, 32, new ArrayList<>());
    }

    /** An engine made on a thread of its own after {@code millis}. */
    private static FutureTask<Deduplicator> madeAfter(long millis) {
        FutureTask<Deduplicator> making = new FutureTask<>(() -> {
            Thread.sleep(millis);
            return new Deduplicator("dedupe", AS_OF, 16);
        });
        new Thread(making).start();
        return making;
    }

    @Test
    void theBatchesThatComeBeforeTheEngineAreHeldThenAppliedInOrder() {
        List<List<Prepared>> input = batches(3000, 100);
        CountDownLatch fourTaken = new CountDownLatch(1);
        FutureTask<Deduplicator> making = new FutureTask<>(() -> new Deduplicator("dedupe", AS_OF, 16));
        List<List<Prepared>> slow = new ArrayList<>(input);
        // the engine is made only once the fourth batch has been taken, on a thread of its own
        Thread maker = new Thread(() -> {
            try {
                assertTrue(fourTaken.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            making.run();
        });
        maker.start();
        Iterator<List<Prepared>> it = slow.iterator();
        int[] taken = {0};
        ByteArrayOutputStream rejects = new ByteArrayOutputStream();
        Deduplicator engine;
        try (NdjsonWriter writer = new NdjsonWriter(rejects)) {
            engine = DedupeCommand.applyAsMade(() -> {
                if (++taken[0] == 4) {
                    assertFalse(making.isDone(), "three batches came before the engine");
                    fourTaken.countDown();
                }
                return it.hasNext() ? it.next() : null;
            }, making, 32, n -> { }, writer, null);
        }
        assertEquals(madeBefore(input), outcome(engine, rejects));
    }

    @Test
    void pastItsBoundItWaitsForTheEngineAndTheResultIsTheSame() {
        List<List<Prepared>> input = batches(3000, 100);
        FutureTask<Deduplicator> making = madeAfter(200);
        List<Long> progress = new ArrayList<>();
        assertEquals(madeBefore(input), applied(input, making, 2, progress));
        assertEquals(3000L, progress.get(progress.size() - 1));
    }

    @Test
    void largerInputsHoldMoreBatchesWhileTheirLargerTablesAreMade() {
        assertEquals(32, DedupeCommand.earlyBatches(16));
        assertEquals(32, DedupeCommand.earlyBatches(1_000_000));
        assertEquals(32, DedupeCommand.earlyBatches(1_999_999));
        assertEquals(64, DedupeCommand.earlyBatches(2_000_000));
        assertEquals(160, DedupeCommand.earlyBatches(5_000_000));
        assertEquals(256, DedupeCommand.earlyBatches(1 << 24));
    }

    @Test
    void anInputThatEndsBeforeTheEngineIsMadeIsAppliedAllTheSame() {
        List<List<Prepared>> input = batches(150, 100);
        FutureTask<Deduplicator> making = madeAfter(100);
        assertEquals(madeBefore(input), applied(input, making, 32, new ArrayList<>()));
    }
}
