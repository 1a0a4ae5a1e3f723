package io.contactkit.domain;

import java.time.Instant;
import java.util.Arrays;

/**
 * Storage of a {@link ContactBook}: its contacts, numbered in creation order. Holds the state; the
 * parts that act on it ({@link UnionFind} on the parents, {@link IdentifierLists} on the heads and
 * tails, the book's writes on the rest) read and write it directly, so the engine's hot loops index
 * a flat array and call nothing.
 *
 * <p>Per contact number, in {@link #state}, four {@code int}s side by side: its union-find parent
 * (itself, or the survivor of the merge that retired it), the first and last ref of its list of
 * identifiers in the identifier table's arena, and its {@link #DELETED}/{@link #RETIRED} flags. The
 * four share one cache line (16 bytes at a multiple of 16 from the array's data, which starts 16
 * bytes into a large array, and the collector starts a large array at a region), so a command that
 * reads a contact's flags and appends to its list waits for one cache miss and one page walk, not
 * one of each per array. Beside them
 * its timestamps and, only for contacts that have any, its attribute and membership values. Not
 * thread-safe; never leaves the package.
 */
final class ContactTable {

    /** No contact (and no ref: the end of a list). */
    static final int NONE = -1;
    static final int DELETED = 1;
    static final int RETIRED = 2;
    /** Scratch mark of a contact while a merge is planned; clear between commands. */
    static final int MARK = 4;
    // the contact's creation time is in createdAt, not the common instant
    private static final int OWN_CREATED = 8;
    // the contact's update time is in updatedAt, not the common instant
    private static final int OWN_UPDATED = 16;

    /** {@link #state} holds so many {@code int}s per contact: at {@code c << SHIFT} the contact's {@link #PARENT}, ... */
    static final int SHIFT = 2;
    /** Offset of the union-find parent in a contact's part of {@link #state}. */
    static final int PARENT = 0;
    /** Offset of the first ref of the identifier list ({@link #NONE} for none). */
    static final int HEAD = 1;
    /** Offset of the last ref of the identifier list ({@link #NONE} for none). */
    static final int TAIL = 2;
    /** Offset of the flags ({@link #DELETED}, {@link #RETIRED}, {@link #MARK}, ...). */
    static final int FLAGS = 3;
    // the most contacts the state array can hold
    private static final int MAX_CONTACTS = (Integer.MAX_VALUE - 8) >> SHIFT;

    /** Contact numbers handed out so far (live, retired and deleted contacts). */
    int count;
    /** Live contacts: neither deleted nor retired. */
    int live;
    /** Per contact, at {@code c << SHIFT}: parent, head, tail, flags. */
    int[] state;
    // The first instant the table was given. Times equal to it are kept as the absence of an OWN_ flag: a
    // deduplication run stamps every contact with one instant, and storing a reference per contact would
    // cost a random write and the collector's card-marking barrier (with its fence) on every update.
    private Instant common;
    // null until some contact has a time other than the common instant; an entry counts only under its flag
    private Instant[] createdAt;
    private Instant[] updatedAt;
    // The attribute and membership values, only for contacts that have any. Per contact, in words (null until some
    // contact has values), 0 for none, else its block's place in the arena + 1 in the high half and, for a contact
    // kept flat, the stamp of the command that wrote all its values in the low half (unsigned). The block: for a
    // contact kept flat (the values of one command setting attributes and nothing else, most contacts of a
    // deduplication run) the command's names (a String[], shared by the commands of a file) then the values, in the
    // arena itself; else one slot holding the contact's ContactValues. So a run keeps no object per contact but its
    // values, and the collector promotes a few large arrays instead of two small objects per contact.
    private long[] words;
    private Object[][] arena;
    private int arenaChunks;
    private int arenaTop = ARENA_CHUNK;
    // arena slots: chunks of ARENA_CHUNK (256 KiB of references), the first starting small and doubling
    private static final int ARENA_BITS = 16;
    private static final int ARENA_CHUNK = 1 << ARENA_BITS;
    private static final int ARENA_MASK = ARENA_CHUNK - 1;
    private static final int FIRST_ARENA_CHUNK = 64;
    private static final long MAX_FLAT_STAMP = 0xFFFFFFFFL;
    /** Counts every change of state, so derived views (a run's records grouped by contact) know when they are stale. */
    long mutations;

