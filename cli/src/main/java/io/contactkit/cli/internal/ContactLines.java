package io.contactkit.cli.internal;

import io.contactkit.domain.DedupContact;
import io.contactkit.domain.Deduplicator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a run's surviving contacts as NDJSON with every core: the calling thread has the engine
 * build the contacts in creation order (the engine is not thread-safe, so only this thread reads
 * it), workers turn batches of them into lines, and the calling thread writes the batches' lines in
 * order. The output is byte for byte what one {@link NdjsonWriter} writing contact after contact
 * gives. Bounded: a few batches per worker are in flight at most.
 */
final class ContactLines {

    /** About how many bytes one contact's line takes: sizes a batch's buffer. */
    private static final int BYTES_PER_CONTACT = 320;

    private final int workers;
    private final int batchSize;

    /**
     * @param workers   threads turning contacts into lines; at least 1
     * @param batchSize contacts per batch; at least 1
     */
    ContactLines(int workers, int batchSize) {
        this.workers = Math.max(1, workers);
        this.batchSize = Math.max(1, batchSize);
    }

    /** Writes every surviving contact of the engine to {@code out}, in creation order. */
    void write(Deduplicator engine, NdjsonWriter out) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "contactkit-write-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<ByteArrayOutputStream>> inFlight = new ArrayDeque<>();
        try {
            List<DedupContact> batch = new ArrayList<>(batchSize);
            engine.forEachContact(c -> {
                batch.add(c);
                if (batch.size() == batchSize) {
                    submit(pool, List.copyOf(batch), inFlight, out);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                submit(pool, List.copyOf(batch), inFlight, out);
            }
            while (!inFlight.isEmpty()) {
                out.lines(take(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void submit(ExecutorService pool, List<DedupContact> batch, ArrayDeque<Future<ByteArrayOutputStream>> inFlight, NdjsonWriter out) {
        // the oldest batch is written before another is queued: memory stays flat however many contacts
        while (inFlight.size() >= 2 * workers) {
            out.lines(take(inFlight.poll()));
        }
        inFlight.add(pool.submit(() -> lines(batch)));
    }

    private static ByteArrayOutputStream lines(List<DedupContact> batch) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(batch.size() * BYTES_PER_CONTACT);
        try (NdjsonWriter writer = new NdjsonWriter(buffer)) {
            for (DedupContact c : batch) {
                writer.contact(c.contact(), toArray(c.sourceRecords()));
            }
        }
        return buffer;
    }

    static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static ByteArrayOutputStream take(Future<ByteArrayOutputStream> lines) {
        return ParallelMapper.result(lines, "writing the contacts failed");
    }
}
