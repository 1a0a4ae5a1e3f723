package io.contactkit.domain;

/**
 * A bounded memo from the bare digits of a phone number to the identifier they normalized to under one
 * policy (so for one default region and one check): a number met again, as in a file where people
 * come back, costs a lookup instead of libphonenumber. Only valid numbers are kept (the reason a number
 * is invalid quotes it as written). Direct-mapped and lossy: a fixed table of {@value #SLOTS} slots,
 * a newer number replacing an older one in its slot, so memory stays bounded however many numbers pass.
 * Thread-safe without locks: a slot holds an immutable entry, replaced whole.
 */
final class PhoneMemo {

    static final int SLOTS = 1 << 16;

    private record Entry(String digits, Identifier identifier) {
    }

    /** Made on the first number, so that a policy which never sees one costs nothing. */
    private volatile Entry[] slots;

    /** The identifier memoized for these digits, or null. */
    Identifier get(String digits) {
        Entry[] table = slots;
        if (table == null) {
            return null;
        }
        Entry e = table[slot(digits)];
        return e != null && e.digits.equals(digits) ? e.identifier : null;
    }

    /** Memoizes an identifier for these digits; returns it. */
    Identifier put(String digits, Identifier identifier) {
        Entry[] table = slots;
        if (table == null) {
            // two threads may both make one: one table wins, the other's entry is merely forgotten
            table = new Entry[SLOTS];
            slots = table;
        }
        table[slot(digits)] = new Entry(digits, identifier);
        return identifier;
    }

    private static int slot(String digits) {
        int h = digits.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
