package io.contactkit.spark.internal;

import io.contactkit.cli.engine.CsvParts;
import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * A CSV file read by the executors in parts ({@link CsvParts}), with exactly the records and numbers
 * the command-line tool's reader gives, in one pass: each part is read and its records mapped at once
 * into a block of bytes per piece ({@link RecordBlocks}), keyed by part and place ({@link Numbering#key}), and kept on
 * the executors (a local checkpoint of a few large arrays, not a row per record); the parts' counts, gathered as they are read, then number the keys. A part that
 * does not read to its end (a cut inside a quoted field) sends the whole file back to the driver's read.
 * The file must be readable at the same path by every executor: a local master, or a shared file system.
 */
public final class PartedRead {

    private PartedRead() {
    }

    /**
     * The outcome: the records, mapped and kept ({@link Schemas#BLOCKS}, each part in key order), their
     * numbering and how many parts; or why the file must be read whole.
     */
    public record Result(Dataset<Row> records, Numbering numbering, Pipeline.Counts counts, int parts, String refused) {
    }

    /**
     * Reads and keeps the file, then numbers it: {@link #start} and {@link Pending#finish} at once.
     *
     * @param mapping the CSV file's mapping (its header's)
     * @param rules   the run's identity rules (their blocked values link nobody)
     */
    public static Result csv(SparkSession spark, String file, long partBytes, RecordMapping mapping, IdentityRules rules) {
        return start(spark.sparkContext(), file, partBytes, mapping, rules).finish(spark);
    }

    /**
     * Starts the read: one job on the context alone (no SQL session needed), whose tasks read, map and keep the parts,
     * so that the caller may set up its session meanwhile; {@link Pending#finish} waits for it.
     *
     * @param mapping the CSV file's mapping (its header's)
     * @param rules   the run's identity rules (their blocked values link nobody)
     */
    public static Pending start(SparkContext context, String file, long partBytes, RecordMapping mapping, IdentityRules rules) {
        // each part read a piece at a time (its rows handed on before the next piece is read, so a task never holds a
        // whole part's rows at once): as many parts as pieces of partBytes, each a run of pieces of at most PIECE bytes
        long[] starts = CsvParts.starts(file, Math.min(partBytes, PIECE));
        long size = new java.io.File(file).length();
        int count = (int) Math.max(1, Math.min(starts.length, Math.round((double) size / partBytes)));
        List<List<long[]>> parts = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < starts.length; i++) {
            parts.get((int) ((long) i * count / starts.length)).add(new long[] {starts[i], i + 1 < starts.length ? starts[i + 1] : size});
        }
        // each part's count, once (a task run again adds its count again: kept by part), and any part's refusal
        CollectionAccumulator<long[]> counted = context.collectionAccumulator();
        CollectionAccumulator<String> refused = context.collectionAccumulator();
        // the blocks kept on the executors as they are made (a local checkpoint of an RDD: no SQL plan, no row conversion)
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(context).parallelize(parts, parts.size())
                .mapPartitionsWithIndex((Integer i, Iterator<List<long[]>> it) -> new Mapped(file, it.next(), i, mapping, rules, counted, refused), true);
        rows.rdd().localCheckpoint();
        return new Pending(rows, rows.countAsync(), counted, refused, parts.size());
    }

    /** A read under way: see {@link #start}. */
    public static final class Pending {
        private final JavaRDD<Row> rows;
        private final JavaFutureAction<Long> done;
        private final CollectionAccumulator<long[]> counted;
        private final CollectionAccumulator<String> refused;
        private final int parts;

        private Pending(JavaRDD<Row> rows, JavaFutureAction<Long> done, CollectionAccumulator<long[]> counted, CollectionAccumulator<String> refused,
                int parts) {
            this.rows = rows;
            this.done = done;
            this.counted = counted;
            this.refused = refused;
            this.parts = parts;
        }

        /** The read given up (the caller failed before {@link #finish}): its job cancelled. */
        public void cancel() {
            done.cancel(true);
        }

        /**
         * Waits for the read's job and gives its outcome: the kept blocks as {@link Schemas#BLOCKS}, numbered; or why the file must
         * be read whole.
         *
         * @throws org.apache.spark.SparkException (unchecked) as the job failed
         */
        public Result finish(SparkSession spark) {
            // the blocks as a Dataset: analyzed now (the session's SQL state set up, if it was not yet), read when a stage reads it
            Dataset<Row> records = spark.createDataFrame(rows, Schemas.BLOCKS);
            // and planned (its rows' conversion compiled) while the job runs: the next stage's read of it starts from there
            records.rdd();
            Jobs.await(done, "the parts were read");
            if (!refused.value().isEmpty()) {
                return new Result(null, null, null, parts, refused.value().get(0));
            }
            long[] counts = new long[parts];
            long[] rejected = new long[parts];
            for (long[] c : counted.value()) {
                counts[(int) c[0]] = c[1];
                rejected[(int) c[0]] = c[2];
            }
            long total = java.util.Arrays.stream(counts).sum();
            // numbered 1 to the total
            Pipeline.Counts known = new Pipeline.Counts(total, java.util.Arrays.stream(rejected).sum(), total);
            return new Result(records, Numbering.parts(counts), known, parts, null);
        }
    }

    /** Bytes of a piece at most: see {@link #csv}. */
    private static final long PIECE = 1L << 20;

    /** The part's records keyed and mapped as its pieces are read, one piece at a time, a block each; none after a piece that does not read to its end. */
    private static final class Mapped implements Iterator<Row> {
        private final String file;
        private final List<long[]> pieces;
        private final int part;
        private final RecordMapping mapping;
        private final IdentityRules rules;
        private final CollectionAccumulator<long[]> counted;
        private final CollectionAccumulator<String> refused;
        private final RecordBlocks.Builder block;
        private Row ready;
        private int next;
        private long place;
        private long rejects;
        private boolean failed;

        Mapped(String file, List<long[]> pieces, int part, RecordMapping mapping, IdentityRules rules, CollectionAccumulator<long[]> counted,
                CollectionAccumulator<String> refused) {
            this.file = file;
            this.pieces = pieces;
            this.part = part;
            this.mapping = mapping;
            this.rules = rules;
            this.counted = counted;
            this.refused = refused;
            this.block = new RecordBlocks.Builder(mapping, rules);
        }

        @Override
        public boolean hasNext() {
            while (ready == null && !failed && next < pieces.size()) {
                long[] r = pieces.get(next++);
                try {
                    CsvParts.read(file, r[0], r[1], cells -> {
                        long key = Numbering.key(part, ++place);
                        PreparedRecord p = mapping.cells(key, cells);
                        if (p.isRejected()) {
                            rejects++;
                        }
                        block.add(p, cells);
                    });
                } catch (RuntimeException e) {
                    refused.add(e.getMessage() == null ? e.toString() : e.getMessage());
                    failed = true;
                    return false;
                }
                if (next == pieces.size()) {
                    counted.add(new long[] {part, place, rejects});
                }
                if (!block.isEmpty()) {
                    ready = RowFactory.create((Object) block.take());
                }
            }
            return ready != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = ready;
            ready = null;
            return r;
        }
    }
}
