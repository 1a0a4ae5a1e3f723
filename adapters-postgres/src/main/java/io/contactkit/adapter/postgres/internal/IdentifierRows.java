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
 * Strings and objects of a list of records. Not thread-safe.
 */
public final class IdentifierRows {

    // record: owner (int; -1: none), key code (short), value length (int), value's UTF-8 bytes
    private byte[] arena = new byte[1 << 16];
    private int used;
    private int[] at = new int[1024];
    private int count;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int[] rank;
    /** Each key's column, encoded once. */
    private byte[][] encodedKeys = new byte[0][];

    /**
     * Adds a row.
     *
     * @param key the identifier's key
     * @param value the identifier's value
     * @param owner the number of the owning contact, or -1 for none
     */
    public void add(String key, String value, int owner) {
        int code = codeOf(key);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ensure(10 + v.length);
        if (count == at.length) {
            at = Arrays.copyOf(at, count * 2);
        }
        at[count++] = used;
        putInt(used, owner);
        arena[used + 4] = (byte) (code >> 8);
        arena[used + 5] = (byte) code;
        putInt(used + 6, v.length);
        System.arraycopy(v, 0, arena, used + 10, v.length);
        used += 10 + v.length;
        rank = null;
    }

    /**
     * Adds every row of another set, in the order they were added there, each owner's number moved by {@code ownerOffset}
     * (rows without an owner keep none): the same rows as {@link #add} called for each of them.
     *
     * @param other rows added elsewhere (a range of contacts, say), not sorted
     * @param ownerOffset what to add to each owner's number
     */
    public void addAll(IdentifierRows other, int ownerOffset) {
        if (other.rank != null) {
            throw new IllegalStateException("rows already sorted keep their added order no more");
        }
        int[] code = new int[other.keys.size()];
        for (int k = 0; k < code.length; k++) {
            code[k] = codeOf(other.keys.get(k));
        }
        ensure(other.used);
        if (count + other.count > at.length) {
            at = Arrays.copyOf(at, Math.max(at.length * 2, count + other.count));
        }
        for (int r = 0; r < other.count; r++) {
            int from = other.at[r];
            int length = 10 + other.getInt(from + 6);
            System.arraycopy(other.arena, from, arena, used, length);
            int owner = other.getInt(from);
            putInt(used, owner < 0 ? owner : owner + ownerOffset);
            int c = code[other.keyCode(from)];
            arena[used + 4] = (byte) (c >> 8);
            arena[used + 5] = (byte) c;
            at[count++] = used;
            used += length;
        }
        rank = null;
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
        // the value's first fifteen bytes) in two parallel arrays: most comparisons end there, without a random read of the arena
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
        long x = start;
        for (int b = first; b < first + n; b++) {
            x = x << 8 | (b < length ? arena[p + 10 + b] & 0xFFL : 0);
        }
        return x;
    }

    /** Rows whose prefixes tie: by key rank, then by their values' bytes. */
    private int compare(int a, int b) {
        int byKey = Integer.compare(rank[keyCode(a)], rank[keyCode(b)]);
        if (byKey != 0) {
            return byKey;
        }
        return Arrays.compareUnsigned(arena, a + 10, a + 10 + getInt(a + 6), arena, b + 10, b + 10 + getInt(b + 6));
    }

    /**
     * Writes row {@code i} as {@code COPY} columns: the workspace, the key, the value and the owner.
     *
     * @param i the row, in the order sorted
     * @param workspace the workspace column, {@linkplain CopyRows#encode encoded}
     * @param ownerIds the owners' ids by their numbers
     * @param rows where to write
     */
    public void write(int i, byte[] workspace, String[] ownerIds, CopyRows rows) {
        int p = at[i];
        int owner = getInt(p);
        int code = keyCode(p);
        if (encodedKeys.length <= code) {
            encodedKeys = Arrays.copyOf(encodedKeys, keys.size());
        }
        if (encodedKeys[code] == null) {
            encodedKeys[code] = CopyRows.encode(keys.get(code));
        }
        rows.encoded(workspace).encoded(encodedKeys[code]).utf8(arena, p + 10, getInt(p + 6)).text(owner < 0 ? null : ownerIds[owner]).endRow();
    }

    private int keyCode(int p) {
        return (arena[p + 4] & 0xFF) << 8 | (arena[p + 5] & 0xFF);
    }

    private void putInt(int p, int v) {
        arena[p] = (byte) (v >> 24);
        arena[p + 1] = (byte) (v >> 16);
        arena[p + 2] = (byte) (v >> 8);
        arena[p + 3] = (byte) v;
    }

    private int getInt(int p) {
        return (arena[p] & 0xFF) << 24 | (arena[p + 1] & 0xFF) << 16 | (arena[p + 2] & 0xFF) << 8 | (arena[p + 3] & 0xFF);
    }

    private void ensure(int more) {
        if (used + more > arena.length) {
            long grown = Math.max(arena.length + ((long) arena.length >> 1), (long) used + more);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a run's new identifiers grew past 2 GB");
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
    }
}
