package io.contactkit.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.spark.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large-star/small-star finds exactly the components a union-find finds, and the replay never splits one. */
// Spark runs dozens of small jobs per deduplication: on a loaded machine one test can outlast the build's default of 180 s
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ComponentsTest {

    private static final StructType EDGES = DataTypes.createStructType(List.of(
            DataTypes.createStructField("a", DataTypes.LongType, false),
            DataTypes.createStructField("b", DataTypes.LongType, false)));

    private final SparkSession spark = LocalSpark.session();

    @Test
    void randomGraphsGetTheirSmallestVertexAsRoot() {
        for (long seed = 1; seed <= 2; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int vertices = 1_000;
            List<long[]> edges = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                edges.add(new long[] {1 + r.nextInt(vertices), 1 + r.nextInt(vertices)});
            }
            assertEquals(reference(edges), roots(Components.of(frame(edges)).roots()), "seed " + seed);
        }
    }

    @Test
    void aLongChainInScrambledOrderIsOneComponent() {
        int n = 1_200;
        SplittableRandom r = new SplittableRandom(9);
        long[] label = new long[n];
        for (int i = 0; i < n; i++) {
            label[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = label[i];
            label[i] = label[j];
            label[j] = t;
        }
        List<long[]> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            edges.add(new long[] {label[i - 1], label[i]});
        }
        Components.Result result = Components.of(frame(edges));
        Map<Long, Long> roots = roots(result.roots());
        assertEquals(n - 1, roots.size());
        assertTrue(roots.values().stream().allMatch(v -> v == 1L));
        assertTrue(result.rounds() > 1 && result.rounds() < 40, "rounds " + result.rounds());
    }

    @Test
    void theDriversUnionFindFindsTheSameComponentsWithTheirSizes() {
        // vertices as record keys and numbers are (packed with their slots for the sort), and too large or negative for that
        for (long seed = 1; seed <= 6; seed++) {
            long offset = seed <= 3 ? 0 : seed == 4 ? Long.MAX_VALUE - 2_000 : seed == 5 ? -500 : Long.MIN_VALUE;
            SplittableRandom r = new SplittableRandom(seed);
            List<long[]> edges = new ArrayList<>();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                long[] e = {offset + 1 + r.nextInt(1_000), offset + 1 + r.nextInt(1_000)};
                edges.add(e);
                rows.add(RowFactory.create(e[0], e[1]));
            }
            Components.Local local = Components.onDriver(rows);
            Map<Long, Long> nonRoots = new HashMap<>();
            Map<Long, Long> sizes = new HashMap<>();
            for (Row v : local.linked()) {
                sizes.merge(v.getLong(1), 1L, Long::sum);
                if (v.getLong(0) != v.getLong(1)) {
                    assertEquals(null, nonRoots.put(v.getLong(0), v.getLong(1)), "vertex " + v.getLong(0) + " twice");
                }
            }
            Map<Long, Long> expected = reference(edges);
            assertEquals(expected, nonRoots, "seed " + seed);
            // every vertex once, roots included
            assertEquals(expected.size() + sizes.size(), local.linked().size());
            assertEquals(sizes.size(), local.components());
            assertEquals(sizes.values().stream().mapToLong(Long::longValue).max().orElse(0), local.largest());
        }
        // a long chain in scrambled order is one component, whichever way its edges come
        List<Row> chain = new ArrayList<>();
        for (long i = 1_200; i > 1; i -= 2) {
            chain.add(RowFactory.create(i, i - 1));
        }
        for (long i = 2; i < 1_200; i += 2) {
            chain.add(RowFactory.create(i, i + 1));
        }
        Components.Local local = Components.onDriver(chain);
        assertEquals(1, local.components());
        assertEquals(1_200, local.largest());
        assertTrue(local.linked().stream().allMatch(v -> v.getLong(1) == 1L));
    }

    @Test
    void theDriversTableFindsEachRecordsComponentAfterSparksJavaOrKryoSerializer() {
        // components {3, 9, 12}, {5, 7}; 4 and 10 alone
        Components.Local local = Components.onDriver(List.of(RowFactory.create(12L, 9L), RowFactory.create(9L, 3L), RowFactory.create(7L, 5L)));
        SparkConf conf = new SparkConf();
        for (Serializer serializer : List.of(new JavaSerializer(conf), new KryoSerializer(conf))) {
            SerializerInstance instance = serializer.newInstance();
            ClassTag<Components.Local> tag = ClassTag$.MODULE$.apply(Components.Local.class);
            Components.Local sent = instance.deserialize(instance.serialize(local, tag), tag);
            String name = serializer.getClass().getSimpleName();
            assertEquals(2, sent.components(), name);
            assertEquals(3, sent.largest(), name);
            for (long r : new long[] {3, 9, 12}) {
                assertEquals(3L, sent.component(r), name + ": " + r);
            }
            assertEquals(5L, sent.component(5), name);
            assertEquals(5L, sent.component(7), name);
            assertNull(sent.component(4), name);
            assertNull(sent.component(10), name);
            for (long r = 0; r <= 13; r++) {
                assertEquals(sent.component(r) != null, sent.contains(r), name + ": " + r);
            }
        }
    }

    @Test
    void theReplayNeverSplitsAComponentAcrossPartitions() {
        SplittableRandom r = new SplittableRandom(4);
        List<Row> rows = new ArrayList<>();
        for (long record = 1; record <= 5_000; record++) {
            // one giant component, many small ones
            long component = r.nextInt(10) == 0 ? 1 : 1 + r.nextInt(800);
            rows.add(RowFactory.create(component, record, null, null));
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("component", DataTypes.LongType, false),
                DataTypes.createStructField("record", DataTypes.LongType, false),
                DataTypes.createStructField("cells", DataTypes.createArrayType(DataTypes.StringType), true),
                DataTypes.createStructField("json", DataTypes.StringType, true)));
        Dataset<Row> placed = Pipeline.byComponent(spark.createDataFrame(rows, schema), 7)
                .withColumn("partition", spark_partition_id());
        long split = placed.groupBy("component").agg(countDistinct("partition").as("partitions"))
                .where(col("partitions").gt(1)).count();
        assertEquals(0, split);
        // and each partition is in record order
        for (Row part : placed.groupBy("partition").agg(org.apache.spark.sql.functions.collect_list("record")).collectAsList()) {
            List<Long> records = part.getList(1);
            for (int i = 1; i < records.size(); i++) {
                assertTrue(records.get(i - 1) < records.get(i));
            }
        }
    }

    private Dataset<Row> frame(List<long[]> edges) {
        List<Row> rows = new ArrayList<>();
        for (long[] e : edges) {
            rows.add(RowFactory.create(e[0], e[1]));
        }
        return spark.createDataFrame(rows, EDGES);
    }

    private static Map<Long, Long> roots(Dataset<Row> roots) {
        Map<Long, Long> out = new HashMap<>();
        for (Row row : roots.collectAsList()) {
            if (out.put(row.getLong(0), row.getLong(1)) != null) {
                throw new AssertionError("vertex " + row.getLong(0) + " has two roots");
            }
        }
        return out;
    }

    /** Union-find: every vertex that is not its component's smallest, mapped to that smallest. */
    private static Map<Long, Long> reference(List<long[]> edges) {
        Map<Long, Long> parent = new HashMap<>();
        for (long[] e : edges) {
            long a = find(parent, e[0]);
            long b = find(parent, e[1]);
            if (a != b) {
                parent.put(Math.max(a, b), Math.min(a, b));
            }
        }
        Map<Long, Long> out = new HashMap<>();
        for (long v : new ArrayList<>(parent.keySet())) {
            long root = find(parent, v);
            if (root != v) {
                out.put(v, root);
            }
        }
        return out;
    }

    private static long find(Map<Long, Long> parent, long v) {
        parent.putIfAbsent(v, v);
        long root = v;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        return root;
    }
}
