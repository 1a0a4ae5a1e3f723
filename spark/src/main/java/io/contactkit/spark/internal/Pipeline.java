package io.contactkit.spark.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.struct;

import io.contactkit.cli.engine.Lines;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.DedupSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The whole run on Spark: normalize on the executors, connected components of the record–identifier
 * graph, replay of each component through the domain's engine, and the global contact ids.
 */
public final class Pipeline {

    /**
     * What a run gives.
     *
     * @param contacts         {@link Schemas#CONTACTS}, ordered by id number
     * @param rejects          {@link Schemas#REJECTS}, ordered by record
     * @param summary          the in-memory engine's counts
     * @param components       connected components among the valid records
     * @param largestComponent records in the largest component
     * @param rounds           large-star/small-star rounds
     * @param stageTimes       wall time of each stage that ran here, in order: normalize, components, replay
     */
    public record Outcome(Dataset<Row> contacts, Dataset<Row> rejects, DedupSummary summary, long components,
            long largestComponent, int rounds, Map<String, Duration> stageTimes) {
    }

    private Pipeline() {
    }

    /**
     * @param raw        {@link Schemas#RAW}-shaped records, numbered from 1 and each number once
     * @param partitions partitions of the replay stage
     */
    public static Outcome run(Dataset<Row> raw, RecordMapping mapping, int partitions, Instant asOf) {
        SparkSession spark = raw.sparkSession();
        Map<String, Duration> times = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Dataset<Row> prepared = raw.mapPartitions(new Prepare(mapping), Encoders.row(Schemas.PREPARED))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long mapRejectCount = prepared.where(col("code").isNotNull()).count();
        long t1 = System.nanoTime();
        times.put("normalize", Duration.ofNanos(t1 - t0));
        Dataset<Row> valid = prepared.where(col("code").isNull());

        // the record–identifier graph as record–record edges: every record to the smallest record sharing an identifier
        Dataset<Row> edges = valid.select(col("record"), explode(col("ids")).as("id"))
                .withColumn("first", min("record").over(Window.partitionBy("id")))
                .where(col("record").notEqual(col("first")))
                .select(col("record").as("a"), col("first").as("b"));
        Components.Result components = Components.of(edges);
        Dataset<Row> assigned = valid.join(components.roots(), valid.col("record").equalTo(components.roots().col("node")), "left")
                .select(coalesce(col("root"), col("record")).as("component"), col("record"), col("cells"), col("json"));

        Row sizes = assigned.groupBy("component").agg(count(lit(1)).as("n"))
                .agg(count(lit(1)), max("n")).head();
        long componentCount = sizes.getLong(0);
        long largest = sizes.isNullAt(1) ? 0 : sizes.getLong(1);
        long t2 = System.nanoTime();
        times.put("components", Duration.ofNanos(t2 - t1));

        Dataset<Row> replayed = byComponent(assigned, partitions)
                .select("record", "cells", "json")
                .mapPartitions(new Replay(mapping, asOf), Encoders.row(Schemas.REPLAYED))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> ids = numbers(spark, replayed.where(col("kind").equalTo("C")).select("record"));
        Dataset<Row> contacts = replayed.where(col("kind").equalTo("S")).join(ids, "record")
                .orderBy("n")
                .map((MapFunction<Row, Row>) Pipeline::contact, Encoders.row(Schemas.CONTACTS));

        Dataset<Row> mapRejects = prepared.where(col("code").isNotNull()).select("record", "code", "message");
        Dataset<Row> rejects = mapRejects.union(engineRejects(replayed, ids))
                .orderBy("record")
                .map((MapFunction<Row, Row>) Pipeline::reject, Encoders.row(Schemas.REJECTS));

        DedupSummary summary = summary(replayed, mapRejectCount);
        times.put("replay", Duration.ofNanos(System.nanoTime() - t2));
        return new Outcome(contacts, rejects, summary, componentCount, largest, components.rounds(), times);
    }

    /** Whole components to each partition, each partition in record order: what the replay needs. */
    static Dataset<Row> byComponent(Dataset<Row> assigned, int partitions) {
        return assigned.repartition(partitions, col("component")).sortWithinPartitions("record");
    }

    /** Each creating record's rank among all creating records, from 1: the in-memory engine's id number. */
    private static Dataset<Row> numbers(SparkSession spark, Dataset<Row> creators) {
        JavaRDD<Row> ranked = creators.orderBy("record").javaRDD().zipWithIndex()
                .map((Tuple2<Row, Long> t) -> RowFactory.create(t._1().getLong(0), t._2() + 1));
        // used for the contacts and for the conflicts: computed once
        return spark.createDataFrame(ranked, Schemas.NUMBERED).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static Row contact(Row r) {
        long n = r.getLong(r.fieldIndex("n"));
        String id = "c" + n;
        String json = "{\"id\":\"" + id + "\"" + r.getString(r.fieldIndex("tail"));
        return RowFactory.create(id, r.get(r.fieldIndex("identifiers")), r.get(r.fieldIndex("attributes")),
                r.get(r.fieldIndex("displayName")), r.get(r.fieldIndex("anonymous")), r.get(r.fieldIndex("sourceRecords")), json);
    }

    /** The engine's rejections; a conflict's message gets the global ids of the contacts it names. */
    private static Dataset<Row> engineRejects(Dataset<Row> replayed, Dataset<Row> ids) {
        Dataset<Row> all = replayed.where(col("kind").equalTo("R"));
        Dataset<Row> plain = all.where(col("owners").isNull()).select("record", "code", "message");
        Dataset<Row> owned = all.where(col("owners").isNotNull())
                .select(col("record"), col("code"), col("ownedKeys"), col("ownedValues"), posexplode(col("owners")).as(new String[] {"pos", "owner"}));
        Dataset<Row> named = owned.join(ids, owned.col("owner").equalTo(ids.col("record")))
                .select(owned.col("record"), col("code"), col("ownedKeys"), col("ownedValues"), struct(col("pos"), col("n")).as("owner"))
                .groupBy("record", "code", "ownedKeys", "ownedValues").agg(collect_list("owner").as("owners"))
                .map((MapFunction<Row, Row>) Pipeline::conflict, Encoders.row(Schemas.REJECTED));
        return plain.union(named);
    }

    private static Row conflict(Row r) {
        List<Row> owners = new ArrayList<>(r.getList(4));
        owners.sort(Comparator.comparingInt(o -> o.getInt(0)));
        List<String> ownerIds = new ArrayList<>(owners.size());
        for (Row o : owners) {
            ownerIds.add("c" + o.getLong(1));
        }
        return RowFactory.create(r.getLong(0), r.getString(1), Replay.conflictMessage(r.getList(2), r.getList(3), ownerIds));
    }

    private static Row reject(Row r) {
        String line = new Lines().reject(r.getLong(0), r.getString(1), r.getString(2));
        return RowFactory.create(r.getLong(0), r.getString(1), r.getString(2), line.substring(0, line.length() - 1));
    }

    private static DedupSummary summary(Dataset<Row> replayed, long mapRejects) {
        long[] t = new long[6];
        for (Row r : replayed.where(col("kind").equalTo("T")).select("counts").collectAsList()) {
            List<Long> counts = r.getList(0);
            for (int i = 0; i < t.length; i++) {
                t[i] += counts.get(i);
            }
        }
        return new DedupSummary(t[0] + mapRejects, t[1], t[2], t[3], t[4], t[5] + mapRejects);
    }
}
