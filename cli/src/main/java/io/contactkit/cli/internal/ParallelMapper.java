package io.contactkit.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads records on one thread and maps them (normalization is the expensive part) on several
 * workers, in batches, handing the batches back strictly in input order. Bounded: at most a few
 * batches per worker are in flight, and at most about {@value #MAX_IN_FLIGHT} records in all, so memory stays flat
 * however long the input.
 */
public final class ParallelMapper implements AutoCloseable {

    private static final Object END = new Object();

    private final RecordReader reader;
    private final RecordMapper mapper;
    private final int batchSize;
    private final ExecutorService workers;
    private final BlockingQueue<Object> batches;
    private final Thread readerThread;

    /** Batches read ahead per worker, unless the caller asks for another number. */
    static final int DEFAULT_AHEAD = 4;

    /**
     * Records in flight (read, being mapped, or mapped and waiting to be taken) at most, in all: where the batches asked
     * for would hold more, they are made smaller (not fewer, so that the workers still find work ahead). What is in flight
     * when a young collection runs is copied, and with objects promoted after one collection (the launcher's default for
     * an offline dedupe) copied into the old generation as garbage: a million-row dedupe (2 workers, 8 batches ahead each)
     * now takes batches of 1,024 instead of 2,048, some 16,000 records of about 550 bytes in flight instead of 33,000,
     * which is what lets the launcher give it a young generation of 192 MB instead of 320 (100 MB fewer pages touched):
     * with 33,000 in flight, its two more collections cost about 0.15 CPU-s.
     * A bound of 8,192 (batches of 512) left too little work queued: the threads waited on each other more, and the run
     * took 0.1-0.2 s more wall time in most rounds despite shorter pauses.
     */
    static final int MAX_IN_FLIGHT = 16_384;
    /** The smallest batch the bound above makes: below it the hand-over per batch would start to count. */
    static final int MIN_BATCH = 128;

    /**
     * @param workers   mapping threads; at least 1
     * @param batchSize records per batch; at least 1
     */
    public ParallelMapper(RecordReader reader, RecordMapper mapper, int workers, int batchSize) {
        this(reader, mapper, workers, batchSize, DEFAULT_AHEAD);
    }

    /**
     * @param workers   mapping threads; at least 1
     * @param batchSize records per batch at most (fewer when that many batches of it would put more than
     *                  {@value #MAX_IN_FLIGHT} records in flight, though not fewer than {@value #MIN_BATCH}); at least 1
     * @param ahead     batches per worker that may be read and mapped (or waiting to be taken) at once; at least 1.
     *                  Everything in flight when the collector runs is copied, and with objects promoted after one young
     *                  collection (the launcher's default for an offline dedupe) it is copied into the old generation
     */
    public ParallelMapper(RecordReader reader, RecordMapper mapper, int workers, int batchSize, int ahead) {
        if (workers < 1 || batchSize < 1 || ahead < 1) {
            throw new IllegalArgumentException("workers, batch size and batches ahead must be at least 1");
        }
        this.reader = reader;
        this.mapper = mapper;
        this.batchSize = batchSize(batchSize, workers, ahead);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "contactkit-map-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batches = new ArrayBlockingQueue<>(workers * ahead);
        this.readerThread = new Thread(this::read, "contactkit-read");
        this.readerThread.setDaemon(true);
        this.readerThread.start();
    }

    /** The records per batch: as asked, or fewer where {@code workers * ahead} batches would exceed the bound. */
    static int batchSize(int asked, int workers, int ahead) {
        long fits = MAX_IN_FLIGHT / ((long) workers * ahead);
        return (int) Math.min(asked, Math.max(MIN_BATCH, fits));
    }

    private void read() {
        try {
            while (true) {
                List<RawRecord> batch = new ArrayList<>(batchSize);
                RawRecord r;
                while (batch.size() < batchSize && (r = reader.next()) != null) {
                    batch.add(r);
                }
                if (!batch.isEmpty()) {
                    batches.put(workers.submit(() -> map(batch)));
                }
                if (batch.size() < batchSize) {
                    batches.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // handed to the consumer, which rethrows it: a reader thread that just died would leave it waiting forever
            try {
                batches.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Prepared> map(List<RawRecord> batch) {
        List<Prepared> out = new ArrayList<>(batch.size());
        for (RawRecord r : batch) {
            out.add(mapper.prepare(r));
        }
        return out;
    }

    /**
     * The next batch in input order, or null after the last.
     *
     * @throws CliFailure when the input failed (after every batch read before the failure)
     */
    public List<Prepared> next() {
        Object item;
        try {
            item = batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        }
        if (item == END) {
            batches.offer(END);
            return null;
        }
        if (item instanceof RuntimeException e) {
            batches.offer(e);
            throw e;
        }
        if (item instanceof Error e) {
            batches.offer(e);
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<Prepared> batch = result((Future<List<Prepared>>) item, "mapping a record failed");
        return batch;
    }

    /**
     * A worker's result, waited for; its failure is rethrown as it was thrown when unchecked.
     *
     * @param failed what an unexpected checked failure of the worker means, in words
     */
    static <T> T result(Future<T> work, String failed) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(failed, cause);
        }
    }

    /** Stops reading and mapping, and closes the input. */
    @Override
    public void close() {
        readerThread.interrupt();
        workers.shutdownNow();
        try {
            readerThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
