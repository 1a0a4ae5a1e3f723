package io.contactkit.cli.internal;

import io.contactkit.domain.Deduplicator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.exc.JacksonIOException;

/**
 * Writes a run's surviving contacts as NDJSON with every core: the contact numbers are cut into
 * contiguous ranges, a worker per core writes the lines of a range into a buffer of its own ({@link ContactLineBuffer},
 * which writes them directly, not through a JSON generator), reading
 * each contact in place from the engine, which no longer changes (no contact object is built), and the calling thread
 * writes the buffers in order. The output is byte for byte what one {@link NdjsonWriter} writing
 * the contacts one after another gives. Bounded: a few ranges per worker are in flight at most, and
 * their buffers are used again.
 */
final class ContactLines {

    /** About how many bytes one contact's line takes, with room to spare (a buffer that grows is copied): sizes a buffer the first time. */
    private static final int BYTES_PER_CONTACT = 400;

    private final int workers;
    private final int rangeSize;

    /**
     * @param workers   threads building and writing ranges; at least 1
     * @param rangeSize contact numbers per range; at least 1
     */
    ContactLines(int workers, int rangeSize) {
        this.workers = Math.max(1, workers);
        this.rangeSize = Math.max(1, rangeSize);
    }

    /** Writes every surviving contact of the engine to {@code out}, in creation order; {@code out} is not flushed. */
    void write(Deduplicator engine, OutputStream out) {
        int numbers = engine.contactNumbers();   // on this thread, before any worker reads the engine
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "contactkit-write-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ConcurrentLinkedQueue<ContactLineBuffer> free = new ConcurrentLinkedQueue<>();
        ArrayDeque<Future<ContactLineBuffer>> inFlight = new ArrayDeque<>();
        try {
            for (int from = 0; from < numbers; from += rangeSize) {
                // the oldest range is written before another is queued: memory stays flat however many contacts
                while (inFlight.size() >= 2 * workers) {
                    drain(inFlight.poll(), out, free);
                }
                int start = from;
                int end = (int) Math.min(numbers, (long) from + rangeSize);
                inFlight.add(pool.submit(() -> lines(engine, start, end, free)));
            }
            while (!inFlight.isEmpty()) {
                drain(inFlight.poll(), out, free);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ContactLineBuffer lines(Deduplicator engine, int from, int to, ConcurrentLinkedQueue<ContactLineBuffer> free) {
        ContactLineBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = new ContactLineBuffer(rangeSize * BYTES_PER_CONTACT);
        }
        engine.viewContacts(from, to, buffer::contact);
        return buffer;
    }

    private static void drain(Future<ContactLineBuffer> range, OutputStream out, ConcurrentLinkedQueue<ContactLineBuffer> free) {
        ContactLineBuffer buffer = ParallelMapper.result(range, "writing the contacts failed");
        try {
            buffer.writeTo(out);
        } catch (IOException e) {
            throw JacksonIOException.construct(e);   // as the writer itself reports a failed write
        }
        buffer.reset();
        free.offer(buffer);
    }
}
