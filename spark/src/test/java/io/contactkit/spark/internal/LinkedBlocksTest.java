package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class LinkedBlocksTest {

    private static final RecordMapping CSV = RecordMapping.csv(List.of("email", "phone", "firstName"), Strategy.MERGE, "US", List.of());

    @Test
    void aWalkFindsWhatABinarySearchFinds() {
        SplittableRandom r = new SplittableRandom(5);
        long[] vertices = new long[5_000];
        long v = 0;
        for (int i = 0; i < vertices.length; i++) {
            v += 1 + (r.nextInt(10) == 0 ? r.nextInt(100_000) : r.nextInt(3));
            vertices[i] = v;
        }
        Components.Walk walk = new Components.Local(vertices, vertices.clone(), vertices.length, 1).walk();
        // runs of increasing vertices (a task's records), some starting again lower (another task's walk, or a test's)
        for (int run = 0; run < 40; run++) {
            long q = r.nextLong(v + 10);
            for (int i = 0; i < 2_000 && q < v + 1_000; i++) {
                assertEquals(Arrays.binarySearch(vertices, q), walk.indexOf(q), "vertex " + q);
                q += r.nextInt(20) == 0 ? r.nextInt(200_000) : r.nextInt(4);
            }
        }
        assertTrue(walk.indexOf(0) < 0);
        assertEquals(0, walk.indexOf(vertices[0]));
        assertEquals(vertices.length - 1, walk.indexOf(vertices[vertices.length - 1]));
        assertEquals(-vertices.length - 1, walk.indexOf(Long.MAX_VALUE));
    }

    @Test
    void eachPartitionMergesItsWholeComponentsInRecordOrderWithTheirCommands() {
        SplittableRandom r = new SplittableRandom(9);
        int parts = 6;
        int partitions = 5;
        List<List<Row>> read = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            List<Row> blocks = new ArrayList<>();
            RecordBlocks.Builder builder = new RecordBlocks.Builder(CSV, IdentityRules.NONE);
            for (int place = 1; place <= 700; place++) {
                long key = Numbering.key(part, place);
                String[] cells = {r.nextInt(8) == 0 ? "bad@" : "u" + r.nextInt(100_000) + "@example.com",
                    "(201) 402-" + (1000 + r.nextInt(9000)), r.nextBoolean() ? "Zoë" : null};
                PreparedRecord p = CSV.cells(key, cells.clone());
                builder.add(p, cells);
                if (!p.isRejected()) {
                    keys.add(key);
                }
                if (place % 250 == 0) {
                    blocks.add(RowFactory.create((Object) builder.take()));
                }
            }
            blocks.add(RowFactory.create((Object) builder.take()));
            read.add(blocks);
        }
        // a random table: about half the valid records in components of 2 to 6 spread over the parts
        List<Long> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(3));
        TreeMap<Long, Long> rootOf = new TreeMap<>();
        for (int i = 0; i + 6 < shuffled.size() / 2;) {
            int size = 2 + r.nextInt(5);
            List<Long> members = new ArrayList<>(shuffled.subList(i, i + size));
            long root = Collections.min(members);
            members.forEach(m -> rootOf.put(m, root));
            i += size;
        }
        long[] vertices = rootOf.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] roots = rootOf.values().stream().mapToLong(Long::longValue).toArray();
        Components.Local table = new Components.Local(vertices, roots, 0, 6);

        // what the row form gives, by record: the command of every linked record
        Map<Long, byte[]> want = new HashMap<>();
        for (List<Row> blocks : read) {
            for (Row b : blocks) {
                RecordBlocks.linked((byte[]) b.get(0), table).forEachRemaining(row -> want.put(row.getLong(1), (byte[]) row.get(2)));
            }
        }
        assertEquals(vertices.length, want.size());

        // each part's blocks by partition, then shuffled a block at a time (in any order)
        List<List<byte[]>> gathered = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            gathered.add(new ArrayList<>());
        }
        for (List<Row> blocks : read) {
            Iterator<Tuple2<Integer, byte[]>> out = LinkedBlocks.byPartition(blocks.iterator(), table, partitions);
            out.forEachRemaining(t -> gathered.get(t._1()).add(t._2()));
        }
        Map<Long, Integer> partitionOfRoot = new HashMap<>();
        int seen = 0;
        for (int p = 0; p < partitions; p++) {
            Collections.shuffle(gathered.get(p), new Random(p));
            long last = Long.MIN_VALUE;
            LinkedBlocks.Merged merged = LinkedBlocks.merged(gathered.get(p).iterator());
            int before = seen;
            long counted = merged.records();
            while (merged.hasNext()) {
                Row row = merged.next();
                long key = row.getLong(0);
                assertTrue(key > last, "record order");
                last = key;
                assertArrayEquals(want.get(key), (byte[]) row.get(1), "the command of " + key);
                Integer was = partitionOfRoot.put(rootOf.get(key), p);
                assertTrue(was == null || was == p, "a component split over two partitions");
                seen++;
            }
            assertEquals(counted, seen - before, "the records the blocks count");
        }
        assertEquals(want.size(), seen);
        assertTrue(partitionOfRoot.values().stream().distinct().count() == partitions, "every partition gets components");
    }

    @Test
    void aRecordInTwoBlocksStopsTheMerge() {
        Wire.Out block = new Wire.Out(16).fixed64(1).varint(7).bytes(new byte[] {1, 2});
        Iterator<Row> merged = LinkedBlocks.merged(List.of(block.toBytes(), block.toBytes()).iterator());
        merged.next();
        assertThrows(IllegalStateException.class, merged::next);
    }

    @Test
    void recordsOutOfKeyOrderAreRefusedWhereTheyAreWritten() {
        LinkedBlocks.Writer w = new LinkedBlocks.Writer(1);
        w.add(1, 5, new byte[1], 0, 1);
        assertThrows(IllegalStateException.class, () -> w.add(1, 5, new byte[1], 0, 1));
    }
}