    ContactTable(int expectedContacts) {
        int contacts = Math.min(MAX_CONTACTS, Math.max(16, expectedContacts));
        state = new int[contacts << SHIFT];
    }

    /** Room for so many contacts before the arrays grow. */
    int capacity() {
        return state.length >> SHIFT;
    }

    int parent(int c) {
        return state[(c << SHIFT) + PARENT];
    }

    void setParent(int c, int p) {
        state[(c << SHIFT) + PARENT] = p;
    }

    int head(int c) {
        return state[(c << SHIFT) + HEAD];
    }

    void setHead(int c, int ref) {
        state[(c << SHIFT) + HEAD] = ref;
    }

    int tail(int c) {
        return state[(c << SHIFT) + TAIL];
    }

    void setTail(int c, int ref) {
        state[(c << SHIFT) + TAIL] = ref;
    }

    int flags(int c) {
        return state[(c << SHIFT) + FLAGS];
    }

    /** Sets the given flags of the contact. */
    void setFlags(int c, int bits) {
        state[(c << SHIFT) + FLAGS] |= bits;
    }

    /** Clears the given flags of the contact. */
    void clearFlags(int c, int bits) {
        state[(c << SHIFT) + FLAGS] &= ~bits;
    }

    /** Numbers a new live contact created (and last updated) at {@code created}, with no identifiers. */
    int add(Instant created) {
        if (count == capacity()) {
            grow();
        }
        int c = count++;
        int at = c << SHIFT;
        int[] s = state;
        s[at + PARENT] = c;
        s[at + HEAD] = NONE;
        s[at + TAIL] = NONE;
        s[at + FLAGS] = 0;
        if (common == null) {
            common = created;
        }
        if (!isCommon(created)) {
            createdAt = own(createdAt);
            createdAt[c] = created;
            updatedAt = own(updatedAt);
            updatedAt[c] = created;
            s[at + FLAGS] = OWN_CREATED | OWN_UPDATED;
        }
        live++;
        return c;
    }

    private void grow() {
        int capacity = capacity();
        if (capacity >= MAX_CONTACTS) {
            throw new IllegalStateException("too many contacts for one book");
        }
        capacity = Math.min(MAX_CONTACTS, grownCapacity(capacity));
        state = Arrays.copyOf(state, capacity << SHIFT);
        if (createdAt != null) {
            createdAt = Arrays.copyOf(createdAt, capacity);
        }
        if (updatedAt != null) {
            updatedAt = Arrays.copyOf(updatedAt, capacity);
        }
        if (words != null) {
            words = Arrays.copyOf(words, capacity);
        }
    }

    /** The capacity after {@code length}: doubled, at least 16, at most what an array can hold. */
    static int grownCapacity(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many contacts or identifiers for one book");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, length * 2L));
    }

    boolean isLive(int c) {
        return (flags(c) & (DELETED | RETIRED)) == 0;
    }

    boolean isDeleted(int c) {
        return (flags(c) & DELETED) != 0;
    }

    boolean isRetired(int c) {
        return (flags(c) & RETIRED) != 0;
    }

    private boolean isCommon(Instant t) {
        return t == common || t.equals(common);
    }

    private Instant[] own(Instant[] times) {
        return times != null ? times : new Instant[capacity()];
    }

    /** The contact's creation time. */
    Instant createdAt(int c) {
        return (flags(c) & OWN_CREATED) == 0 ? common : createdAt[c];
    }

    /** The contact's last update time. */
    Instant updatedAt(int c) {
        return (flags(c) & OWN_UPDATED) == 0 ? common : updatedAt[c];
    }

