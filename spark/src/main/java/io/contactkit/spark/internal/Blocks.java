package io.contactkit.spark.internal;

import io.contactkit.cli.engine.Lines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongUnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The surviving contacts' lines as the replay leaves them for a reader of the lines alone ({@link Replay}): blocks
 * of up to {@value Replay#BLOCK} contacts, each its creating record and the bytes of its line after the id. Written
 * in id order by the driver ({@link #write}), which only copies the blocks' bytes: the contacts of the records alone
 * come in record order partition after partition (the command line's reads), and those of the linked records, a
 * few sorted runs held on the driver, are merged into them.
 */
public final class Blocks {

    private final Dataset<Row> alone;
    private final Dataset<Row> grouped;
    private final Ranks ranks;
    private final long contacts;
    private final Dataset<Row> rejected;
    private final long rejectCount;
    private final Dataset<Row> ordered;

    /**
     * @param alone       the blocks ({@code data}) of the records alone, each partition in record order and the partitions in
     *                    record order one after the other
     * @param grouped     the blocks ({@code data}) of the linked records, each partition in record order (all held on the
     *                    driver while writing)
     * @param ranks       the contacts' id numbers
     * @param contacts    surviving contacts in all
     * @param rejected    {@link Schemas#REJECTED} rows, any order
     * @param rejectCount how many
     * @param ordered     the same as {@link Schemas#REJECTS} in record order, read when there are too many to sort on the driver
     */
    Blocks(Dataset<Row> alone, Dataset<Row> grouped, Ranks ranks, long contacts, Dataset<Row> rejected, long rejectCount, Dataset<Row> ordered) {
        this.alone = alone;
        this.grouped = grouped;
        this.ranks = ranks;
        this.contacts = contacts;
        this.rejected = rejected;
        this.rejectCount = rejectCount;
        this.ordered = ordered;
    }

    /** Rejects up to which they are gathered and sorted on the driver instead of sorted by Spark. */
    static final long DRIVER_REJECTS = 1_000_000;

    /** A block's contacts as rows of ({@code record}, {@code text}: the line after the id, {@code data}: null). */
    static Iterator<Row> rows(byte[] block) {
        List<Row> out = new ArrayList<>();
        Wire.In in = new Wire.In(block);
        while (!in.atEnd()) {
            long record = in.varint();
            int n = in.count();
            int from = in.skip(n);
            out.add(RowFactory.create(record, new String(block, from, n, StandardCharsets.UTF_8), null));
        }
        return out.iterator();
    }

    /**
     * Writes every contact's line, in id order, as {@code dedupe} writes them.
     *
     * @throws IllegalStateException if the blocks are not in the order described above, or hold another number of contacts
     */
    public void write(OutputStream out) throws IOException {
        // the linked records' contacts: runs in record order, one per partition
        List<byte[]> linked = new ArrayList<>();
        for (Row r : grouped.collectAsList()) {
            linked.add((byte[]) r.get(0));
        }
        Iterator<Row> it = alone.toLocalIterator();
        Iterator<byte[]> aloneBlocks = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public byte[] next() {
                return (byte[]) it.next().get(0);
            }
        };
        long written = merge(linked, aloneBlocks, ranks::of, out);
        if (written != contacts) {
            throw new IllegalStateException(written + " contact lines written for " + contacts + " contacts");
        }
    }

    /**
     * Writes the contacts' lines of blocks in record order: those of the records alone as {@code alone} gives them (in record
     * order, block after block), those of the linked records ({@code linked}: runs in record order) merged in by a heap of the
     * runs; each line's id number is {@code id} of its creating record, asked in increasing record order.
     *
     * @return the lines written
     * @throws IllegalStateException if the blocks are not in that order
     */
    static long merge(List<byte[]> linked, Iterator<byte[]> alone, LongUnaryOperator id, OutputStream out) throws IOException {
        Out lines = new Out(out);
        Entries entries = new Entries();
        for (byte[] b : linked) {
            entries.add(b);
        }
        PriorityQueue<int[]> runs = new PriorityQueue<>((x, y) -> Long.compare(entries.record[x[0]], entries.record[y[0]]));
        for (int i = 0, start = 0; i <= entries.size; i++) {
            if (i == entries.size || (i > start && entries.record[i] <= entries.record[i - 1])) {
                if (i > start) {
                    runs.add(new int[] {start, i});
                }
                start = i;
            }
        }
        Wire.In block = null;
        long written = 0;
        long previous = 0;
        long record = -1;
        int from = 0;
        int length = 0;
        while (true) {
            if (record < 0) {
                while ((block == null || block.atEnd()) && alone.hasNext()) {
                    block = new Wire.In(alone.next());
                }
                if (block != null && !block.atEnd()) {
                    record = block.varint();
                    length = block.count();
                    from = block.skip(length);
                }
            }
            int[] run = runs.peek();
            if (run != null && (record < 0 || entries.record[run[0]] < record)) {
                int i = run[0];
                previous = lines.contact(previous, id, entries.record[i], entries.blocks.get(entries.block[i]), entries.from[i], entries.length[i]);
                runs.poll();
                if (++run[0] < run[1]) {
                    runs.add(run);
                }
            } else if (record >= 0) {
                previous = lines.contact(previous, id, record, block.buffer(), from, length);
                record = -1;
            } else {
                break;
            }
            written++;
        }
        lines.flush();
        return written;
    }

    /** Writes every reject's line in record order, as {@code dedupe} writes them. */
    public void writeRejects(OutputStream out) throws IOException {
        if (rejectCount > DRIVER_REJECTS) {
            Iterator<Row> it = ordered.select("json").toLocalIterator();
            while (it.hasNext()) {
                out.write(it.next().getString(0).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            return;
        }
        writeRejects(new ArrayList<>(rejected.collectAsList()), out);
    }

    /** Writes {@link Schemas#REJECTED} rows' lines in record order (sorting {@code rows}), as {@code dedupe} writes them. */
    static void writeRejects(List<Row> rows, OutputStream out) throws IOException {
        rows.sort((x, y) -> Long.compare(x.getLong(0), y.getLong(0)));
        Lines lines = new Lines();
        for (Row r : rows) {
            out.write(lines.reject(r.getLong(0), r.getString(1), r.getString(2)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Contacts of blocks, decoded into arrays: record, block, and where the line's bytes are. */
    private static final class Entries {
        final List<byte[]> blocks = new ArrayList<>();
        long[] record = new long[1024];
        int[] block = new int[1024];
        int[] from = new int[1024];
        int[] length = new int[1024];
        int size;

        void add(byte[] b) {
            blocks.add(b);
            Wire.In in = new Wire.In(b);
            while (!in.atEnd()) {
                if (size == record.length) {
                    int n = size * 2;
                    record = Arrays.copyOf(record, n);
                    block = Arrays.copyOf(block, n);
                    from = Arrays.copyOf(from, n);
                    length = Arrays.copyOf(length, n);
                }
                record[size] = in.varint();
                length[size] = in.count();
                from[size] = in.skip(length[size]);
                block[size] = blocks.size() - 1;
                size++;
            }
        }
    }

    /** The lines written through a buffer of their own: {@code {"id":"c<number>"}, then the line's bytes and a newline. */
    private static final class Out {
        private static final byte[] HEAD = "{\"id\":\"c".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private final byte[] digits = new byte[20];
        private int at;

        Out(OutputStream out) {
            this.out = out;
        }

        /** @return {@code record}, after checking it follows {@code previous} */
        long contact(long previous, LongUnaryOperator ids, long record, byte[] b, int from, int length) throws IOException {
            if (record <= previous) {
                throw new IllegalStateException("contact of record " + record + " after record " + previous + ": blocks out of order");
            }
            long id = ids.applyAsLong(record);
            int d = digits.length;
            do {
                digits[--d] = (byte) ('0' + id % 10);
                id /= 10;
            } while (id > 0);
            put(HEAD, 0, HEAD.length);
            put(digits, d, digits.length - d);
            put(QUOTE, 0, 1);
            put(b, from, length);
            put(NEWLINE, 0, 1);
            return record;
        }

        private static final byte[] QUOTE = {'"'};
        private static final byte[] NEWLINE = {'\n'};

        private void put(byte[] b, int from, int length) throws IOException {
            if (length > buf.length - at) {
                flush();
                if (length > buf.length) {
                    out.write(b, from, length);
                    return;
                }
            }
            System.arraycopy(b, from, buf, at, length);
            at += length;
        }

        void flush() throws IOException {
            out.write(buf, 0, at);
            at = 0;
        }
    }
}
