package io.contactkit.spark.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The command line's lines written by the driver while the replay runs: each replay partition is a job of its own,
 * submitted ahead, whose whole output ({@link Part}) comes to the driver as its task ends; the driver takes the linked
 * records' partitions first, then those of the records alone in record order, and writes each one's contact lines as
 * soon as it has it ({@link Blocks#merge}), while the executors replay the next ones. Nothing of the replay is kept on
 * the executors, and no job reads it again. Each contact's id number is counted as the lines go
 * ({@link Ranks.Builder#rankInOrder}): every partition's creating records are added before its lines are written, and
 * all the creating records below a record are in by then (the linked ones came first, and the records alone's
 * partitions come in record order).
 */
final class StreamedLines {

    private StreamedLines() {
    }

    /** One replay partition's output, gathered where it ran and sent to the driver whole. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The blocks of contact lines ({@link Replay}'s), in record order. */
        final List<byte[]> blocks = new ArrayList<>();
        /** The partition's counts and creating records ({@link Replay#totals}). */
        byte[] totals;
        /** The engine's rejections: ({@code record}, {@code code}, {@code data}) as {@link Replay#rejection} reads them. */
        final List<Row> engineRejects = new ArrayList<>();
        /** The mapping's rejections, {@link Schemas#REJECTED}, numbered. */
        final List<Row> mapRejects = new ArrayList<>();

        /** {@return the part of a replay partition's rows ({@link Schemas#REPLAYED}, the lines in blocks, no audit)} */
        static Part of(Iterator<Row> replayed) {
            Part p = new Part();
            while (replayed.hasNext()) {
                Row r = replayed.next();
                switch (r.getString(0)) {
                    case "T" -> p.totals = (byte[]) r.get(3);
                    case "R" -> p.engineRejects.add(RowFactory.create(r.getLong(1), r.getString(2), r.get(3)));
                    case "L", "G" -> p.blocks.add((byte[]) r.get(3));
                    default -> throw new IllegalStateException("a replay row of kind " + r.getString(0) + " where lines were streamed");
                }
            }
            if (p.totals == null) {
                throw new IllegalStateException("a replay partition without its totals");
            }
            return p;
        }
    }

    /**
     * What was written.
     *
     * @param totals   the six counts of every partition added: records, contacts, created, updated, merged, rejected
     * @param ranks    the contacts' id numbers
     * @param contacts contact lines written
     */
    record Written(long[] totals, Ranks ranks, long contacts) {
    }

    /**
     * Runs the replay a partition a job and writes the lines as the partitions come.
     *
     * @param linked    the linked records' parts, each partition in record order (all held on the driver while writing)
     * @param alone     the records alone's parts, each partition in record order and the partitions in record order
     * @param maxRecord the largest record number; record numbers dense ({@link Ranks#dense})
     * @param ahead     jobs of the records alone submitted ahead of the one being written
     * @param contacts  receives the contacts' lines
     * @param rejects   receives the rejects' lines (the mapping's and the engine's) in record order; null for none
     * @param meanwhile the driver's own work, run once the first jobs are submitted (while the executors replay)
     */
    static Written write(JavaRDD<Part> linked, JavaRDD<Part> alone, long maxRecord, int ahead, OutputStream contacts,
            OutputStream rejects, Runnable meanwhile) throws IOException {
        Ranks.Builder ranking = new Ranks.Builder(maxRecord, true);
        long[] totals = new long[6];
        List<Row> rejected = new ArrayList<>();
        List<Row> engineRejects = new ArrayList<>();
        ArrayDeque<JavaFutureAction<List<Part>>> pending = new ArrayDeque<>();
        try {
            int linkedParts = linked.getNumPartitions();
            for (int i = 0; i < linkedParts; i++) {
                pending.add(job(linked, i));
            }
            int aloneParts = alone.getNumPartitions();
            int[] submitted = {0};
            while (submitted[0] < Math.min(aloneParts, ahead)) {
                pending.add(job(alone, submitted[0]++));
            }
            meanwhile.run();
            List<byte[]> linkedBlocks = new ArrayList<>();
            for (int i = 0; i < linkedParts; i++) {
                linkedBlocks.addAll(counted(take(pending.poll()), totals, ranking, rejected, engineRejects).blocks);
            }
            Iterator<byte[]> aloneBlocks = new Iterator<>() {
                private int taken;
                private Iterator<byte[]> blocks = List.<byte[]>of().iterator();

                @Override
                public boolean hasNext() {
                    while (!blocks.hasNext() && taken < aloneParts) {
                        if (submitted[0] < aloneParts) {
                            pending.add(job(alone, submitted[0]++));
                        }
                        taken++;
                        blocks = counted(take(pending.poll()), totals, ranking, rejected, engineRejects).blocks.iterator();
                    }
                    return blocks.hasNext();
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return blocks.next();
                }
            };
            long written = Blocks.merge(linkedBlocks, aloneBlocks, ranking::rankInOrder, contacts);
            if (aloneBlocks.hasNext() || !pending.isEmpty()) {
                throw new IllegalStateException("replay partitions left after the lines were written");
            }
            if (written != totals[1]) {
                throw new IllegalStateException(written + " contact lines written for " + totals[1] + " contacts");
            }
            Ranks ranks = ranking.build();
            if (rejects != null) {
                for (Row r : engineRejects) {
                    rejected.add(Replay.rejection(r.getLong(0), r.getString(1), (byte[]) r.get(2), ranks));
                }
                Blocks.writeRejects(rejected, rejects);
            }
            return new Written(totals, ranks, written);
        } finally {
            for (JavaFutureAction<List<Part>> f : pending) {
                f.cancel(true);
            }
        }
    }

    /**
     * A part's counts and creating records added (before any of its lines is numbered) and its rejects gathered.
     * @return the part
     */
    private static Part counted(Part p, long[] totals, Ranks.Builder ranking, List<Row> rejected, List<Row> engineRejects) {
        Replay.totals(p.totals, totals, ranking);
        rejected.addAll(p.mapRejects);
        engineRejects.addAll(p.engineRejects);
        return p;
    }

    /** A job of one partition, submitted now. */
    private static JavaFutureAction<List<Part>> job(JavaRDD<Part> parts, int partition) {
        PartitionPruningRDD<Part> one = PartitionPruningRDD.create(parts.rdd(), new Only(partition));
        return JavaRDD.fromRDD(one, parts.classTag()).collectAsync();
    }

    /** The filter of one partition's index. */
    private static final class Only extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int partition;

        Only(int partition) {
            this.partition = partition;
        }

        @Override
        public Object apply(Object index) {
            return (Integer) index == partition;
        }
    }

    /** A job's one part, once its task has ended; the job's failure as the run's. */
    private static Part take(JavaFutureAction<List<Part>> job) {
        List<Part> parts = Jobs.await(job, "the replay ran");
        if (parts.size() != 1) {
            throw new IllegalStateException(parts.size() + " parts from one replay partition");
        }
        return parts.get(0);
    }
}
