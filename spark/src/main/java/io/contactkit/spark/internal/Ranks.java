package io.contactkit.spark.internal;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The in-memory engine's id number of every contact: the rank, from 1, of the record that created it
 * among all records that created one. Built on the driver from each replay partition's creating
 * records ({@link #encode}: sorted, as varint gaps, about a byte a record) and broadcast, so every
 * contact, conflict and audit line gets its number without a join or a global sort.
 *
 * <p>Dense record numbers (the usual 1..n) are held as a bitset of n bits with a count before every
 * 512 bits: n / 8 bytes, 1.25 MB at 10^7 records, 125 MB at 10^9. Sparse ones (a record number column
 * with gaps many times larger than the records) as a sorted array of the creating records.
 */
public final class Ranks implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BLOCK = 8; // words per count

    /** Dense: bit r - 1 set for each creating record r; else null. */
    private final long[] words;
    /** Dense: creating records before each block of {@value #BLOCK} words. */
    private final long[] before;
    /** Sparse: the creating records in order; else null. */
    private final long[] sorted;

    private Ranks(long[] words, long[] before, long[] sorted) {
        this.words = words;
        this.before = before;
        this.sorted = sorted;
    }

    /** {@return true when records up to {@code maxRecord} among {@code records} are held best as a bitset} */
    static boolean dense(long maxRecord, long records) {
        return maxRecord / 64 < Integer.MAX_VALUE - 16 && maxRecord <= 64 * records + (1L << 23);
    }

    /** The partition's creating records, sorted, as varint gaps (each record 1 or more). */
    static byte[] encode(long[] records) {
        long[] s = records.clone();
        Arrays.sort(s);
        Wire.Out out = new Wire.Out(s.length + 16);
        long previous = 0;
        for (long r : s) {
            if (r <= previous) {
                throw new IllegalStateException("record " + r + " created two contacts, or is below 1");
            }
            out.varint(r - previous);
            previous = r;
        }
        return out.toBytes();
    }

    /** Gathers the partitions' {@link #encode encoded} creating records. */
    static final class Builder {
        private final long maxRecord;
        private long[] words;
        private long[] sorted = new long[0];
        private int count;

        /** @param maxRecord the largest record number of the run; {@code dense} as {@link Ranks#dense} says */
        Builder(long maxRecord, boolean dense) {
            this.maxRecord = maxRecord;
            this.words = dense ? new long[(int) ((maxRecord + 63) / 64)] : null;
        }

        void add(byte[] encoded) {
            Wire.In in = new Wire.In(encoded);
            long record = 0;
            while (!in.atEnd()) {
                record += in.varint();
                put(record);
            }
        }

        private void put(long record) {
            if (record < 1 || record > maxRecord) {
                throw new IllegalStateException("creating record " + record + " outside 1.." + maxRecord);
            }
            if (words != null) {
                long w = words[(int) ((record - 1) >>> 6)];
                long bit = 1L << ((record - 1) & 63);
                if ((w & bit) != 0) {
                    throw new IllegalStateException("record " + record + " created two contacts");
                }
                words[(int) ((record - 1) >>> 6)] = w | bit;
            } else {
                if (count == sorted.length) {
                    sorted = Arrays.copyOf(sorted, Math.max(16, count * 2));
                }
                sorted[count++] = record;
            }
        }

        /** Words of {@link #words} counted into {@link #sweptCount} by {@link #rankInOrder}. */
        private int swept;
        private long sweptCount;

        /**
         * The rank, from 1, of a creating record among the creating records added so far, for a writer that asks in
         * increasing record order once every creating record below each record asked has been added (records above it
         * may come later): what {@link Ranks#of} of the built ranks will say. Dense ranks only.
         *
         * @throws IllegalStateException if the record created no contact (so far), or the ranks are not dense
         */
        long rankInOrder(long record) {
            if (words == null) {
                throw new IllegalStateException("ranks in order are kept for dense record numbers only");
            }
            long index = record - 1;
            int w = (int) (index >>> 6);
            long bit = 1L << (index & 63);
            if (index < 0 || w >= words.length || (words[w] & bit) == 0) {
                throw new IllegalStateException("record " + record + " created no contact");
            }
            if (w < swept) {
                throw new IllegalStateException("record " + record + " asked after a larger record");
            }
            while (swept < w) {
                sweptCount += Long.bitCount(words[swept++]);
            }
            return sweptCount + Long.bitCount(words[w] & (bit - 1)) + 1;
        }

        Ranks build() {
            if (words == null) {
                long[] s = Arrays.copyOf(sorted, count);
                Arrays.sort(s);
                for (int i = 1; i < s.length; i++) {
                    if (s[i] == s[i - 1]) {
                        throw new IllegalStateException("record " + s[i] + " created two contacts");
                    }
                }
                return new Ranks(null, null, s);
            }
            long[] counts = new long[(words.length + BLOCK - 1) / BLOCK];
            long total = 0;
            for (int w = 0; w < words.length; w++) {
                if (w % BLOCK == 0) {
                    counts[w / BLOCK] = total;
                }
                total += Long.bitCount(words[w]);
            }
            return new Ranks(words, counts, null);
        }
    }

    /**
     * @param record a record that created a contact
     * @return its rank among all creating records, from 1: the number in its contact's id
     * @throws IllegalStateException if the record created no contact
     */
    public long of(long record) {
        if (words == null) {
            int i = Arrays.binarySearch(sorted, record);
            if (i < 0) {
                throw new IllegalStateException("record " + record + " created no contact");
            }
            return i + 1L;
        }
        long index = record - 1;
        int w = (int) (index >>> 6);
        long bit = 1L << (index & 63);
        if (index < 0 || w >= words.length || (words[w] & bit) == 0) {
            throw new IllegalStateException("record " + record + " created no contact");
        }
        long rank = before[w / BLOCK];
        for (int i = w - w % BLOCK; i < w; i++) {
            rank += Long.bitCount(words[i]);
        }
        return rank + Long.bitCount(words[w] & (bit - 1)) + 1;
    }
}
