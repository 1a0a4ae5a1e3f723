package io.contactkit.spark.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The linked records (those in components of two or more, found on the driver) gathered by component in blocks of bytes,
 * without Spark's rows, exchange or sort: each partition of the read's blocks ({@link RecordBlocks}) writes its linked
 * records into one block per replay partition (the partition a function of the record's component alone, so a component
 * lands whole in one), the blocks are shuffled a block at a time (partition p to partition p), and each replay partition
 * merges its blocks by record ({@link #merged}): each block is in record order, as the read's partitions are.
 *
 * <p>A block: its records' count in 8 bytes, then for each record its key as a varint (the gap from the block's previous
 * key; the first one whole) and its carried command with its length.
 */
final class LinkedBlocks {

    private LinkedBlocks() {
    }

    /** The replay partition of a component (its smallest record) among {@code partitions}. */
    static int partition(long component, int partitions) {
        // record numbers are dense: spread them (a 64-bit mix) so neighbouring components spread too
        long h = component * 0x9E3779B97F4A7C15L;
        return Math.floorMod((int) (h ^ (h >>> 32)), partitions);
    }

    /** Writes records, keys increasing, into one block per replay partition. */
    static final class Writer {
        private final Wire.Out[] outs;
        private final long[] previous;
        private final long[] counts;

        Writer(int partitions) {
            outs = new Wire.Out[partitions];
            previous = new long[partitions];
            counts = new long[partitions];
        }

        /** Adds a record of {@code component}, its command the {@code length} bytes of {@code from} at {@code at}. */
        void add(long component, long key, byte[] from, int at, int length) {
            int p = partition(component, outs.length);
            Wire.Out out = outs[p];
            if (out == null) {
                // about the share of a block of records (the blocks are about a megabyte) a partition gets, so it grows a few times
                out = outs[p] = new Wire.Out(Math.max(1 << 14, Math.min(1 << 22, 2 * from.length / outs.length)));
                out.reserve(8);
            } else if (key <= previous[p]) {
                throw new IllegalStateException("linked record " + key + " after " + previous[p] + ": the records are not in key order");
            }
            out.varint(key - previous[p]).bytes(from, at, length);
            previous[p] = key;
            counts[p]++;
        }

        /** {@return the non-empty partitions' blocks, each with its partition} */
        List<Tuple2<Integer, byte[]>> blocks() {
            List<Tuple2<Integer, byte[]>> blocks = new ArrayList<>();
            for (int p = 0; p < outs.length; p++) {
                if (outs[p] != null) {
                    outs[p].setFixed64(0, counts[p]);
                    blocks.add(new Tuple2<>(p, outs[p].toBytes()));
                }
            }
            return blocks;
        }
    }

    /** The linked records of {@link Schemas#BLOCKS} rows, in key order, in blocks by replay partition of their component. */
    static Iterator<Tuple2<Integer, byte[]>> byPartition(Iterator<Row> blocks, Components.Local table, int partitions) {
        Writer w = new Writer(partitions);
        Components.Walk walk = table.walk();
        while (blocks.hasNext()) {
            RecordBlocks.linked((byte[]) blocks.next().get(0), table, walk, w);
        }
        return w.blocks().iterator();
    }

    /** One block read a record at a time. */
    private static final class Cursor {
        final Wire.In in;
        final long records;
        long key;

        Cursor(byte[] block) {
            in = new Wire.In(block);
            records = in.fixed64();
        }

        /** The next record's key read (its command next); false at the block's end. */
        boolean next() {
            if (in.atEnd()) {
                return false;
            }
            key += in.varint();
            return true;
        }
    }

    /**
     * A replay partition's records from its blocks, merged in record order, as ({@code record}: the key, {@code bytes}: the
     * carried command) rows made one at a time.
     *
     * @throws IllegalStateException when two blocks hold one record
     */
    static Merged merged(Iterator<byte[]> blocks) {
        return new Merged(blocks);
    }

    /** A replay partition's records, merged from its blocks: see {@link #merged}. */
    static final class Merged implements Iterator<Row> {
        private final PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> Long.compare(a.key, b.key));
        private final long records;
        private long last = Long.MIN_VALUE;

        private Merged(Iterator<byte[]> blocks) {
            long n = 0;
            while (blocks.hasNext()) {
                Cursor c = new Cursor(blocks.next());
                n += c.records;
                if (c.next()) {
                    queue.add(c);
                }
            }
            records = n;
        }

        /** {@return how many records the partition holds in all (what its engine is sized for)} */
        long records() {
            return records;
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public Row next() {
            Cursor c = queue.poll();
            if (c == null) {
                throw new NoSuchElementException();
            }
            if (c.key <= last) {
                throw new IllegalStateException("linked record " + c.key + " twice or out of order");
            }
            last = c.key;
            Row row = RowFactory.create(c.key, c.in.bytes());
            if (c.next()) {
                queue.add(c);
            }
            return row;
        }
    }
}
