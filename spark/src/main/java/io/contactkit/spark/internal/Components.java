package io.contactkit.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Connected components of an undirected graph on {@code long} vertices by alternating large-star and
 * small-star rounds (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii: "Connected Components in
 * MapReduce and Beyond", SoCC 2014), on DataFrames. Each round's edges are checkpointed, so the lineage
 * (and the plans Spark analyses) stays one round long however many rounds a long chain needs.
 *
 * <p>Edges are kept as {@code (hi, lo)} with {@code hi > lo}. Each step gathers every vertex's
 * neighbours with one shuffle, sorted, so repeated edges are skipped where they meet and no separate
 * {@code distinct} is needed; a round is one job of two shuffles. The rounds end when the edges form
 * stars: no vertex is both a {@code hi} and a {@code lo}, and each {@code hi} has one {@code lo}. Then
 * each star is one component and its centre, the {@code lo}, is the component's smallest vertex. The
 * large-star step sees every vertex's whole neighbourhood, so it checks that on its input as it goes
 * (an accumulator): the round that finds its input already stars is the last, and its output is those
 * stars with repeated edges dropped.
 */
public final class Components {

    /** The outcome: each non-root vertex and the smallest vertex of its component; and how many rounds it took. */
    public record Result(Dataset<Row> roots, int rounds) {
    }

    /**
     * The outcome of {@link #onDriver}: every vertex, in increasing order, with the smallest vertex of its component
     * (roots included), how many components and the largest one's vertices. Small enough to send to every executor
     * as it is (16 bytes a vertex), where {@link #component} finds a vertex's component without a join. A class, not a
     * record: Spark's Kryo serializer, when a session uses it for broadcasts, cannot make records.
     */
    public static final class Local implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private final long[] vertices;
        private final long[] roots;
        private final long components;
        private final long largest;

        Local(long[] vertices, long[] roots, long components, long largest) {
            this.vertices = vertices;
            this.roots = roots;
            this.components = components;
            this.largest = largest;
        }

        /** {@return the vertices, in increasing order} */
        public long[] vertices() {
            return vertices;
        }

        /** {@return how many components} */
        public long components() {
            return components;
        }

        /** {@return the largest component's vertices} */
        public long largest() {
            return largest;
        }

        /** {@return true when the vertex is in a component of two or more (no box made)} */
        public boolean contains(long vertex) {
            return java.util.Arrays.binarySearch(vertices, vertex) >= 0;
        }

        /** {@return a walk over the vertices, for one task's records in increasing order} */
        Walk walk() {
            return new Walk(vertices);
        }

        /** {@return the smallest vertex of the component of the vertex at {@code index} ({@link #indexOf})} */
        long root(int index) {
            return roots[index];
        }

        /**
         * @param vertex a vertex
         * @return the smallest vertex of its component, or null when it is in none (a record alone)
         */
        public Long component(long vertex) {
            int i = java.util.Arrays.binarySearch(vertices, vertex);
            return i < 0 ? null : roots[i];
        }

        /** {@return every vertex and the smallest vertex of its component, as {@link #LINKED} rows} */
        public List<Row> linked() {
            List<Row> rows = new ArrayList<>(vertices.length);
            for (int i = 0; i < vertices.length; i++) {
                rows.add(RowFactory.create(vertices[i], roots[i]));
            }
            return rows;
        }
    }

    /**
     * Finds vertices asked for in increasing order (a task's records) by walking forward from the last one asked for,
     * a step and then a gallop, so neighbouring records cost a comparison or two on memory read in order instead of a
     * binary search over the whole table each; a vertex below the last one asked for starts again from the beginning.
     */
    static final class Walk {
        private final long[] vertices;
        /** Every vertex before it is below the last vertex asked for. */
        private int at;

        Walk(long[] vertices) {
            this.vertices = vertices;
        }

        /**
         * @param vertex a vertex
         * @return where it is among {@link Local#vertices}, or a negative number when it is in no component (as
         *         {@link java.util.Arrays#binarySearch(long[], long)} gives)
         */
        int indexOf(long vertex) {
            long[] a = vertices;
            int lo = at;
            if (lo > 0 && a[lo - 1] >= vertex) {
                lo = 0;
            }
            // every a[i] below lo is below the vertex; gallop until a[hi] is not (or the end)
            int hi = lo;
            int step = 1;
            while (hi < a.length && a[hi] < vertex) {
                lo = hi + 1;
                hi = lo + step;
                step <<= 1;
            }
            int i = java.util.Arrays.binarySearch(a, lo, Math.min(hi + 1, a.length), vertex);
            at = i >= 0 ? i : -i - 1;
            return i;
        }
    }

    /** {@code (record, component)}: a vertex and the smallest vertex of its component. */
    static final StructType LINKED = DataTypes.createStructType(List.of(
            DataTypes.createStructField("record", DataTypes.LongType, false),
            DataTypes.createStructField("component", DataTypes.LongType, false)));

    static final StructType EDGES = DataTypes.createStructType(List.of(
            DataTypes.createStructField("hi", DataTypes.LongType, false),
            DataTypes.createStructField("lo", DataTypes.LongType, false)));

    private Components() {
    }

    /**
     * @param edges two {@code long} columns {@code a}, {@code b}; self-loops and repeats allowed
     * @return {@code (node, root)} for every vertex that is not the smallest of its component
     */
    public static Result of(Dataset<Row> edges) {
        Dataset<Row> e = edges.select(greatest(col("a"), col("b")).as("hi"), least(col("a"), col("b")).as("lo"))
                .where(col("hi").notEqual(col("lo")));
        int rounds = 0;
        while (true) {
            rounds++;
            LongAccumulator notStars = e.sparkSession().sparkContext().longAccumulator();
            e = truncate(smallStar(largeStar(e, notStars)));
            if (notStars.value() == 0) {
                break;
            }
        }
        return new Result(e.select(col("hi").as("node"), col("lo").as("root")), rounds);
    }

    /**
     * The same components by a union-find on the driver, for a graph whose edges the driver holds at once
     * (the rounds' jobs then cost more than the edges: at a million records, after {@link LocalLinks}, the
     * component stage took 2-2.6 s this way against 7 s with the rounds, on one machine).
     *
     * @param edges two {@code long} columns; self-loops and repeats allowed
     */
    public static Local onDriver(Iterable<Row> edges) {
        LocalLinks.Groups groups = new LocalLinks.Groups();
        for (Row e : edges) {
            groups.union(groups.slot(e.getLong(0)), groups.slot(e.getLong(1)));
        }
        return local(groups);
    }

    /**
     * The same as {@link #onDriver}, from {@link PairBlocks#edges edge blocks}.
     *
     * @param edges about how many edges the blocks hold (0 when not known), for sizing: nothing grows up to it
     */
    static Local onDriverBlocks(Iterable<byte[]> edgeBlocks, long edges) {
        LocalLinks.Groups groups = new LocalLinks.Groups((int) Math.min(1 << 26, 2 * edges));
        for (byte[] block : edgeBlocks) {
            PairBlocks.readEdges(block, (a, b) -> groups.union(groups.slot(a), groups.slot(b)));
        }
        return local(groups);
    }

    private static Local local(LocalLinks.Groups groups) {
        int n = groups.size;
        long[] records = groups.records;
        int[] sizes = new int[n];
        // each slot's root, as its record (the smallest of its component: see LocalLinks.Groups)
        long[] rootOf = new long[n];
        long components = 0;
        long largest = 0;
        long min = 0;
        long max = 0;
        for (int s = 0; s < n; s++) {
            int root = groups.find(s);
            rootOf[s] = records[root];
            if (sizes[root]++ == 0) {
                components++;
            }
            largest = Math.max(largest, sizes[root]);
            min = Math.min(min, records[s]);
            max = Math.max(max, records[s]);
        }
        // the vertices in increasing order, each with its root: when a vertex and a slot fit in 63 bits (record keys and
        // numbers do), one primitive sort of both packed in a long; else the vertices sorted and each one's slot looked up
        long[] vertices = new long[n];
        long[] roots = new long[n];
        int slotBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        if (min >= 0 && 64 - Long.numberOfLeadingZeros(max) + slotBits <= 63) {
            long[] packed = new long[n];
            for (int s = 0; s < n; s++) {
                packed[s] = records[s] << slotBits | s;
            }
            java.util.Arrays.sort(packed);
            long mask = (1L << slotBits) - 1;
            for (int i = 0; i < n; i++) {
                vertices[i] = packed[i] >>> slotBits;
                roots[i] = rootOf[(int) (packed[i] & mask)];
            }
        } else {
            System.arraycopy(records, 0, vertices, 0, n);
            java.util.Arrays.sort(vertices);
            for (int i = 0; i < n; i++) {
                roots[i] = rootOf[groups.slot(vertices[i])];
            }
        }
        return new Local(vertices, roots, components, largest);
    }

    /**
     * Each vertex u links its larger neighbours to the smallest of u and its neighbours; and counts in
     * {@code notStars} each u that is a leaf twice over, or both a leaf and a centre. One shuffle.
     */
    static Dataset<Row> largeStar(Dataset<Row> e, LongAccumulator notStars) {
        Dataset<Row> both = e.select(col("hi").as("u"), col("lo").as("v"))
                .union(e.select(col("lo").as("u"), col("hi").as("v")));
        return grouped(both, "u", "v").mapPartitions(new LargeStar(notStars), Encoders.row(EDGES));
    }

    /** Each vertex u links itself and its smaller neighbours to the smallest of them. One shuffle. */
    static Dataset<Row> smallStar(Dataset<Row> e) {
        return grouped(e, "hi", "lo").mapPartitions(new SmallStar(), Encoders.row(EDGES));
    }

    /** Every vertex's neighbours in one partition, in order: by vertex, then neighbour. */
    private static Dataset<Row> grouped(Dataset<Row> pairs, String vertex, String neighbour) {
        return pairs.repartition(col(vertex)).sortWithinPartitions(vertex, neighbour);
    }

    /** Walks a partition sorted by vertex then neighbour, one vertex's distinct neighbours at a time. */
    private abstract static class Neighbourhoods implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            // lazily, a vertex at a time: a partition's edges are never all held at once
            return new Iterator<>() {
                private final ArrayDeque<Row> ready = new ArrayDeque<>();
                private Row next = rows.hasNext() ? rows.next() : null;

                @Override
                public boolean hasNext() {
                    while (ready.isEmpty() && next != null) {
                        vertex();
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.poll();
                }

                /** One vertex's rows: it and its distinct neighbours. */
                private void vertex() {
                    long u = next.getLong(0);
                    long last = next.getLong(1);
                    start(u, last);
                    neighbour(u, last, ready);
                    while ((next = rows.hasNext() ? rows.next() : null) != null && next.getLong(0) == u) {
                        long v = next.getLong(1);
                        if (v != last) {
                            neighbour(u, v, ready);
                            last = v;
                        }
                    }
                    end(u, ready);
                }
            };
        }

        /** A new vertex, and its smallest neighbour. */
        abstract void start(long u, long smallest);

        /** Each distinct neighbour, in increasing order. */
        abstract void neighbour(long u, long v, Collection<Row> out);

        abstract void end(long u, Collection<Row> out);
    }

    private static final class LargeStar extends Neighbourhoods {

        private static final long serialVersionUID = 1L;

        private final LongAccumulator notStars;
        private long m;
        private int smaller;
        private boolean larger;

        LargeStar(LongAccumulator notStars) {
            this.notStars = notStars;
        }

        @Override
        void start(long u, long smallest) {
            m = Math.min(u, smallest);
            smaller = 0;
            larger = false;
        }

        @Override
        void neighbour(long u, long v, Collection<Row> out) {
            if (v < u) {
                smaller++;
            } else {
                larger = true;
                out.add(RowFactory.create(v, m));
            }
        }

        @Override
        void end(long u, Collection<Row> out) {
            if (smaller > 1 || smaller > 0 && larger) {
                notStars.add(1);
            }
        }
    }

    private static final class SmallStar extends Neighbourhoods {

        private static final long serialVersionUID = 1L;

        private long m;

        @Override
        void start(long u, long smallest) {
            m = smallest;
        }

        @Override
        void neighbour(long u, long v, Collection<Row> out) {
            if (v != m) {
                out.add(RowFactory.create(v, m));
            }
        }

        @Override
        void end(long u, Collection<Row> out) {
            out.add(RowFactory.create(u, m));
        }
    }

    /** Materializes the edges and cuts their lineage: reliably when a checkpoint folder is set, else on the executors. */
    static Dataset<Row> truncate(Dataset<Row> e) {
        boolean reliable = e.sparkSession().sparkContext().getCheckpointDir().isDefined();
        return reliable ? e.checkpoint(true) : e.localCheckpoint(true);
    }
}
