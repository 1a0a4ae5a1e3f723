package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
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
import scala.Tuple2;

class PairBlocksTest {

    @Test
    void eachBucketReadsBackItsPairsInOrderAndAnIdentifierStaysInOneBucket() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 30; round++) {
            int buckets = 1 + random.nextInt(12);
            List<Row> pairs = randomPairs(random);
            List<List<Row>> expected = new ArrayList<>();
            for (int b = 0; b < buckets; b++) {
                expected.add(new ArrayList<>());
            }
            for (Row p : pairs) {
                expected.get(PairBlocks.bucket(p.getLong(1), buckets)).add(p);
            }
            Map<Long, Integer> bucketOf = new HashMap<>();
            Set<Integer> seen = new HashSet<>();
            PairBlocks.ofRows(pairs.iterator(), buckets).forEachRemaining(t -> {
                assertTrue(seen.add(t._1()), "two blocks for bucket " + t._1());
                List<Row> got = new ArrayList<>();
                PairBlocks.readPairs(t._2(), (record, id) -> got.add(RowFactory.create(record, id)));
                assertEquals(expected.get(t._1()), got);
                for (Row p : got) {
                    Integer other = bucketOf.putIfAbsent(p.getLong(1), t._1());
                    assertTrue(other == null || other.equals(t._1()), "identifier " + p.getLong(1) + " in two buckets");
                }
            });
            for (int b = 0; b < buckets; b++) {
                assertEquals(!expected.get(b).isEmpty(), seen.contains(b), "bucket " + b);
            }
        }
    }

    @Test
    void aBucketsEdgeBlockHoldsTheEdgesLocalLinksGivesForItsPairs() {
        SplittableRandom random = new SplittableRandom(15);
        for (int round = 0; round < 30; round++) {
            List<Row> pairs = randomPairs(random);
            // one bucket's pairs split over blocks from several partitions, as the shuffle brings them
            List<byte[]> blocks = new ArrayList<>();
            for (int from = 0; from < pairs.size();) {
                int to = Math.min(pairs.size(), from + 1 + random.nextInt(pairs.size()));
                PairBlocks.ofRows(pairs.subList(from, to).iterator(), 1).forEachRemaining(t -> blocks.add(t._2()));
                from = to;
            }
            Map<Long, Long> want = new HashMap<>();
            new LocalLinks().call(pairs.iterator()).forEachRemaining(r -> want.put(r.getLong(0), r.getLong(1)));
            byte[] edges = PairBlocks.edges(blocks.iterator(), null);
            Map<Long, Long> got = new HashMap<>();
            PairBlocks.readEdges(edges, (a, b) -> assertEquals(null, got.put(a, b), "two edges from " + a));
            assertEquals(want, got);
            List<Row> rows = new ArrayList<>();
            PairBlocks.edgeRows(edges).forEachRemaining(rows::add);
            assertEquals(want.size(), rows.size());
            // the driver's union-find gives the same components from the blocks as from the rows
            Components.Local fromRows = Components.onDriver(rows);
            Components.Local fromBlocks = Components.onDriverBlocks(List.of(edges, new byte[0]), 0);
            assertArrayEquals(fromRows.vertices(), fromBlocks.vertices());
            assertEquals(fromRows.linked(), fromBlocks.linked());
            assertEquals(fromRows.components(), fromBlocks.components());
            assertEquals(fromRows.largest(), fromBlocks.largest());
        }
    }

    @Test
    void recordBlocksWriteTheSamePairsAsTheirRows() {
        RecordMapping csv = RecordMapping.csv(List.of("email", "phone"), Strategy.MERGE, "US", List.of());
        RecordBlocks.Builder builder = new RecordBlocks.Builder(csv, IdentityRules.NONE);
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 1; i <= 2_000; i++) {
            String[] cells = {random.nextInt(6) == 0 ? "bad@" : "u" + random.nextInt(300) + "@example.com",
                random.nextBoolean() ? null : "(201) 402-" + (1000 + random.nextInt(9000))};
            builder.add(csv.cells(i, cells.clone()), cells);
        }
        byte[] block = builder.take();
        List<Row> rows = new ArrayList<>();
        RecordBlocks.pairs(block).forEachRemaining(rows::add);
        List<Tuple2<Integer, byte[]>> want = new ArrayList<>();
        PairBlocks.ofRows(rows.iterator(), 5).forEachRemaining(want::add);
        List<Tuple2<Integer, byte[]>> got = new ArrayList<>();
        PairBlocks.ofRecords(List.of(RowFactory.create((Object) block)).iterator(), 5).forEachRemaining(got::add);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i)._1(), got.get(i)._1());
            assertArrayEquals(want.get(i)._2(), got.get(i)._2());
        }
        assertTrue(rows.size() > 2_000, rows.size() + " pairs");
    }

    /** Pairs with records in any order and far apart, identifiers as any 64-bit hash, pools from tiny to large. */
    private static List<Row> randomPairs(SplittableRandom random) {
        int n = 1 + random.nextInt(3_000);
        int pool = 1 + random.nextInt(n);
        List<Row> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long record = 1 + random.nextLong(1L << (1 + random.nextInt(50)));
            long id = random.nextBoolean() ? random.nextLong() : (random.nextBoolean() ? Long.MIN_VALUE : 1L << 40) + random.nextInt(pool);
            pairs.add(RowFactory.create(record, id));
        }
        return pairs;
    }
}
