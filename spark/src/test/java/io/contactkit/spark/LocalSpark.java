package io.contactkit.spark;

import org.apache.spark.sql.SparkSession;

/** The one Spark session of the test JVM: local[2], few shuffle partitions, no UI. Starting one costs seconds. */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("contactkit-spark-tests")
                    .config("spark.sql.shuffle.partitions", "3")
                    .config("spark.default.parallelism", "2")
                    .config("spark.ui.enabled", "false")
                    // small parts: every test's input is read by the executors in several parts
                    .config(SparkEngine.PART_BYTES_OPTION, "16384")
                    // components by the large-star/small-star rounds, not on the driver: every test's graph exercises them
                    .config(io.contactkit.spark.internal.Pipeline.DRIVER_EDGES_OPTION, "0")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }
}
