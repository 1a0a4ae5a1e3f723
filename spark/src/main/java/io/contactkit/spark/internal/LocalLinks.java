package io.contactkit.spark.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * The record–identifier graph contracted within one partition before the distributed rounds: the
 * partition holds {@code (record, identifier)} pairs gathered by identifier, so every record that
 * carries one of its identifiers; a union-find over them joins the records that share any of them,
 * and each record leaves as one edge to the smallest record of its local group (the smallest itself
 * leaves none). The edges of all partitions connect exactly the records the whole graph connects:
 * within a partition they are its groups, and a record whose identifiers fall in several partitions
 * ties their groups together, which the large-star/small-star rounds then resolve. One task's memory
 * holds its partition's distinct identifiers and records (sized by the shuffle's partition count), in
 * flat arrays: the records numbered densely in the order met, the union-find over those numbers.
 *
 * <p>An identifier comes as its 64-bit {@link Prepare#hash hash}: two identifiers with one hash only
 * join two components that share nothing, which the replay then runs in one engine, where they still
 * never touch each other (the engine matches the identifiers themselves); no component is ever split.
 *
 * <p>The pipeline runs the same {@link Contraction} over its pairs in blocks ({@link PairBlocks#edges}); this row form is
 * the reference its tests compare with.
 */
final class LocalLinks implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Counts the edges given, or null. */
    private final LongAccumulator edges;

    LocalLinks() {
        this(null);
    }

    /** @param edges counts the edges given (a task run twice counts twice: read it as a size, not an exact figure) */
    LocalLinks(LongAccumulator edges) {
        this.edges = edges;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
        Contraction contraction = new Contraction();
        while (pairs.hasNext()) {
            Row p = pairs.next();
            contraction.accept(p.getLong(0), p.getLong(1));
        }
        Groups groups = contraction.groups;
        return new Iterator<>() {
            private int at;
            private Row next = advance();

            private Row advance() {
                while (at < groups.size) {
                    int r = at++;
                    int root = groups.find(r);
                    if (root != r) {
                        if (edges != null) {
                            edges.add(1);
                        }
                        return RowFactory.create(groups.records[r], groups.records[root]);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = advance();
                return r;
            }
        };
    }

    /** Takes {@code (record, identifier)} pairs: the records that share an identifier joined in {@link #groups}. */
    static final class Contraction implements PairBlocks.LongPairs {
        final Groups groups;
        /** The first record slot met for each identifier. */
        private final LongSlots carriers;

        Contraction() {
            this(0);
        }

        /** @param pairs about how many pairs will come at most, for sizing (0 when not known) */
        Contraction(int pairs) {
            groups = new Groups(pairs);
            carriers = new LongSlots(pairs);
        }

        @Override
        public void accept(long record, long id) {
            int slot = groups.slot(record);
            int other = carriers.putIfAbsent(id, slot);
            if (other >= 0 && other != slot) {
                groups.union(slot, other);
            }
        }
    }

    /** Records by dense slot, their slots by record, and the union-find over slots (a root is its group's smallest record). */
    static final class Groups {
        long[] records;
        int[] parent;
        int size;
        private final LongSlots slots;

        Groups() {
            this(0);
        }

        /** @param expected about how many records will come at most, for sizing (0 when not known): nothing grows up to it */
        Groups(int expected) {
            int n = Math.max(64, expected);
            records = new long[n];
            parent = new int[n];
            slots = new LongSlots(expected);
        }

        /** The record's slot, given the next free one when it is new. */
        int slot(long record) {
            int s = slots.putIfAbsent(record, size);
            if (s >= 0) {
                return s;
            }
            if (size == records.length) {
                records = Arrays.copyOf(records, size * 2);
                parent = Arrays.copyOf(parent, size * 2);
            }
            records[size] = record;
            parent[size] = size;
            return size++;
        }

        /** The root of a slot's group; the path to it is pointed at the root. */
        int find(int slot) {
            int root = slot;
            while (parent[root] != root) {
                root = parent[root];
            }
            for (int at = slot; parent[at] != root;) {
                int up = parent[at];
                parent[at] = root;
                at = up;
            }
            return root;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                if (records[ra] < records[rb]) {
                    parent[rb] = ra;
                } else {
                    parent[ra] = rb;
                }
            }
        }
    }

    /** An open hash table from {@code long} keys to slots (non-negative {@code int}s), kept in two flat arrays. */
    static final class LongSlots {
        private long[] keys;
        private int[] slots;
        private int size;

        LongSlots() {
            this(0);
        }

        /** @param expected about how many keys will come at most, for sizing (0 when not known): it never grows up to it */
        LongSlots(int expected) {
            // at most half full: a power of two of at least twice the keys
            int n = Math.max(128, Integer.highestOneBit(Math.max(1, Math.min(1 << 29, 2 * expected) - 1)) << 1);
            keys = new long[n];
            slots = filled(n);
        }

        /** The slot already kept for {@code key}, or -1 after keeping {@code slot} (0 or more) for it. */
        int putIfAbsent(long key, int slot) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask;; i = (i + 1) & mask) {
                int s = slots[i];
                if (s < 0) {
                    keys[i] = key;
                    slots[i] = slot;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return -1;
                }
                if (keys[i] == key) {
                    return s;
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldSlots = slots;
            keys = new long[oldKeys.length * 2];
            slots = filled(oldKeys.length * 2);
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldSlots[j] >= 0) {
                    int i = mix(oldKeys[j]) & mask;
                    while (slots[i] >= 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    slots[i] = oldSlots[j];
                }
            }
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** Spreads a key's bits over the table (murmur3's finalizer). */
    private static int mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }
}
