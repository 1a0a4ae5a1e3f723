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
 * {@code "C"} collation: in any other collation the rows are still nearly in index order).
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
    private int[] ownerAt = new int[64];
    private int ownerCount;
    /** Encodes an owner's column before it is copied into a block. */
    private final CopyRows column = new CopyRows(64);

    /**
     * Numbers an owner: the next number, from 0.
     *
     * @param id the owning contact's id
     * @return its number, for {@link #add}
     */
    public int owner(String id) {
        column.clear();
        column.text(id);
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
     * @param other rows added elsewhere (a range of contacts, say), not sorted
     */
    public void addAll(IdentifierRows other) {
        if (other.rank != null) {
            throw new IllegalStateException("rows already sorted keep their added order no more");
        }
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
        for (int r = 0; r < other.count; r++) {
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

    /** Sorts the rows by key, then by the value's UTF-8 bytes. */
    public void sort() {
        String[] sorted = keys.toArray(String[]::new);
        Arrays.sort(sorted);
        rank = new int[keys.size()];
        for (int r = 0; r < sorted.length; r++) {
            rank[codes.get(sorted[r])] = r;
        }
        // a bottom-up merge sort of the row positions, each carried with its first sixteen bytes of order (the key's rank, then
        // the value's first fifteen bytes) in two parallel arrays: most comparisons end there, without a random read of the rows
        int[] from = Arrays.copyOf(at, count);
        long[] fromHigh = new long[count];
        long[] fromLow = new long[count];
        for (int i = 0; i < count; i++) {
            int p = from[i];
            int length = getInt(p + 6);
            fromHigh[i] = bytes(Math.min(rank[keyCode(p)], 255), p, 0, 7, length);
            fromLow[i] = bytes(0, p, 7, 8, length);
        }
        int[] to = new int[count];
        long[] toHigh = new long[count];
        long[] toLow = new long[count];
        for (int width = 1; width < count; width *= 2) {
            for (int lo = 0; lo < count; lo += 2 * width) {
                int mid = Math.min(lo + width, count);
                int hi = Math.min(lo + 2 * width, count);
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
        at = from;
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
     * Writes row {@code i} as {@code COPY} columns: the workspace, the key, the value and the owner's id.
     *
     * @param i the row, in the order sorted
     * @param workspace the workspace column, {@linkplain CopyRows#encode encoded}
     * @param rows where to write
     */
    public void write(int i, byte[] workspace, CopyRows rows) {
        int p = at[i];
        int owner = getInt(p);
        int code = keyCode(p);
        if (encodedKeys.length <= code) {
            encodedKeys = Arrays.copyOf(encodedKeys, keys.size());
        }
        if (encodedKeys[code] == null) {
            encodedKeys[code] = CopyRows.encode(keys.get(code));
        }
        rows.encoded(workspace).encoded(encodedKeys[code]).utf8(blockAt(p), offset(p) + 10, getInt(p + 6));
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
