package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class LocalLinksTest {

    @Test
    void eachRecordLeavesAsOneEdgeToTheSmallestRecordOfItsGroup() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 40; round++) {
            // pools from tiny (everything one group) to large (mostly alone), records far apart and repeated
            int pairs = 1 + random.nextInt(5_000);
            int pool = 1 + random.nextInt(pairs);
            List<Row> input = new ArrayList<>();
            Map<Long, Long> expected = new HashMap<>(); // record -> its group's smallest record, by a plain union-find
            Map<Long, Long> first = new HashMap<>();
            for (int i = 0; i < pairs; i++) {
                long record = 1 + random.nextLong(1L << (1 + random.nextInt(40)));
                // identifiers come as their 64-bit hashes: any long, negative ones too
                long id = (random.nextBoolean() ? Long.MIN_VALUE : 1L << 40) + random.nextInt(pool);
                input.add(RowFactory.create(record, id));
                expected.putIfAbsent(record, record);
                Long other = first.putIfAbsent(id, record);
                if (other != null) {
                    long a = root(expected, record);
                    long b = root(expected, other);
                    expected.put(Math.max(a, b), Math.min(a, b));
                }
            }
            Map<Long, Long> edges = new HashMap<>();
            new LocalLinks().call(input.iterator()).forEachRemaining(r -> {
                assertTrue(r.getLong(1) < r.getLong(0), r.toString());
                assertEquals(null, edges.put(r.getLong(0), r.getLong(1)), "two edges from " + r.getLong(0));
            });
            Set<Long> roots = new HashSet<>();
            for (long record : expected.keySet()) {
                long root = root(expected, record);
                roots.add(root);
                assertEquals(root == record ? null : root, edges.get(record), "record " + record);
            }
            assertEquals(expected.size() - roots.size(), edges.size());
        }
    }

    private static long root(Map<Long, Long> parent, long record) {
        long r = record;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        return r;
    }
}
