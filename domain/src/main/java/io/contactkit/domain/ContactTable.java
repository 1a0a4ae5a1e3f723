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

    /** Contact numbers handed out so far (live, retired and deleted contacts). */
    int count;
    /** Live contacts: neither deleted nor retired. */
    int live;
    int[] parent;
    int[] head;
    int[] tail;
    // the flags are a quarter of the parents' size, so more likely in cache: tested before the parents
    byte[] flags;
    Instant[] createdAt;
    Instant[] updatedAt;
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
        createdAt = new Instant[contacts];
        updatedAt = new Instant[contacts];
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
        createdAt[c] = created;
        updatedAt[c] = created;
        live++;
        return c;
    }

    private void grow() {
        int capacity = grownCapacity(parent.length);
        parent = Arrays.copyOf(parent, capacity);
        head = Arrays.copyOf(head, capacity);
        tail = Arrays.copyOf(tail, capacity);
        flags = Arrays.copyOf(flags, capacity);
        createdAt = Arrays.copyOf(createdAt, capacity);
        updatedAt = Arrays.copyOf(updatedAt, capacity);
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

    /** Created earlier: by creation time, then by creation position. */
    boolean isOlder(int a, int b) {
        Instant ta = createdAt[a];
        Instant tb = createdAt[b];
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
