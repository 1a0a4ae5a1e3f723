package io.contactkit.spark.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The components stage's shuffle in blocks of bytes instead of a Spark row per {@code (record, identifier)} pair:
 * each partition of records writes its pairs into one block per bucket (the bucket a function of the identifier's
 * {@link Prepare#hash hash} alone, so every carrier of an identifier lands in one bucket), the blocks are shuffled a
 * block at a time, each bucket contracts its pairs as {@link LocalLinks} does and gives its edges as one block, which
 * the driver reads into its union-find ({@link Components#onDriverBlocks}) or the rounds read as rows.
 *
 * <p>A pair block: for each pair, the gap from the block's previous record as a zigzag varint (records come in any
 * order), then the identifier's hash in 8 bytes. An edge block: for each edge, its record as a varint, then the
 * gap down to the smallest record of its group (positive) as a varint.
 */
final class PairBlocks {

    private PairBlocks() {
    }

    /** The bucket of an identifier's hash among {@code buckets}. */
    static int bucket(long id, int buckets) {
        // the hash's bits are already spread (XXH64); fold the high half in
        return Math.floorMod((int) (id ^ (id >>> 32)), buckets);
    }

    /** Writes pairs into one block per bucket. */
    static final class Writer implements LongPairs {
        private final Wire.Out[] outs;
        private final long[] previous;

        Writer(int buckets) {
            outs = new Wire.Out[buckets];
            previous = new long[buckets];
        }

        @Override
        public void accept(long record, long id) {
            int b = bucket(id, outs.length);
            Wire.Out out = outs[b];
            if (out == null) {
                out = outs[b] = new Wire.Out(1 << 12);
            }
            long gap = record - previous[b];
            out.varint((gap << 1) ^ (gap >> 63)).fixed64(id);
            previous[b] = record;
        }

        /** {@return the non-empty buckets' blocks, each with its bucket} */
        List<Tuple2<Integer, byte[]>> blocks() {
            List<Tuple2<Integer, byte[]>> blocks = new ArrayList<>();
            for (int b = 0; b < outs.length; b++) {
                if (outs[b] != null) {
                    blocks.add(new Tuple2<>(b, outs[b].toBytes()));
                }
            }
            return blocks;
        }
    }

    /** The pairs of {@link Schemas#PAIRS} rows, in blocks by bucket. */
    static Iterator<Tuple2<Integer, byte[]>> ofRows(Iterator<Row> pairs, int buckets) {
        Writer w = new Writer(buckets);
        while (pairs.hasNext()) {
            Row p = pairs.next();
            w.accept(p.getLong(0), p.getLong(1));
        }
        return w.blocks().iterator();
    }

    /** The pairs of the valid records of {@link Schemas#BLOCKS} rows ({@link RecordBlocks}), in blocks by bucket. */
    static Iterator<Tuple2<Integer, byte[]>> ofRecords(Iterator<Row> records, int buckets) {
        Writer w = new Writer(buckets);
        while (records.hasNext()) {
            RecordBlocks.pairs((byte[]) records.next().get(0), w);
        }
        return w.blocks().iterator();
    }

    /** Takes pairs or edges as they are read. */
    interface LongPairs {
        void accept(long a, long b);
    }

    /** Reads a pair block. */
    static void readPairs(byte[] block, LongPairs to) {
        Wire.In in = new Wire.In(block);
        long record = 0;
        while (!in.atEnd()) {
            long z = in.varint();
            record += (z >>> 1) ^ -(z & 1);
            to.accept(record, in.fixed64());
        }
    }

    /**
     * The pairs of a bucket's blocks contracted as {@link LocalLinks} contracts them: each record of a local group
     * but its smallest leaves as one edge to the smallest.
     *
     * @param edges counts the edges given, or null
     * @return one edge block
     */
    static byte[] edges(Iterator<byte[]> pairBlocks, LongAccumulator edges) {
        // the bucket's blocks in hand first, so its tables are sized once for their pairs (at least 9 bytes a pair): no
        // table grows and rehashes as they are read
        List<byte[]> blocks = new ArrayList<>();
        long bytes = 0;
        while (pairBlocks.hasNext()) {
            byte[] b = pairBlocks.next();
            blocks.add(b);
            bytes += b.length;
        }
        LocalLinks.Contraction contraction = new LocalLinks.Contraction((int) Math.min(1 << 26, bytes / 9));
        for (byte[] b : blocks) {
            readPairs(b, contraction);
        }
        LocalLinks.Groups groups = contraction.groups;
        Wire.Out out = new Wire.Out(1 << 12);
        long n = 0;
        for (int r = 0; r < groups.size; r++) {
            int root = groups.find(r);
            if (root != r) {
                out.varint(groups.records[r]).varint(groups.records[r] - groups.records[root]);
                n++;
            }
        }
        if (edges != null) {
            edges.add(n);
        }
        return out.toBytes();
    }

    /** Reads an edge block: each edge as (its record, the smallest record of its group). */
    static void readEdges(byte[] block, LongPairs to) {
        Wire.In in = new Wire.In(block);
        while (!in.atEnd()) {
            long record = in.varint();
            to.accept(record, record - in.varint());
        }
    }

    /** An edge block's edges as {@link Schemas#LINKS} rows. */
    static Iterator<Row> edgeRows(byte[] block) {
        List<Row> rows = new ArrayList<>();
        readEdges(block, (a, b) -> rows.add(RowFactory.create(a, b)));
        return rows.iterator();
    }
}
