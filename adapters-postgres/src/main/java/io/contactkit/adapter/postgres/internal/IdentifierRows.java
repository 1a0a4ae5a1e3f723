package io.contactkit.adapter.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * New identifier rows of a deduplication run, held compactly and written sorted by key and value,
 * the order of the identifiers' primary key (the value's UTF-8 bytes, the order of PostgreSQL's
 * {@code "C"} collation: in any other collation the rows are still nearly in index order), as rows of
 * {@code COPY}'s binary format (the server parses no text for them).
 *
 * <p>Sorted rows reach the B-tree at its right edge, one after the other, instead of each at a random
 * page: for a million identifiers the server's work on the index is several times smaller. Each
 * row costs about its value's length plus ten bytes here (a million rows, some 40 MB), not the
 * Strings and objects of a list of records, and each owner its id's {@code COPY} column, encoded
 * once however many rows it owns. The bytes are kept in blocks of at most {@value #BLOCK} bytes
 * that are never copied to grow: a run's memory holds the rows once, not the rows and a larger copy
 * of them. Not thread-safe.
 */
public final class IdentifierRows {

    /** Bytes per block once the first block has grown to it; a longer record gets a block of its own. */
    static final int BLOCK = 1 << 22;
    private static final int BLOCK_BITS = 22;
    /** Blocks a position can name: with {@link #BLOCK} bytes each, about 2 GB. */
    private static final int MAX_BLOCKS = 1 << (31 - BLOCK_BITS);

    // a row's record: owner (int; -1: none), key code (short), value length (int), value's UTF-8 bytes;
    // an owner's record: its column's length (int), its column. A position is a block's number and an offset in it.
    private byte[][] blocks = {new byte[1 << 12]};
    private int used;
    private int[] at = new int[1024];
    private int count;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int[] rank;
    /** Each key's column, encoded once. */
    private byte[][] encodedKeys = new byte[0][];
    /**
     * The rows in runs, in the order added: run {@code r} holds rows {@code runStart[r]} to {@code runStart[r + 1]} (or
     * {@link #count}), already sorted when {@code runSorted[r]} (the rows of a sorted set {@linkplain #addAll added}).
     */
    private int[] runStart = new int[16];
    private boolean[] runSorted = new boolean[16];
    private int runs;
    private int[] ownerAt = new int[64];
    private int ownerCount;
    /** Encodes an owner's column (its field in {@code COPY}'s binary format) before it is copied into a block. */
    private final CopyRows column = CopyRows.binary(64);

    /**
     * Numbers an owner: the next number, from 0.
     *
     * @param id the owning contact's id
     * @return its number, for {@link #add}
     */
    public int owner(String id) {
        column.clear();
        column.text(id);
        column.endPart();
        int p = reserve(4 + column.size());
        putInt(p, column.size());
        System.arraycopy(column.array(), 0, blockAt(p), offset(p) + 4, column.size());
        if (ownerCount == ownerAt.length) {
            ownerAt = Arrays.copyOf(ownerAt, ownerCount * 2);
        }
        ownerAt[ownerCount] = p;
        return ownerCount++;
    }

    /**
     * Adds a row.
     *
     * @param key the identifier's key
     * @param value the identifier's value
     * @param owner the number {@link #owner} gave the owning contact, or -1 for none
     * @throws IllegalArgumentException when no owner has that number
     */
    public void add(String key, String value, int owner) {
        if (owner < -1 || owner >= ownerCount) {
            throw new IllegalArgumentException("no owner numbered " + owner);
        }
        int code = codeOf(key);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (runs == 0 || runSorted[runs - 1]) {
            startRun(false);
        }
        int p = reserve(10 + v.length);
        if (count == at.length) {
            at = Arrays.copyOf(at, count * 2);
        }
        at[count++] = p;
        byte[] b = blockAt(p);
        int o = offset(p);
        putInt(p, owner);
        b[o + 4] = (byte) (code >> 8);
        b[o + 5] = (byte) code;
        putInt(p + 6, v.length);
        System.arraycopy(v, 0, b, o + 10, v.length);
        rank = null;
    }

    /**
     * Adds every owner and then every row of another set, in the order they were added there: the same rows as {@link #owner}
     * called for each of its owners and then {@link #add} for each of its rows (the owners numbered after this set's).
     *
     * @param other rows added elsewhere (a range of contacts, say); when {@linkplain #sort sorted} there, its rows come in its
     *              sorted order, and {@link #sort} here only merges them with the rest
     */
    public void addAll(IdentifierRows other) {
        int ownerOffset = ownerCount;
        if (ownerCount + other.ownerCount > ownerAt.length) {
            ownerAt = Arrays.copyOf(ownerAt, Math.max(ownerAt.length * 2, ownerCount + other.ownerCount));
        }
        for (int o = 0; o < other.ownerCount; o++) {
            ownerAt[ownerCount++] = copyIn(other, other.ownerAt[o], 4 + other.getInt(other.ownerAt[o]));
        }
        int[] code = new int[other.keys.size()];
        for (int k = 0; k < code.length; k++) {
            code[k] = codeOf(other.keys.get(k));
        }
        if (count + other.count > at.length) {
            at = Arrays.copyOf(at, Math.max(at.length * 2, count + other.count));
        }
        // a sorted set adds its rows in its sorted order, as one run that the sort then only merges; any other its runs as they are
        boolean whole = other.rank != null && other.runs <= 1;
        int q = 0;
        for (int r = 0; r < other.count; r++) {
            if (whole ? r == 0 : q < other.runs && other.runStart[q] == r) {
                startRun(whole || other.runSorted[q]);
                while (q < other.runs && other.runStart[q] == r) {
                    q++;
                }
            }
            int from = other.at[r];
            int p = copyIn(other, from, 10 + other.getInt(from + 6));
            int owner = other.getInt(from);
            putInt(p, owner < 0 ? owner : owner + ownerOffset);
            int c = code[other.keyCode(from)];
            blockAt(p)[offset(p) + 4] = (byte) (c >> 8);
            blockAt(p)[offset(p) + 5] = (byte) c;
            at[count++] = p;
        }
        rank = null;
    }

    /** Copies a record of another set in; returns its position here. */
    private int copyIn(IdentifierRows other, int from, int length) {
        int p = reserve(length);
        System.arraycopy(other.blockAt(from), other.offset(from), blockAt(p), offset(p), length);
        return p;
    }

    private int codeOf(String key) {
        Integer code = codes.get(key);
        if (code == null) {
            if (keys.size() == Short.MAX_VALUE) {
                throw new IllegalStateException("more than " + Short.MAX_VALUE + " identifier keys in one run");
            }
            code = keys.size();
            codes.put(key, code);
            keys.add(key);
        }
        return code;
    }

    /** {@return the rows added} */
    public int size() {
        return count;
    }

    private void startRun(boolean sorted) {
        if (runs == runStart.length) {
            runStart = Arrays.copyOf(runStart, runs * 2);
            runSorted = Arrays.copyOf(runSorted, runs * 2);
        }
        runStart[runs] = count;
        runSorted[runs++] = sorted;
    }

    /**
     * Sorts the rows by key, then by the value's UTF-8 bytes (rows that tie stay in the order added). The rows of sorted
     * sets {@linkplain #addAll added} are only merged: sorting each part where it is made (on the threads that make them)
     * leaves this one pass over the rows, and no arrays of the rows' size but the order itself.
     */
    public void sort() {
        sortRuns();
        if (runs > 1) {
            merge();
        }
    }

    /**
     * The rows in the order {@link #sort} gives them, one at a time as they are written, each run of rows sorted first but
     * not merged here: the merge goes on as the rows are taken, so that their first ones can be written (and their
     * {@code COPY} begin) before the last are merged. No rows may be added while it is used.
     *
     * @return the rows, sorted
     */
    public Sorted sorted() {
        sortRuns();
        return new Sorted();
    }

    /** Ranks the keys, and sorts each run of rows not sorted yet. */
    private void sortRuns() {
        if (rank == null) {
            String[] sorted = keys.toArray(String[]::new);
            Arrays.sort(sorted);
            rank = new int[keys.size()];
            for (int r = 0; r < sorted.length; r++) {
                rank[codes.get(sorted[r])] = r;
            }
        }
        for (int r = 0; r < runs; r++) {
            if (!runSorted[r]) {
                sortRange(runStart[r], end(r));
                runSorted[r] = true;
            }
        }
    }

    /** The end of run {@code r}'s rows. */
    private int end(int r) {
        return r + 1 < runs ? runStart[r + 1] : count;
    }

    /** Merges the sorted runs in one pass (see {@link Sorted}). */
    private void merge() {
        Sorted merged = new Sorted();
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = merged.nextRow();
        }
        at = out;
        runs = 1;
        runSorted[0] = true;
    }

    /**
     * The rows of the sorted runs in one merged order, a row at a time: a heap of the runs by their next row (its first
     * sixteen bytes of order kept for each run), ties to the earlier run, so that rows that tie stay in the order added.
     */
    public final class Sorted {
        private final int[] next = new int[runs];
        private final int[] heap = new int[runs];
        private final long[] high = new long[runs];
        private final long[] low = new long[runs];
        private int size;

        private Sorted() {
            for (int r = 0; r < runs; r++) {
                next[r] = runStart[r];
                if (next[r] < end(r)) {
                    head(r, next[r], high, low);
                    heap[size] = r;
                    up(heap, size++, high, low, next);
                }
            }
        }

        /** {@return whether rows are left} */
        public boolean hasNext() {
            return size > 0;
        }

        /**
         * Writes the next row, as {@link IdentifierRows#write} writes it.
         *
         * @param workspace the workspace's field, {@linkplain CopyRows#encodeBinary encoded}
         * @param rows where to write: rows {@linkplain CopyRows#binary in the binary format}
         */
        public void writeNext(byte[] workspace, CopyRows rows) {
            writeRow(nextRow(), workspace, rows);
        }

        /** The position of the next row. */
        private int nextRow() {
            if (size == 0) {
                throw new java.util.NoSuchElementException();
            }
            int r = heap[0];
            int row = at[next[r]++];
            if (next[r] < end(r)) {
                head(r, next[r], high, low);
            } else {
                heap[0] = heap[--size];
            }
            down(heap, size, high, low, next);
            return row;
        }
    }

    /** Keeps the first sixteen bytes of order of row {@code i} as run {@code r}'s head. */
    private void head(int r, int i, long[] high, long[] low) {
        int p = at[i];
        int length = getInt(p + 6);
        high[r] = bytes(Math.min(rank[keyCode(p)], 255), p, 0, 7, length);
        low[r] = bytes(0, p, 7, 8, length);
    }

    /** Whether run {@code a}'s head comes before run {@code b}'s. */
    private boolean before(int a, int b, long[] high, long[] low, int[] next) {
        int c = Long.compareUnsigned(high[a], high[b]);
        if (c == 0) {
            c = Long.compareUnsigned(low[a], low[b]);
        }
        if (c == 0) {
            c = compare(at[next[a]], at[next[b]]);
        }
        return c < 0 || c == 0 && a < b;
    }

    private void up(int[] heap, int k, long[] high, long[] low, int[] next) {
        int r = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!before(r, heap[parent], high, low, next)) {
                break;
            }
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = r;
    }

    private void down(int[] heap, int size, long[] high, long[] low, int[] next) {
        if (size == 0) {
            return;
        }
        int r = heap[0];
        int k = 0;
        while (true) {
            int child = 2 * k + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child], high, low, next)) {
                child++;
            }
            if (!before(heap[child], r, high, low, next)) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = r;
    }

    /** Sorts rows {@code first} to {@code last} (positions in {@link #at}) in place. */
    private void sortRange(int first, int last) {
        int n = last - first;
        // a bottom-up merge sort of the row positions, each carried with its first sixteen bytes of order (the key's rank, then
        // the value's first fifteen bytes) in two parallel arrays: most comparisons end there, without a random read of the rows
        int[] from = Arrays.copyOfRange(at, first, last);
        long[] fromHigh = new long[n];
        long[] fromLow = new long[n];
        for (int i = 0; i < n; i++) {
            int p = from[i];
            int length = getInt(p + 6);
            fromHigh[i] = bytes(Math.min(rank[keyCode(p)], 255), p, 0, 7, length);
            fromLow[i] = bytes(0, p, 7, 8, length);
        }
        int[] to = new int[n];
        long[] toHigh = new long[n];
        long[] toLow = new long[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    int c = Long.compareUnsigned(fromHigh[i], fromHigh[j]);
                    if (c == 0) {
                        c = Long.compareUnsigned(fromLow[i], fromLow[j]);
                    }
                    int take = c < 0 || c == 0 && compare(from[i], from[j]) <= 0 ? i++ : j++;
                    toHigh[k] = fromHigh[take];
                    toLow[k] = fromLow[take];
                    to[k++] = from[take];
                }
                for (int[] run : new int[][] {{i, mid}, {j, hi}}) {
                    System.arraycopy(from, run[0], to, k, run[1] - run[0]);
                    System.arraycopy(fromHigh, run[0], toHigh, k, run[1] - run[0]);
                    System.arraycopy(fromLow, run[0], toLow, k, run[1] - run[0]);
                    k += run[1] - run[0];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
            long[] swapHigh = fromHigh;
            fromHigh = toHigh;
            toHigh = swapHigh;
            long[] swapLow = fromLow;
            fromLow = toLow;
            toLow = swapLow;
        }
        System.arraycopy(from, 0, at, first, n);
    }

    /**
     * {@code n} bytes of the value of the row at {@code p} from byte {@code first} (zeros past its end: a text value holds no
     * zero byte) after the bits of {@code start}, big-endian.
     */
    private long bytes(long start, int p, int first, int n, int length) {
        byte[] b = blockAt(p);
        int value = offset(p) + 10;
        long x = start;
        for (int k = first; k < first + n; k++) {
            x = x << 8 | (k < length ? b[value + k] & 0xFFL : 0);
        }
        return x;
    }

    /** Rows whose prefixes tie: by key rank, then by their values' bytes. */
    private int compare(int a, int b) {
        int byKey = Integer.compare(rank[keyCode(a)], rank[keyCode(b)]);
        if (byKey != 0) {
            return byKey;
        }
        int va = offset(a) + 10;
        int vb = offset(b) + 10;
        return Arrays.compareUnsigned(blockAt(a), va, va + getInt(a + 6), blockAt(b), vb, vb + getInt(b + 6));
    }

    /**
     * Writes row {@code i} as a row of {@code COPY}'s binary format: the workspace, the key, the value and the owner's id.
     *
     * @param i the row, in the order sorted
     * @param workspace the workspace's field, {@linkplain CopyRows#encodeBinary encoded}
     * @param rows where to write: rows {@linkplain CopyRows#binary in the binary format}
     */
    public void write(int i, byte[] workspace, CopyRows rows) {
        writeRow(at[i], workspace, rows);
    }

    private void writeRow(int p, byte[] workspace, CopyRows rows) {
        int owner = getInt(p);
        int code = keyCode(p);
        if (encodedKeys.length <= code) {
            encodedKeys = Arrays.copyOf(encodedKeys, keys.size());
        }
        if (encodedKeys[code] == null) {
            encodedKeys[code] = CopyRows.encodeBinary(keys.get(code));
        }
        rows.row(4).encoded(workspace).encoded(encodedKeys[code]).utf8(blockAt(p), offset(p) + 10, getInt(p + 6));
        if (owner < 0) {
            rows.text(null);
        } else {
            int q = ownerAt[owner];
            rows.raw(blockAt(q), offset(q) + 4, offset(q) + 4 + getInt(q));
        }
        rows.endRow();
    }

    private int keyCode(int p) {
        byte[] b = blockAt(p);
        int o = offset(p);
        return (b[o + 4] & 0xFF) << 8 | (b[o + 5] & 0xFF);
    }

    private byte[] blockAt(int p) {
        return blocks[p >>> BLOCK_BITS];
    }

    private static int offset(int p) {
        return p & (BLOCK - 1);
    }

    /** Writes an int at a position (the bytes of a record never cross blocks). */
    private void putInt(int p, int v) {
        byte[] b = blockAt(p);
        int o = offset(p);
        b[o] = (byte) (v >> 24);
        b[o + 1] = (byte) (v >> 16);
        b[o + 2] = (byte) (v >> 8);
        b[o + 3] = (byte) v;
    }

    private int getInt(int p) {
        byte[] b = blockAt(p);
        int o = offset(p);
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    /**
     * Room for a record of {@code length} bytes, in one block: the position of its first byte. The first block grows by
     * doubling up to {@link #BLOCK} bytes; then each full block is followed by a new one (of the record's own size when
     * the record is longer), and none is copied again.
     */
    private int reserve(int length) {
        int last = blocks.length - 1;
        byte[] b = blocks[last];
        if (used + length > b.length) {
            if (last == 0 && b.length < BLOCK && used + length <= BLOCK) {
                blocks[0] = Arrays.copyOf(b, (int) Math.min(BLOCK, Math.max(2L * b.length, used + length)));
            } else {
                if (blocks.length == MAX_BLOCKS) {
                    throw new IllegalStateException("a run's new identifiers grew past 2 GB");
                }
                blocks = Arrays.copyOf(blocks, blocks.length + 1);
                blocks[++last] = new byte[Math.max(BLOCK, length)];
                used = 0;
            }
        }
        int p = last << BLOCK_BITS | used;
        used += length;
        return p;
    }
}
