package io.contactkit.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Connected components of an undirected graph on {@code long} vertices by alternating large-star and
 * small-star rounds (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii: "Connected Components in
 * MapReduce and Beyond", SoCC 2014), on DataFrames. Each round's edges are checkpointed, so the lineage
 * (and the plans Spark analyses) stays one round long however many rounds a long chain needs.
 *
 * <p>Edges are kept as {@code (hi, lo)} with {@code hi > lo}. The rounds end when the edges form stars:
 * no vertex is both a {@code hi} and a {@code lo}, and each {@code hi} has exactly one edge. Then each
 * star is one component and its centre, the {@code lo}, is the component's smallest vertex.
 */
public final class Components {

    /** The outcome: each non-root vertex and the smallest vertex of its component; and how many rounds it took. */
    public record Result(Dataset<Row> roots, int rounds) {
    }

    private Components() {
    }

    /**
     * @param edges two {@code long} columns {@code a}, {@code b}; self-loops and repeats allowed
     * @return {@code (node, root)} for every vertex that is not the smallest of its component
     */
    public static Result of(Dataset<Row> edges) {
        Dataset<Row> e = truncate(edges.select(greatest(col("a"), col("b")).as("hi"), least(col("a"), col("b")).as("lo"))
                .where(col("hi").notEqual(col("lo"))).distinct());
        int rounds = 0;
        while (true) {
            rounds++;
            e = truncate(smallStar(largeStar(e)));
            if (isStars(e)) {
                break;
            }
        }
        return new Result(e.select(col("hi").as("node"), col("lo").as("root")), rounds);
    }

    /**
     * Each vertex u links its larger neighbours to the smallest of u and its neighbours. One shuffle (the
     * window by u); repeated edges are left for the small-star's distinct, which they do not change.
     */
    static Dataset<Row> largeStar(Dataset<Row> e) {
        Dataset<Row> both = e.select(col("hi").as("u"), col("lo").as("v"))
                .union(e.select(col("lo").as("u"), col("hi").as("v")));
        return both.withColumn("m", min("v").over(Window.partitionBy("u")))
                .where(col("v").gt(col("u")))
                .select(col("v").as("hi"), least(col("m"), col("u")).as("lo"));
    }

    /** Each vertex u links itself and its smaller neighbours to the smallest of them. Two shuffles: the window by u, the distinct. */
    static Dataset<Row> smallStar(Dataset<Row> e) {
        Dataset<Row> w = e.withColumn("m", min("lo").over(Window.partitionBy("hi")));
        return w.select(col("lo").as("x"), col("m").as("y"))
                .union(w.select(col("hi").as("x"), col("m").as("y")))
                .where(col("x").notEqual(col("y")))
                .select(greatest(col("x"), col("y")).as("hi"), least(col("x"), col("y")).as("lo"))
                .distinct();
    }

    /** Stars: no vertex is a leaf twice over, or both a leaf and a centre. One job. */
    static boolean isStars(Dataset<Row> e) {
        Dataset<Row> roles = e.select(col("hi").as("v"), lit(1).as("leaf"), lit(0).as("centre"))
                .union(e.select(col("lo").as("v"), lit(0).as("leaf"), lit(1).as("centre")));
        return roles.groupBy("v").agg(sum("leaf").as("leaf"), max("centre").as("centre"))
                .where(col("leaf").gt(1).or(col("leaf").gt(0).and(col("centre").gt(0))))
                .isEmpty();
    }

    /** Materializes the edges and cuts their lineage: reliably when a checkpoint folder is set, else on the executors. */
    static Dataset<Row> truncate(Dataset<Row> e) {
        boolean reliable = e.sparkSession().sparkContext().getCheckpointDir().isDefined();
        return reliable ? e.checkpoint(true) : e.localCheckpoint(true);
    }
}
