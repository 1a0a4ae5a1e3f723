package io.contactkit.spark.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
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
 * holds its partition's distinct identifiers and records (sized by the shuffle's partition count).
 */
final class LocalLinks implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
        Map<String, Long> carrier = new HashMap<>();
        Map<Long, Long> parent = new HashMap<>();
        while (pairs.hasNext()) {
            Row p = pairs.next();
            long record = p.getLong(0);
            parent.putIfAbsent(record, record);
            Long other = carrier.putIfAbsent(p.getString(1), record);
            if (other != null && other != record) {
                long a = find(parent, record);
                long b = find(parent, other);
                if (a != b) {
                    parent.put(Math.max(a, b), Math.min(a, b));
                }
            }
        }
        carrier = null;
        Iterator<Long> records = parent.keySet().iterator();
        Map<Long, Long> groups = parent;
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (records.hasNext()) {
                    long r = records.next();
                    long root = find(groups, r);
                    if (root != r) {
                        return RowFactory.create(r, root);
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
                    throw new java.util.NoSuchElementException();
                }
                Row r = next;
                next = advance();
                return r;
            }
        };
    }

    /** The root of a record's group; the path to it is pointed at the root (values only: the key set is being walked). */
    private static long find(Map<Long, Long> parent, long record) {
        long root = record;
        for (long up = parent.get(root); up != root; up = parent.get(root)) {
            root = up;
        }
        for (long at = record, up = parent.get(at); up != root; at = up, up = parent.get(at)) {
            parent.put(at, root);
        }
        return root;
    }
}
