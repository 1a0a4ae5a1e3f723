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
    // null until some contact has attribute or membership values
    private ContactValues[] values;
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
        if (values != null) {
            values = Arrays.copyOf(values, capacity);
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

    /** The contact's attribute and membership values, or {@code null} when it has none. */
    ContactValues values(int c) {
        return values == null ? null : values[c];
    }

    /** The contact's values, made empty ones when it has none, for writing. */
    ContactValues valuesToWrite(int c) {
        if (values == null) {
            values = new ContactValues[capacity()];
        }
        ContactValues v = values[c];
        if (v == null) {
            v = new ContactValues();
            values[c] = v;
        }
        return v;
    }

    void setValues(int c, ContactValues v) {
        if (values == null) {
            if (v == null) {
                return;
            }
            values = new ContactValues[capacity()];
        }
        values[c] = v;
    }
}