    /** Sets the contact's last update time. */
    void setUpdatedAt(int c, Instant t) {
        if (isCommon(t)) {
            clearFlags(c, OWN_UPDATED);
        } else {
            updatedAt = own(updatedAt);
            updatedAt[c] = t;
            setFlags(c, OWN_UPDATED);
        }
    }

    /** Created earlier: by creation time, then by creation position. */
    boolean isOlder(int a, int b) {
        Instant ta = createdAt(a);
        Instant tb = createdAt(b);
        // a deduplication run stamps every contact with the same Instant: no comparison needed
        int c = ta == tb ? 0 : ta.compareTo(tb);
        return c != 0 ? c < 0 : a < b;
    }

    /**
     * The contact's attribute and membership values, or {@code null} when it has none. For reading only: a contact kept
     * flat is given as a fresh copy, so a write to it would be lost (see {@link #valuesToWrite}).
     */
    ContactValues values(int c) {
        return values(c, null);
    }

    /**
     * As {@link #values(int)}, building nothing for a contact kept flat when given a {@code scratch}: it is loaded with the
     * contact's values and returned (valid until the scratch is loaded again; never to be written). Reads only.
     */
    ContactValues values(int c, ContactValues scratch) {
        long word = words == null ? 0 : words[c];
        if (word == 0) {
            return null;
        }
        int at = (int) (word >>> 32) - 1;
        Object[] chunk = arena[at >>> ARENA_BITS];
        int p = at & ARENA_MASK;
        Object head = chunk[p];
        if (head instanceof ContactValues v) {
            return v;
        }
        String[] names = (String[]) head;
        if (scratch == null) {
            return new ContactValues(names, chunk, p + 1, names.length, word & MAX_FLAT_STAMP);
        }
        scratch.load(names, chunk, p + 1, names.length, word & MAX_FLAT_STAMP);
        return scratch;
    }

    /**
     * Reads what writing the contact's values reads first (its word, and its block's first slot), changing nothing; a
     * value for the caller to keep, so that the reads are not optimized away (see {@link IdentifierLists#touch}).
     */
    int touchValues(int c) {
        long[] w = words;
        if (w == null) {
            return 0;
        }
        long word = w[c];
        if (word == 0) {
            return 0;
        }
        int at = (int) (word >>> 32) - 1;
        return arena[at >>> ARENA_BITS][at & ARENA_MASK] == null ? 0 : 1;
    }

    /**
     * Applies a command's attribute, membership, owner and language changes to the contact, with the stamp of the
     * command; whether anything changed, exactly as {@link ContactValues#applyPatch} says. A command that only sets
     * attributes, on a contact with no values yet or kept flat with the same names, keeps it flat: its values are
     * copied into the arena, with no object of their own.
     */
    boolean applyPatch(int c, UpsertCommand command, long stamp) {
        String[] setNames = command.setNames();
        if (setNames != null && setNames.length < ARENA_CHUNK && stamp <= MAX_FLAT_STAMP && !command.hasMembershipChanges()
                && !command.hasTextChanges()) {
            long[] w = words;
            if (w == null) {
                w = words = new long[capacity()];
            }
            long word = w[c];
            AttributeValue[] setValues = command.setValues();
            int n = setNames.length;
            if (word == 0) {
                // a contact's first values, all set by one command: ContactValues would take the command's arrays
                int at = reserveSlots(n + 1);
                Object[] chunk = arena[at >>> ARENA_BITS];
                int p = at & ARENA_MASK;
                chunk[p] = setNames;
                System.arraycopy(setValues, 0, chunk, p + 1, n);
                w[c] = ((long) (at + 1) << 32) | stamp;
                return true;
            }
            int at = (int) (word >>> 32) - 1;
            Object[] chunk = arena[at >>> ARENA_BITS];
            int p = at & ARENA_MASK;
            if (chunk[p] instanceof String[] names && sameNames(names, setNames)) {
                // every place written again in its order: the values replaced in place, all now of this command
                boolean changed = false;
                for (int k = 0; k < n; k++) {
                    changed |= !java.util.Objects.equals(chunk[p + 1 + k], setValues[k]);
                    chunk[p + 1 + k] = setValues[k];
                }
                chunk[p] = setNames;
                w[c] = ((long) (at + 1) << 32) | stamp;
                return changed;
            }
        }
        return valuesToWrite(c).applyPatch(command, stamp);
    }

