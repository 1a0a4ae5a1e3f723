package io.contactkit.spark.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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
 */
final class LocalLinks implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
        Groups groups = new Groups();
        Carriers carriers = new Carriers();
        while (pairs.hasNext()) {
            Row p = pairs.next();
            int record = groups.slot(p.getLong(0));
            int other = carriers.putIfAbsent(p.getString(1), record);
            if (other >= 0 && other != record) {
                groups.union(record, other);
            }
        }
        return new Iterator<>() {
            private int at;
            private Row next = advance();

            private Row advance() {
                while (at < groups.size) {
                    int r = at++;
                    int root = groups.find(r);
                    if (root != r) {
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

    /** Records by dense slot, a hash table from record to slot, and the union-find over slots (a root is its group's smallest record). */
    static final class Groups {
        long[] records = new long[64];
        int[] parent = new int[64];
        int size;
        private long[] keys = new long[128];
        private int[] slots = filled(128);

        /** The record's slot, given the next free one when it is new. */
        int slot(long record) {
            int mask = keys.length - 1;
            for (int i = mix(record) & mask;; i = (i + 1) & mask) {
                int s = slots[i];
                if (s < 0) {
                    if (size == records.length) {
                        records = Arrays.copyOf(records, size * 2);
                        parent = Arrays.copyOf(parent, size * 2);
                    }
                    records[size] = record;
                    parent[size] = size;
                    keys[i] = record;
                    slots[i] = size;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return size - 1;
                }
                if (keys[i] == record) {
                    return s;
                }
            }
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

    /** The first record slot met for each identifier: an open hash table of the texts. */
    static final class Carriers {
        private String[] keys = new String[128];
        private int[] slots = new int[128];
        private int size;

        /** The slot already kept for {@code id}, or -1 after keeping {@code slot} for it. */
        int putIfAbsent(String id, int slot) {
            int mask = keys.length - 1;
            for (int i = mix(id.hashCode()) & mask;; i = (i + 1) & mask) {
                String k = keys[i];
                if (k == null) {
                    keys[i] = id;
                    slots[i] = slot;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return -1;
                }
                if (k.equals(id)) {
                    return slots[i];
                }
            }
        }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldSlots = slots;
            keys = new String[oldKeys.length * 2];
            slots = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = mix(oldKeys[j].hashCode()) & mask;
                    while (keys[i] != null) {
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
