package io.contactkit.spark.internal;

import java.io.Serializable;

/**
 * Record numbers from the keys records carry through the components: the keys themselves, or, for a
 * file read in parts in one pass ({@link PartedRead}), a part's index and the record's place in it
 * ({@link #key}), turned into the record's number once every part's count is known. Such keys order the
 * records as their numbers do, so the components, their smallest records and every sort by key are
 * those of the numbers; the numbers themselves are needed only where the engine runs and where lines
 * name records.
 */
public final class Numbering implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Bits of a key below its part's index: up to 2^40 records in a part, 2^23 parts. */
    static final int SHIFT = 40;

    /** Keys that are the record numbers. */
    public static final Numbering NUMBERS = new Numbering(null);

    /** Records before each part, or null when keys are numbers. */
    private final long[] before;

    private Numbering(long[] before) {
        this.before = before;
    }

    /**
     * @param counts the records of each part, in file order
     * @return the numbering of {@link #key keys} from parts with these counts
     */
    static Numbering parts(long[] counts) {
        long[] before = new long[counts.length];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            before[i] = total;
            total += counts[i];
        }
        return new Numbering(before);
    }

    /** {@return the key of the {@code place}-th record (from 1) of part {@code part}} */
    static long key(int part, long place) {
        return ((long) part << SHIFT) + place;
    }

    /**
     * @param key a record's key
     * @return its record number
     */
    public long record(long key) {
        if (before == null) {
            return key;
        }
        return before[(int) (key >>> SHIFT)] + (key & ((1L << SHIFT) - 1));
    }
}
