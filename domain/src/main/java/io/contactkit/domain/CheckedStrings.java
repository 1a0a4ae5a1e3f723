package io.contactkit.domain;

/**
 * Strings found to pass a check lately, remembered by identity: a file's rows name the same few keys and attribute names,
 * the very same strings row after row, so a check of their characters need run once, not once per row. Direct-mapped by
 * the string's hash (a later string of the same slot replaces the earlier one). Read and written without synchronization,
 * which is safe here: a string never changes, and a thread that reads a slot sees null, an earlier string or a later one,
 * and only compares it by identity with the string it holds.
 */
final class CheckedStrings {

    private final String[] slots;

    /** @param size the number of slots, a power of two */
    CheckedStrings(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two");
        }
        this.slots = new String[size];
    }

    /** Whether this very string (not only an equal one) was {@link #add added}, and not replaced since. */
    boolean contains(String s) {
        return s != null && slots[s.hashCode() & (slots.length - 1)] == s;
    }

    /** Remembers a string that passed the check. */
    void add(String s) {
        slots[s.hashCode() & (slots.length - 1)] = s;
    }
}
