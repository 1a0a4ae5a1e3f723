package io.contactkit.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The identity index of a {@link ContactBook}: canonical identifier to contact number, in flat
 * arrays, holding no {@link Identifier} object.
 *
 * <p>Each identifier is written once into an arena of byte chunks: a link to the next identifier
 * of the same contact (so the book keeps each contact's identifiers as a list threaded through the
 * arena), the contact number it is filed under, the key as a small number (keys are few: e-mail, phone, a handful of custom ones), the
 * value's length and its characters (one byte each when they all fit in Latin-1, two otherwise).
 * An identifier is named by its <em>ref</em>, its position in the arena.
 *
 * <p>The table is open addressing with linear probing: each slot is one {@code long}, the
 * identifier's mixed hash and its ref (eight slots to a cache line). A miss costs one slot read; a
 * hit compares the identifier with the arena only when the whole 32-bit hash matches, and finds the
 * contact number in the same arena read, so it costs the slot and one arena read. Removal shifts the following run back
 * (no tombstones). The arena space of removed identifiers is reclaimed by
 * {@link ArenaCompaction}, which copies the live identifiers into a fresh table.
 *
 * <p>The contact number filed with an identifier may be one since retired by a merge;
 * {@link IdentifierLists#owner} resolves it with the book's {@link UnionFind} and stores the
 * survivor back with {@link #setOwner(int, int)}.
 * Not thread-safe. Never leaves the package.
 */
final class IdentifierTable {

    /** No identifier: the end of a list. */
    static final int NO_REF = -1;

    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 29;
    private static final double MAX_LOAD = 0.6;

    // 256 KiB: well under half of the smallest G1 region (1 MiB), so chunks are ordinary objects, not humongous ones
    // that would each take whole regions
    private static final int CHUNK_BITS = 18;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final int MAX_CHUNKS = 1 << (31 - CHUNK_BITS);
    // the first chunk starts small and doubles up to CHUNK_SIZE (refs keep their offsets), so that the many
    // short-lived books of a store's single decisions do not each allocate and clear a whole chunk
    private static final int MIN_FIRST_CHUNK = 512;
    // record: next ref + 1 (int), owner (int), key code (int), value length (short; top bit set: two bytes per character), value
    private static final int NEXT = 0;
    private static final int OWNER = 4;
    private static final int KEY = 8;
    private static final int LENGTH = 12;
    private static final int VALUE = 14;
    private static final int WIDE = 0x8000;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    // slot i: (hash << 32) | (ref + 1); 0 when empty (ref + 1 is never 0)
    private long[] slots;
    private int mask;
    private int size;
    private int resizeAt;

    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int top = CHUNK_SIZE;
    private long usedBytes;
    private long freedBytes;
    private final int firstChunk;

    private final Keys keys;

    /** A table that holds {@code expected} identifiers without growing. */
    IdentifierTable(int expected) {
        this(expected, new Keys());
    }

    private IdentifierTable(int expected, Keys keys) {
        this.keys = keys;
        this.firstChunk = (int) Math.min(CHUNK_SIZE, Math.max(MIN_FIRST_CHUNK, expected * 32L));
        long wanted = Math.max(MIN_CAPACITY, (long) Math.ceil(expected / MAX_LOAD));
        int capacity = MIN_CAPACITY;
        while (capacity < wanted && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    /** An empty table for {@code expected} identifiers that shares this one's key numbers (for compaction). */
    IdentifierTable emptyLike(int expected) {
        return new IdentifierTable(expected, keys);
    }

    private void allocate(int capacity) {
        slots = new long[capacity];
        mask = capacity - 1;
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    /** The hash the table files an identifier under: a bijective mix of {@link Identifier#hashCode()}. */
    static int hash(Identifier identifier) {
        return mix(identifier.hashCode());
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    /** Bytes of the arena held by removed identifiers, and by live ones. */
    long freedBytes() {
        return freedBytes;
    }

    long liveBytes() {
        return usedBytes - freedBytes;
    }

    // ---- lookups ------------------------------------------------------------------------------

    /**
     * Reads what {@link #find} reads first for this hash: the home slot and, when its hash matches,
     * the arena record it names. Touching the slots of all of a command's identifiers before looking
     * any of them up lets their cache misses overlap instead of queueing one after another. Returns a
     * value for the caller to keep, so that the reads are not optimized away.
     */
    int touch(int hash) {
        long word = slots[hash & mask];
        if ((int) (word >>> 32) == hash && word != 0) {
            int ref = (int) word - 1;
            return chunks[ref >>> CHUNK_BITS][ref & CHUNK_MASK];
        }
        return (int) word;
    }

    /** The slot holding the identifier, or {@code -1}; {@code hash} is {@link #hash(Identifier)} of it. */
    int find(Identifier identifier, int hash) {
        long[] s = slots;
        int m = mask;
        int i = hash & m;
        long word = s[i];
        if (word == 0) {
            // the common miss: one read, and the key is not even looked up
            return -1;
        }
        int key = keys.code(identifier.key(), false);
        if (key < 0) {
            return -1;
        }
        String value = identifier.value();
        while (word != 0) {
            if ((int) (word >>> 32) == hash && matches((int) word - 1, key, value)) {
                return i;
            }
            i = (i + 1) & m;
            word = s[i];
        }
        return -1;
    }

    private boolean matches(int ref, int key, String value) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int length = (short) SHORT.get(c, p + LENGTH) & 0xFFFF;
        int n = value.length();
        if ((length & ~WIDE) != n || (int) INT.get(c, p + KEY) != key) {
            return false;
        }
        int v = p + VALUE;
        if ((length & WIDE) == 0) {
            for (int k = 0; k < n; k++) {
                if ((c[v + k] & 0xFF) != value.charAt(k)) {
                    return false;
                }
            }
        } else {
            for (int k = 0; k < n; k++) {
                if ((char) (short) SHORT.get(c, v + 2 * k) != value.charAt(k)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The contact number filed in a slot {@link #find} returned. */
    int owner(int slot) {
        int ref = ref(slot);
        return (int) INT.get(chunks[ref >>> CHUNK_BITS], (ref & CHUNK_MASK) + OWNER);
    }

    /** The ref of the identifier in a slot {@link #find} returned. */
    int ref(int slot) {
        return (int) slots[slot] - 1;
    }

    void setOwner(int slot, int owner) {
        int ref = ref(slot);
        INT.set(chunks[ref >>> CHUNK_BITS], (ref & CHUNK_MASK) + OWNER, owner);
    }

    // ---- changes ------------------------------------------------------------------------------

    /** Writes an identifier that is not in the table and files it under {@code owner}; returns its ref (the end of a list). */
    int insert(Identifier identifier, int hash, int owner) {
        String value = identifier.value();
        int n = value.length();
        boolean wide = false;
        for (int k = 0; k < n && !wide; k++) {
            wide = value.charAt(k) > 0xFF;
        }
        int ref = reserve(VALUE + (wide ? 2 * n : n));
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        INT.set(c, p + NEXT, 0);
        INT.set(c, p + OWNER, owner);
        INT.set(c, p + KEY, keys.code(identifier.key(), true));
        SHORT.set(c, p + LENGTH, (short) (wide ? n | WIDE : n));
        int v = p + VALUE;
        if (wide) {
            for (int k = 0; k < n; k++) {
                SHORT.set(c, v + 2 * k, (short) value.charAt(k));
            }
        } else {
            for (int k = 0; k < n; k++) {
                c[v + k] = (byte) value.charAt(k);
            }
        }
        file(hash, ref);
        return ref;
    }

    /** Copies an identifier of another table (one sharing this one's keys) into this one, filed under {@code owner}. */
    int copy(IdentifierTable from, int fromRef, int owner) {
        byte[] src = from.chunks[fromRef >>> CHUNK_BITS];
        int sp = fromRef & CHUNK_MASK;
        int bytes = recordBytes(src, sp);
        int ref = reserve(bytes);
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        System.arraycopy(src, sp, c, p, bytes);
        INT.set(c, p + NEXT, 0);
        INT.set(c, p + OWNER, owner);
        file(mix(hashCodeAt(ref)), ref);
        return ref;
    }

    private void file(int hash, int ref) {
        if (size >= resizeAt) {
            grow();
        }
        place(((long) hash << 32) | (ref + 1L));
        size++;
    }

    private void place(long word) {
        long[] s = slots;
        int m = mask;
        int i = (int) (word >>> 32) & m;
        while (s[i] != 0) {
            i = (i + 1) & m;
        }
        s[i] = word;
    }

    /** Removes the identifier in a slot {@link #find} returned; its arena space counts as freed. */
    void removeAt(int slot) {
        long[] s = slots;
        int m = mask;
        freedBytes += recordBytes(ref(slot));
        int hole = slot;
        int i = slot;
        // backward-shift deletion: move back every later entry of the run whose home is not between the hole and it
        while (true) {
            i = (i + 1) & m;
            long word = s[i];
            if (word == 0) {
                break;
            }
            int home = (int) (word >>> 32) & m;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                s[hole] = word;
                hole = i;
            }
        }
        s[hole] = 0;
        size--;
    }

    /** Removes the identifier with this ref. */
    void removeRef(int ref) {
        int hash = mix(hashCodeAt(ref));
        int m = mask;
        for (int i = hash & m; slots[i] != 0; i = (i + 1) & m) {
            if ((int) slots[i] - 1 == ref) {
                removeAt(i);
                return;
            }
        }
        throw new IllegalStateException("identifier " + identifier(ref) + " is not filed");
    }

    private void grow() {
        if (mask + 1 >= MAX_CAPACITY) {
            throw new IllegalStateException("the identity index is full: " + size + " identifiers");
        }
        long[] old = slots;
        allocate((mask + 1) << 1);
        for (long word : old) {
            if (word != 0) {
                place(word);
            }
        }
    }

    private int reserve(int bytes) {
        if (top + bytes > CHUNK_SIZE) {
            if (chunkCount == MAX_CHUNKS) {
                throw new IllegalStateException("the identity index is full: " + size + " identifiers in " + usedBytes + " bytes");
            }
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
            }
            // a record is at most 1,014 bytes: start a fresh chunk rather than split one
            chunks[chunkCount] = new byte[chunkCount == 0 ? firstChunk : CHUNK_SIZE];
            chunkCount++;
            top = 0;
        }
        byte[] last = chunks[chunkCount - 1];
        if (top + bytes > last.length) {
            chunks[chunkCount - 1] = Arrays.copyOf(last, Math.min(CHUNK_SIZE, Math.max(2 * last.length, top + bytes)));
        }
        int ref = ((chunkCount - 1) << CHUNK_BITS) | top;
        top += bytes;
        usedBytes += bytes;
        return ref;
    }

    // ---- the records --------------------------------------------------------------------------

    /** The next identifier in a list, or {@link #NO_REF}. */
    int next(int ref) {
        return (int) INT.get(chunks[ref >>> CHUNK_BITS], (ref & CHUNK_MASK) + NEXT) - 1;
    }

    void setNext(int ref, int next) {
        INT.set(chunks[ref >>> CHUNK_BITS], (ref & CHUNK_MASK) + NEXT, next + 1);
    }

    /** The identifier with this ref, as a new object. */
    Identifier identifier(int ref) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int length = (short) SHORT.get(c, p + LENGTH) & 0xFFFF;
        int n = length & ~WIDE;
        String value;
        if ((length & WIDE) == 0) {
            value = new String(c, p + VALUE, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        } else {
            char[] chars = new char[n];
            for (int k = 0; k < n; k++) {
                chars[k] = (char) (short) SHORT.get(c, p + VALUE + 2 * k);
            }
            value = new String(chars);
        }
        return new Identifier(keys.name((int) INT.get(c, p + KEY)), value);
    }

    /** {@link Identifier#hashCode()} of the identifier with this ref, from its record. */
    private int hashCodeAt(int ref) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int length = (short) SHORT.get(c, p + LENGTH) & 0xFFFF;
        int n = length & ~WIDE;
        int h = 0;
        for (int k = 0; k < n; k++) {
            char ch = (length & WIDE) == 0 ? (char) (c[p + VALUE + k] & 0xFF) : (char) (short) SHORT.get(c, p + VALUE + 2 * k);
            h = 31 * h + ch;
        }
        return 31 * keys.name((int) INT.get(c, p + KEY)).hashCode() + h;
    }

    private int recordBytes(int ref) {
        return recordBytes(chunks[ref >>> CHUNK_BITS], ref & CHUNK_MASK);
    }

    private static int recordBytes(byte[] c, int p) {
        int length = (short) SHORT.get(c, p + LENGTH) & 0xFFFF;
        return VALUE + ((length & WIDE) == 0 ? length : 2 * (length & ~WIDE));
    }

    /**
     * Identifier keys by number. Lookups first try the few key strings seen last by identity, since a
     * run's identifiers share a handful of key objects.
     */
    static final class Keys {
        private final HashMap<String, Integer> codes = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final String[] recent = new String[8];
        private final int[] recentCodes = new int[8];
        private int nextRecent;

        /** The key's number; {@code -1} for a key never filed unless {@code assign}, which numbers it. */
        int code(String key, boolean assign) {
            String[] r = recent;
            for (int i = 0; i < r.length; i++) {
                if (r[i] == key) {
                    return recentCodes[i];
                }
            }
            Integer code = codes.get(key);
            if (code == null) {
                if (!assign) {
                    return -1;
                }
                code = names.size();
                names.add(key);
                codes.put(key, code);
            }
            r[nextRecent] = key;
            recentCodes[nextRecent] = code;
            nextRecent = (nextRecent + 1) & (r.length - 1);
            return code;
        }

        String name(int code) {
            return names.get(code);
        }
    }
}