    /** Whether a flat contact's names are these, in this order (as ContactValues compares them). */
    private static boolean sameNames(String[] names, String[] setNames) {
        if (names == setNames) {
            return true;
        }
        int n = names.length;
        if (setNames.length != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (!names[k].equals(setNames[k])) {
                return false;
            }
        }
        return true;
    }

    /** The contact's values as an object of their own, made empty ones when it has none, for writing. */
    ContactValues valuesToWrite(int c) {
        long word = words == null ? 0 : words[c];
        if (word != 0) {
            int at = (int) (word >>> 32) - 1;
            Object[] chunk = arena[at >>> ARENA_BITS];
            int p = at & ARENA_MASK;
            if (chunk[p] instanceof ContactValues v) {
                return v;
            }
            // a flat contact's values become an object of their own, in its block's first slot; the rest let go
            String[] names = (String[]) chunk[p];
            ContactValues v = new ContactValues(names, chunk, p + 1, names.length, word & MAX_FLAT_STAMP);
            Arrays.fill(chunk, p + 1, p + 1 + names.length, null);
            chunk[p] = v;
            words[c] = (long) (at + 1) << 32;
            return v;
        }
        ContactValues v = new ContactValues();
        setValues(c, v);
        return v;
    }

    void setValues(int c, ContactValues v) {
        long word = words == null ? 0 : words[c];
        if (word != 0) {
            int at = (int) (word >>> 32) - 1;
            Object[] chunk = arena[at >>> ARENA_BITS];
            int p = at & ARENA_MASK;
            if (chunk[p] instanceof String[] names) {
                Arrays.fill(chunk, p + 1, p + 1 + names.length, null);
            }
            if (v != null) {
                // the block's first slot takes the object
                chunk[p] = v;
                words[c] = (long) (at + 1) << 32;
            } else {
                chunk[p] = null;
                words[c] = 0;
            }
            return;
        }
        if (v == null) {
            return;
        }
        if (words == null) {
            words = new long[capacity()];
        }
        int at = reserveSlots(1);
        arena[at >>> ARENA_BITS][at & ARENA_MASK] = v;
        words[c] = (long) (at + 1) << 32;
    }

    /** Room for {@code n} consecutive slots in the arena (at most ARENA_CHUNK); returns the place of the first. */
    private int reserveSlots(int n) {
        if (arenaTop + n > ARENA_CHUNK) {
            if (arena == null) {
                arena = new Object[4][];
            } else if (arenaChunks == arena.length) {
                arena = Arrays.copyOf(arena, arenaChunks * 2);
            }
            // a place + 1 must fit in an int
            if (arenaChunks == (1 << (31 - ARENA_BITS)) - 1) {
                throw new IllegalStateException("too many values for one book");
            }
            arena[arenaChunks] = new Object[arenaChunks == 0 ? Math.max(FIRST_ARENA_CHUNK, n) : ARENA_CHUNK];
            arenaChunks++;
            arenaTop = 0;
        }
        Object[] last = arena[arenaChunks - 1];
        if (arenaTop + n > last.length) {
            arena[arenaChunks - 1] = Arrays.copyOf(last, Math.min(ARENA_CHUNK, Math.max(2 * last.length, arenaTop + n)));
        }
        int at = ((arenaChunks - 1) << ARENA_BITS) | arenaTop;
        arenaTop += n;
        return at;
    }
}
