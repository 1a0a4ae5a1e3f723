package io.contactkit.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Reads records on one thread and maps them (normalization is the expensive part) in batches, handing the batches back
 * strictly in input order. Bounded: at most a few batches per mapping thread are in flight, and at most about
 * {@value #MAX_IN_FLIGHT} records in all, so memory stays flat however long the input.
 *
 * <p>Two ways to share the work:
 * <ul>
 * <li>{@linkplain #ParallelMapper(RecordReader, RecordMapper, int, int, int) workers}: the reading thread only reads, and
 * the given number of threads map;</li>
 * <li>{@linkplain #sharing sharing}, for a consumer with CPU to spare (an offline engine): the reading thread maps too,
 * and so does the consumer, each batch by whoever claims it first. The reader leaves a batch it has read for the others
 * while no more than one per other mapping thread is left unclaimed, and maps it itself otherwise; the consumer maps the
 * batch it needs next when nobody has claimed it. Besides the reader and the consumer, {@code cores - 2} threads map
 * (none on two cores), so that the busy threads match the cores. With a reader, two mappers and
 * the engine on two cores, the four took turns on them and each paid for the others' data in its caches: a million-row
 * {@code crm} dedupe spent about 0.15 CPU-s more, and 0.15 s more wall (BENCHMARKS.md, section 2).</li>
 * </ul>
 */
public final class ParallelMapper implements AutoCloseable {

    private static final Object END = new Object();

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

    private final RecordReader reader;
    private final Function<RawRecord, Prepared> mapper;
    private final int batchSize;
    // the threads that only map (none when sharing on two cores), and how many
    private final ExecutorService workers;
    private final int workerCount;
    // whether the reader and the consumer map too
    private final boolean sharing;
    private final BlockingQueue<Object> batches;
    // batches the reader left for others that nobody has claimed yet
    private final AtomicInteger open = new AtomicInteger();
    private final Thread readerThread;

    /** A batch read: mapped once, by whoever claims it first. */
    private final class Batch {
        // dropped once mapped, so that a batch waiting to be taken holds only its commands when a collection runs
        private List<RawRecord> records;
        private final boolean leftOpen;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<List<Prepared>> mapped = new CompletableFuture<>();

        Batch(List<RawRecord> records, boolean leftOpen) {
            this.records = records;
            this.leftOpen = leftOpen;
        }

        /** Maps the batch unless another thread claimed it first. */
        void claimAndMap() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            if (leftOpen) {
                open.decrementAndGet();
            }
            List<RawRecord> read = records;
            records = null;
            try {
                mapped.complete(map(read));
            } catch (RuntimeException | Error e) {
                mapped.completeExceptionally(e);
            }
        }
    }

    /**
     * The reading thread only reads; {@code workers} threads map.
     *
     * @param workers   mapping threads; at least 1
     * @param batchSize records per batch; at least 1
     */
    public ParallelMapper(RecordReader reader, RecordMapper mapper, int workers, int batchSize) {
        this(reader, mapper, workers, batchSize, DEFAULT_AHEAD);
    }

    /**
     * The reading thread only reads; {@code workers} threads map.
     *
     * @param workers   mapping threads; at least 1
     * @param batchSize records per batch at most (fewer when that many batches of it would put more than
     *                  {@value #MAX_IN_FLIGHT} records in flight, though not fewer than {@value #MIN_BATCH}); at least 1
     * @param ahead     batches per worker that may be read and mapped (or waiting to be taken) at once; at least 1.
     *                  Everything in flight when the collector runs is copied, and with objects promoted after one young
     *                  collection (the launcher's default for an offline dedupe) it is copied into the old generation
     */
    public ParallelMapper(RecordReader reader, RecordMapper mapper, int workers, int batchSize, int ahead) {
        this(reader, mapper::prepare, workers, workers, false, batchSize, ahead);
    }

    /**
     * The reading thread, the consumer (the thread that calls {@link #next()}) and {@code cores - 2} more threads map,
     * each batch by whoever claims it first (see the class's comment).
     *
     * @param cores     the cores to keep busy; at least 1
     * @param batchSize records per batch at most, bounded as for the constructor; at least 1
     * @param ahead     batches per core that may be in flight at once; at least 1
     */
    public static ParallelMapper sharing(RecordReader reader, RecordMapper mapper, int cores, int batchSize, int ahead) {
        return sharing(reader, (Function<RawRecord, Prepared>) mapper::prepare, cores, batchSize, ahead);
    }

    /** {@link #sharing(RecordReader, RecordMapper, int, int, int)} with any mapping (for tests: to see which thread maps). */
    static ParallelMapper sharing(RecordReader reader, Function<RawRecord, Prepared> mapper, int cores, int batchSize, int ahead) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1");
        }
        return new ParallelMapper(reader, mapper, Math.max(0, cores - 2), cores, true, batchSize, ahead);
    }

    /** {@code mappers}: the threads that map in all, which the batches in flight are counted against. */
    private ParallelMapper(RecordReader reader, Function<RawRecord, Prepared> mapper, int workers, int mappers, boolean sharing, int batchSize,
            int ahead) {
        if (workers < (sharing ? 0 : 1) || batchSize < 1 || ahead < 1) {
            throw new IllegalArgumentException("workers, batch size and batches ahead must be at least 1");
        }
        this.reader = reader;
        this.mapper = mapper;
        this.batchSize = batchSize(batchSize, mappers, ahead);
        this.sharing = sharing;
        this.workerCount = workers;
        AtomicInteger n = new AtomicInteger();
        this.workers = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "contactkit-map-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batches = new ArrayBlockingQueue<>(mappers * ahead);
        this.readerThread = new Thread(this::read, "contactkit-read");
        this.readerThread.setDaemon(true);
        this.readerThread.start();
    }

    /** The records per batch: as asked, or fewer where {@code mappers * ahead} batches would exceed the bound. */
    static int batchSize(int asked, int mappers, int ahead) {
        long fits = MAX_IN_FLIGHT / ((long) mappers * ahead);
        return (int) Math.min(asked, Math.max(MIN_BATCH, fits));
    }

    private void read() {
        try {
            while (true) {
                List<RawRecord> records = new ArrayList<>(batchSize);
                RawRecord r;
                while (records.size() < batchSize && (r = reader.next()) != null) {
                    records.add(r);
                }
                if (!records.isEmpty()) {
                    hand(records);
                }
                if (records.size() < batchSize) {
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

    /** Queues a batch for the consumer, and maps it here or leaves it to the others. */
    private void hand(List<RawRecord> records) throws InterruptedException {
        // sharing: left for the others while no more than one per other mapping thread waits unclaimed, mapped here otherwise
        boolean leave = !sharing || open.get() <= workerCount;
        if (leave) {
            open.incrementAndGet();
        }
        Batch batch = new Batch(records, leave);
        batches.put(batch);
        if (!leave) {
            batch.claimAndMap();
        } else if (workers != null) {
            workers.execute(batch::claimAndMap);
        }
    }

    private List<Prepared> map(List<RawRecord> batch) {
        List<Prepared> out = new ArrayList<>(batch.size());
        for (RawRecord r : batch) {
            out.add(mapper.apply(r));
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
        Batch batch = (Batch) item;
        if (sharing) {
            batch.claimAndMap();
        }
        return result(batch.mapped, "mapping a record failed");
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
        if (workers != null) {
            workers.shutdownNow();
        }
        try {
            readerThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
