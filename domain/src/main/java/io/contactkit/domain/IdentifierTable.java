package io.contactkit.domain;

import java.util.Arrays;

/**
 * The identity index of a {@link ContactBook}: canonical identifier to contact number, by open
 * addressing with linear probing in flat arrays (no node per entry, no boxing). Each slot holds the
 * identifier's mixed hash and its contact number in one {@code long}, and the identifier itself in a
 * parallel array, so a miss costs one array read and a hit compares the identifier only when the
 * whole 32-bit hash matches. Removal shifts the following run back (no tombstones), so the table
 * never degrades under churn.
 *
 * <p>The contact number stored for an identifier may be one retired by a merge; the book resolves it
 * with its union-find and may store the resolved number back with {@link #setOwner(int, int)}.
 * Not thread-safe. Never leaves the package.
 */
final class IdentifierTable {

    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    // (hash << 32) | (owner + 1); 0 marks an empty slot (owner + 1 is never 0)
    private long[] slots;
    private Identifier[] keys;
    private int mask;
    private int size;
    private int resizeAt;

    /** A table that holds {@code expected} identifiers without growing. */
    IdentifierTable(int expected) {
        int capacity = MIN_CAPACITY;
        long wanted = Math.max(MIN_CAPACITY, (long) expected * 2);
        while (capacity < wanted && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(int capacity) {
        slots = new long[capacity];
        keys = new Identifier[capacity];
        mask = capacity - 1;
        // at most half full: short probe runs, and a miss usually stops at the first slot
        resizeAt = capacity >>> 1;
    }

    /** The hash the table files an identifier under (a bijective mix of {@link Identifier#hashCode()}). */
    static int hash(Identifier identifier) {
        int h = identifier.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    /** The slot holding the identifier, or {@code -1}; {@code hash} is {@link #hash(Identifier)} of it. */
    int find(Identifier identifier, int hash) {
        long[] s = slots;
        int m = mask;
        int i = hash & m;
        while (true) {
            long slot = s[i];
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == hash) {
                Identifier k = keys[i];
                if (k == identifier || k.equals(identifier)) {
                    return i;
                }
            }
            i = (i + 1) & m;
        }
    }

    /** The contact number filed in a slot {@link #find} returned. */
    int owner(int slot) {
        return (int) slots[slot] - 1;
    }

    /** The identifier in a slot {@link #find} returned. */
    Identifier key(int slot) {
        return keys[slot];
    }

    void setOwner(int slot, int owner) {
        slots[slot] = (slots[slot] & 0xFFFF_FFFF_0000_0000L) | ((owner + 1) & 0xFFFF_FFFFL);
    }

    /** Files an identifier that is not in the table. */
    void insert(Identifier identifier, int hash, int owner) {
        if (size >= resizeAt) {
            grow();
        }
        place(identifier, hash, owner);
        size++;
    }

    private void place(Identifier identifier, int hash, int owner) {
        long[] s = slots;
        int m = mask;
        int i = hash & m;
        while (s[i] != 0) {
            i = (i + 1) & m;
        }
        s[i] = ((long) hash << 32) | ((owner + 1) & 0xFFFF_FFFFL);
        keys[i] = identifier;
    }

    /** Removes the identifier in a slot {@link #find} returned. */
    void removeAt(int slot) {
        long[] s = slots;
        int m = mask;
        int hole = slot;
        int i = slot;
        // backward-shift deletion: move up every later entry of the run whose home is not between the hole and it
        while (true) {
            i = (i + 1) & m;
            long next = s[i];
            if (next == 0) {
                break;
            }
            int home = (int) (next >>> 32) & m;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                s[hole] = next;
                keys[hole] = keys[i];
                hole = i;
            }
        }
        s[hole] = 0;
        keys[hole] = null;
        size--;
    }

    /** Removes the identifier if present; true when it was. */
    boolean remove(Identifier identifier) {
        int slot = find(identifier, hash(identifier));
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    private void grow() {
        if (slots.length >= MAX_CAPACITY) {
            throw new IllegalStateException("the identity index is full: " + size + " identifiers");
        }
        long[] oldSlots = slots;
        Identifier[] oldKeys = keys;
        allocate(oldSlots.length << 1);
        for (int i = 0; i < oldSlots.length; i++) {
            long slot = oldSlots[i];
            if (slot != 0) {
                place(oldKeys[i], (int) (slot >>> 32), (int) slot - 1);
            }
        }
    }

    /** Empties the table, keeping its capacity. */
    void clear() {
        Arrays.fill(slots, 0);
        Arrays.fill(keys, null);
        size = 0;
    }
}
