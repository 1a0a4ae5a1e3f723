package io.contactkit.spark.samples;

import io.contactkit.domain.Strategy;
import io.contactkit.spark.DedupeResult;
import io.contactkit.spark.SparkDedupe;
import java.util.List;
import org.apache.spark.sql.SparkSession;

public final class SparkLibrarySample {

    /** Deduplicates the CSV files at {@code args[0]} into {@code args[1]}/contacts and {@code args[1]}/rejects. */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("dedupe").getOrCreate();   // spark-submit gives the master
        DedupeResult r = SparkDedupe.builder().strategy(Strategy.MERGE).region("US").priority(List.of("email", "phone"))
                .build().run(spark.read().option("header", true).csv(args[0]));
        r.contacts().select("json").write().text(args[1] + "/contacts");   // id, identifiers, attributes, displayName, anonymous, sourceRecords, json
        r.rejects().select("json").write().text(args[1] + "/rejects");     // record, code, message, json
        System.err.println(r.summaryLine());
    }
}
