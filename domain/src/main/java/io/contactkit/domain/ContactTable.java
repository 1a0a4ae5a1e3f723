package io.contactkit.domain;

import java.time.Instant;
import java.util.Arrays;

/**
 * Storage of a {@link ContactBook}: its contacts, numbered in creation order, as parallel arrays
 * grown together. Holds the state; the parts that act on it ({@link UnionFind} on {@link #parent},
 * {@link IdentifierLists} on {@link #head} and {@link #tail}, the book's writes on the rest) read and
 * write the arrays directly, so the engine's hot loops index flat arrays and call nothing.
 *
 * <p>Per contact number: its union-find parent (itself, or the survivor of the merge that retired
 * it), the first and last ref of its list of identifiers in the identifier table's arena, its
 * {@link #DELETED}/{@link #RETIRED} flags, its timestamps and, only for contacts that have any, its
 * attribute and membership values. Not thread-safe; never leaves the package.
 */
final class ContactTable {

    /** No contact (and no ref: the end of a list). */
    static final int NONE = -1;
    static final byte DELETED = 1;
    static final byte RETIRED = 2;
    /** Scratch mark of a contact while a merge is planned; clear between commands. */
    static final byte MARK = 4;
    // the contact's creation time is in createdAt, not the common instant
    private static final byte OWN_CREATED = 8;
    // the contact's update time is in updatedAt, not the common instant
    private static final byte OWN_UPDATED = 16;

    /** Contact numbers handed out so far (live, retired and deleted contacts). */
    int count;
    /** Live contacts: neither deleted nor retired. */
    int live;
    int[] parent;
    int[] head;
    int[] tail;
    // the flags are a quarter of the parents' size, so more likely in cache: tested before the parents
    byte[] flags;
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
        int contacts = Math.max(16, expectedContacts);
        parent = new int[contacts];
        head = new int[contacts];
        tail = new int[contacts];
        flags = new byte[contacts];
    }

    /** Room for so many contacts before the arrays grow. */
    int capacity() {
        return parent.length;
    }

    /** Numbers a new live contact created (and last updated) at {@code created}, with no identifiers. */
    int add(Instant created) {
        if (count == parent.length) {
            grow();
        }
        int c = count++;
        parent[c] = c;
        head[c] = NONE;
        tail[c] = NONE;
        flags[c] = 0;
        if (common == null) {
            common = created;
        }
        if (!isCommon(created)) {
            createdAt = own(createdAt);
            createdAt[c] = created;
            updatedAt = own(updatedAt);
            updatedAt[c] = created;
            flags[c] = OWN_CREATED | OWN_UPDATED;
        }
        live++;
        return c;
    }

    private void grow() {
        int capacity = grownCapacity(parent.length);
        parent = Arrays.copyOf(parent, capacity);
        head = Arrays.copyOf(head, capacity);
        tail = Arrays.copyOf(tail, capacity);
        flags = Arrays.copyOf(flags, capacity);
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
        return (flags[c] & (DELETED | RETIRED)) == 0;
    }

    boolean isDeleted(int c) {
        return (flags[c] & DELETED) != 0;
    }

    boolean isRetired(int c) {
        return (flags[c] & RETIRED) != 0;
    }

    private boolean isCommon(Instant t) {
        return t == common || t.equals(common);
    }

    private Instant[] own(Instant[] times) {
        return times != null ? times : new Instant[parent.length];
    }

    /** The contact's creation time. */
    Instant createdAt(int c) {
        return (flags[c] & OWN_CREATED) == 0 ? common : createdAt[c];
    }

    /** The contact's last update time. */
    Instant updatedAt(int c) {
        return (flags[c] & OWN_UPDATED) == 0 ? common : updatedAt[c];
    }

    /** Sets the contact's last update time. */
    void setUpdatedAt(int c, Instant t) {
        if (isCommon(t)) {
            flags[c] &= ~OWN_UPDATED;
        } else {
            updatedAt = own(updatedAt);
            updatedAt[c] = t;
            flags[c] |= OWN_UPDATED;
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
            values = new ContactValues[parent.length];
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
            values = new ContactValues[parent.length];
        }
        values[c] = v;
    }
}
