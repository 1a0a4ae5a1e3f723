package io.contactkit.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * The identity index of a {@link ContactBook}: canonical identifier to contact number, in flat
 * arrays, holding no {@link Identifier} object.
 *
 * <p>Each identifier is written once into an arena of byte chunks: a link to the next identifier
 * of the same contact (so the book keeps each contact's identifiers as a list threaded through the
 * arena), then in one {@code int} the key as a small number (keys are few: e-mail, phone, a handful
 * of custom ones) and the value's length, then the value's characters (one byte each when they all
 * fit in Latin-1, two otherwise): an eight-byte header, compared with one read.
 * An identifier is named by its <em>ref</em>, its position in the arena.
 *
 * <p>The table is open addressing with linear probing: each slot is one {@code long} holding the
 * identifier's ref, the contact number it is filed under, and as many of the high bits of its mixed
 * hash as the contact numbers leave room for (a <em>tag</em>: at least one bit; eleven or more in a
 * table sized for up to two million identifiers while the numbers fit in 21 bits). A miss costs one slot read. A hit compares the identifier
 * with the arena only when the tag matches, and has the contact number from the slot itself, so the
 * reads that follow a lookup (the contact's state) need not wait for the compare: the slot is the
 * only read the rest of the command depends on. Since slots keep only part of the hash, a slot's
 * home is computed again from its arena record when the table grows and when a removal shifts the
 * following run back (no tombstones). The arena space of removed identifiers is reclaimed by
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
    // record: next ref + 1 (int), header (int: key code << KEY_SHIFT | WIDE when two bytes per character | value
    // length), value
    private static final int NEXT = 0;
    private static final int HEADER = 4;
    private static final int VALUE = 8;
    // a value's length (at most Identifier.MAX_VALUE_LENGTH) takes the header's low bits, then the WIDE bit, then the key
    private static final int LENGTH_MASK = 0x3FF;
    private static final int WIDE = 0x400;
    private static final int KEY_SHIFT = 11;
    /** The most distinct identifier keys a table numbers (the header's bits above the length and WIDE). */
    static final int MAX_KEYS = 1 << (32 - KEY_SHIFT);
    // contact numbers get at least this many bits of a slot at first, and more as larger ones are filed
    private static final int MIN_OWNER_BITS = 16;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    // slot i: the high 32 bits are the hash's top bits (the tag) above the owner's ownerBits bits, the low 32 bits
    // ref + 1; 0 when empty (ref + 1 is never 0)
    private long[] slots;
    private int mask;
    private int size;
    private int resizeAt;
    private int ownerBits;
    // ownerMask: the owner's bits of a slot's high half; the rest of the high half is the tag
    private int ownerMask;

    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int top = CHUNK_SIZE;
    private long usedBytes;
    private long freedBytes;
    private final int firstChunk;

    private final Keys keys;
    private int touched;

    /** A table that holds {@code expected} identifiers without growing. */
    IdentifierTable(int expected) {
        this(expected, new Keys(), MIN_OWNER_BITS);
    }

    private IdentifierTable(int expected, Keys keys, int ownerBits) {
        this.keys = keys;
        // contacts are usually fewer than identifiers: room for as many numbers as identifiers avoids widening later
        setOwnerBits(Math.max(ownerBits, 32 - Integer.numberOfLeadingZeros(Math.max(1, expected))));
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
        return new IdentifierTable(expected, keys, ownerBits);
    }

    private void setOwnerBits(int bits) {
        ownerBits = Math.min(31, bits);
        ownerMask = (int) ((1L << ownerBits) - 1);
    }

    /** The high half of a slot: the hash's tag and the owner. */
    private int high(int hash, int owner) {
        if ((owner & ~ownerMask) != 0) {
            widen(owner);
        }
        return (hash & ~ownerMask) | owner;
    }

    /** Gives contact numbers as many bits as {@code owner} needs, taking them from the tags of every slot. */
    private void widen(int owner) {
        if (owner < 0) {
            throw new IllegalArgumentException("negative contact number " + owner);
        }
        int oldMask = ownerMask;
        setOwnerBits(32 - Integer.numberOfLeadingZeros(owner));
        long[] s = slots;
        for (int i = 0; i < s.length; i++) {
            long word = s[i];
            if (word != 0) {
                int high = (int) (word >>> 32);
                // the tag keeps the hash's top bits, so dropping its lowest ones leaves the top bits of the same hash
                int widened = (high & ~ownerMask) | (high & oldMask);
                s[i] = ((long) widened << 32) | (word & 0xFFFFFFFFL);
            }
        }
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
     * Reads what {@link #find} reads first for this hash: the home slot and, when its tag matches, the
     * arena record it names; returns the owner filed in that slot then (a guess at what the lookup will
     * find: the arena is not compared), else -1. Touching the slots of all of a command's identifiers
     * before looking any of them up lets their cache misses overlap instead of queueing one after
     * another, and the owner lets the caller touch the contact's state as well.
     */
    int touch(int hash) {
        return touch(slot(hash), hash);
    }

    /** The home slot of a hash as it is now (what {@link #touch(int)} reads first). */
    long slot(int hash) {
        return slots[hash & mask];
    }

    /** {@link #touch(int)} after its first read: {@code word} is the home slot of {@code hash}. */
    int touch(long word, int hash) {
        int high = (int) (word >>> 32);
        if (((high ^ hash) & ~ownerMask) == 0 && word != 0) {
            int ref = (int) word - 1;
            // kept in a field, so that the read is not optimized away
            touched += chunks[ref >>> CHUNK_BITS][ref & CHUNK_MASK];
            return high & ownerMask;
        }
        return -1;
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
        int tagMask = ~ownerMask;
        while (word != 0) {
            if ((((int) (word >>> 32) ^ hash) & tagMask) == 0 && matches((int) word - 1, key, value)) {
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
        int header = (int) INT.get(c, p + HEADER);
        int n = value.length();
        // key and length in one compare
        if ((header & ~WIDE) != ((key << KEY_SHIFT) | n)) {
            return false;
        }
        int v = p + VALUE;
        if ((header & WIDE) == 0) {
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
        return (int) (slots[slot] >>> 32) & ownerMask;
    }

    /** The ref of the identifier in a slot {@link #find} returned. */
    int ref(int slot) {
        return (int) slots[slot] - 1;
    }

    void setOwner(int slot, int owner) {
        int high = high(0, owner);
        long word = slots[slot];
        slots[slot] = ((((int) (word >>> 32) & ~ownerMask) | high) & 0xFFFFFFFFL) << 32 | (word & 0xFFFFFFFFL);
    }

    // ---- changes ------------------------------------------------------------------------------

    /** Writes an identifier that is not in the table and files it under {@code owner}; returns its ref (the end of a list). */
    int insert(Identifier identifier, int hash, int owner) {
        String value = identifier.value();
        int n = value.length();
        int code = keys.code(identifier.key(), true);
        // one byte per character, written in the pass that finds whether every character fits in one (nearly always)
        int ref = reserve(VALUE + n);
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int v = p + VALUE;
        int bits = 0;
        for (int k = 0; k < n; k++) {
            char ch = value.charAt(k);
            bits |= ch;
            c[v + k] = (byte) ch;
        }
        boolean wide = bits > 0xFF;
        if (wide) {
            // two bytes per character: the record just reserved (the last one) is given back and reserved again larger
            top -= VALUE + n;
            usedBytes -= VALUE + n;
            ref = reserve(VALUE + 2 * n);
            c = chunks[ref >>> CHUNK_BITS];
            p = ref & CHUNK_MASK;
            v = p + VALUE;
            for (int k = 0; k < n; k++) {
                SHORT.set(c, v + 2 * k, (short) value.charAt(k));
            }
        }
        INT.set(c, p + NEXT, 0);
        INT.set(c, p + HEADER, (code << KEY_SHIFT) | (wide ? WIDE : 0) | n);
        file(hash, owner, ref);
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
        file(homeHash(ref), owner, ref);
        return ref;
    }

    private void file(int hash, int owner, int ref) {
        if (size >= resizeAt) {
            grow();
        }
        // high() may widen the owners' bits of the slots, so it runs before the word is made
        long high = high(hash, owner);
        place(hash, (high << 32) | (ref + 1L));
        size++;
    }

    private void place(int hash, long word) {
        long[] s = slots;
        int m = mask;
        int i = hash & m;
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
            int home = homeHash((int) word - 1) & m;
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
        int hash = homeHash(ref);
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
                place(homeHash((int) word - 1), word);
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
            // a record is at most 1,008 bytes: start a fresh chunk rather than split one
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
        int header = (int) INT.get(c, p + HEADER);
        int n = header & LENGTH_MASK;
        String value;
        if ((header & WIDE) == 0) {
            value = new String(c, p + VALUE, n, StandardCharsets.ISO_8859_1);
        } else {
            char[] chars = new char[n];
            value(ref, chars);
            value = new String(chars);
        }
        return new Identifier(keys.name(header >>> KEY_SHIFT), value);
    }

    /** The key of the identifier with this ref (the table's own key object: one per distinct key). */
    String key(int ref) {
        return keys.name((int) INT.get(chunks[ref >>> CHUNK_BITS], (ref & CHUNK_MASK) + HEADER) >>> KEY_SHIFT);
    }

    /**
     * Copies the value of the identifier with this ref into {@code into} from its start, building nothing;
     * returns its length. Reads only.
     *
     * @throws IndexOutOfBoundsException when {@code into} is shorter than the value
     */
    int value(int ref, char[] into) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int header = (int) INT.get(c, p + HEADER);
        int n = header & LENGTH_MASK;
        Objects.checkFromIndexSize(0, n, into.length);
        int v = p + VALUE;
        if ((header & WIDE) == 0) {
            for (int k = 0; k < n; k++) {
                into[k] = (char) (c[v + k] & 0xFF);
            }
        } else {
            for (int k = 0; k < n; k++) {
                into[k] = (char) (short) SHORT.get(c, v + 2 * k);
            }
        }
        return n;
    }

    /**
     * Copies the value of the identifier with this ref into {@code into} at {@code at} as ISO-8859-1 bytes, one per
     * character, when it is stored so (every character below U+0100), building nothing; returns its length, or -1 and
     * copies nothing when it is not. Reads only.
     *
     * @throws IndexOutOfBoundsException when {@code into} has no room for the value at {@code at}
     */
    int latin1Value(int ref, byte[] into, int at) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int header = (int) INT.get(c, p + HEADER);
        if ((header & WIDE) != 0) {
            return -1;
        }
        int n = header & LENGTH_MASK;
        System.arraycopy(c, p + VALUE, into, at, n);
        return n;
    }

    /** {@link #hash(Identifier)} of the identifier with this ref, from its record. */
    private int homeHash(int ref) {
        return mix(hashCodeAt(ref));
    }

    /** {@link Identifier#hashCode()} of the identifier with this ref, from its record. */
    private int hashCodeAt(int ref) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int p = ref & CHUNK_MASK;
        int header = (int) INT.get(c, p + HEADER);
        int n = header & LENGTH_MASK;
        int h = 0;
        for (int k = 0; k < n; k++) {
            char ch = (header & WIDE) == 0 ? (char) (c[p + VALUE + k] & 0xFF) : (char) (short) SHORT.get(c, p + VALUE + 2 * k);
            h = 31 * h + ch;
        }
        return 31 * keys.name(header >>> KEY_SHIFT).hashCode() + h;
    }

    private int recordBytes(int ref) {
        return recordBytes(chunks[ref >>> CHUNK_BITS], ref & CHUNK_MASK);
    }

    private static int recordBytes(byte[] c, int p) {
        int header = (int) INT.get(c, p + HEADER);
        int n = header & LENGTH_MASK;
        return VALUE + ((header & WIDE) == 0 ? n : 2 * n);
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
                if (names.size() == MAX_KEYS) {
                    throw new IllegalStateException("the identity index is full: " + MAX_KEYS + " distinct identifier keys");
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
