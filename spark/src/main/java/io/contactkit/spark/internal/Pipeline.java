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
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.DedupSummary;
import io.contactkit.domain.HubFinder;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
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
     * @param audit            {@link Schemas#AUDIT}, ordered by record; null when not asked for
     * @param summary          the in-memory engine's counts
     * @param hubs             the hubs, ordered as {@link HubFinder#hubs} orders them; null without a hub rule
     * @param components       connected components among the valid records
     * @param largestComponent records in the largest component
     * @param rounds           large-star/small-star rounds
     * @param stageTimes       wall time of each stage that ran here, in order: normalize, components, replay
     */
    public record Outcome(Dataset<Row> contacts, Dataset<Row> rejects, Dataset<Row> audit, DedupSummary summary,
            List<HubFinder.Hub> hubs, long components, long largestComponent, int rounds, Map<String, Duration> stageTimes) {
    }

    private Pipeline() {
    }

    /**
     * @param raw        {@link Schemas#RAW}-shaped records, numbered from 1 and each number once
     * @param rules      the identity rules ({@link IdentityRules#NONE} for none)
     * @param audit      true to give the audit lines
     * @param partitions partitions of the replay stage
     */
    public static Outcome run(Dataset<Row> raw, RecordMapping mapping, IdentityRules rules, boolean audit, int partitions, Instant asOf) {
        SparkSession spark = raw.sparkSession();
        Map<String, Duration> times = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Dataset<Row> prepared = raw.mapPartitions(new Prepare(mapping, rules), Encoders.row(Schemas.PREPARED))
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

        Dataset<Row> byComponent = byComponent(assigned, partitions).select("record", "cells", "json");
        List<HubFinder.Hub> hubs = null;
        IdentityRules applied = rules;
        if (rules.hubs().isPresent()) {
            // hubs come from whole components (see Hubs), and blocking one changes only the records of its component
            byComponent = byComponent.persist(StorageLevel.MEMORY_AND_DISK());
            hubs = hubs(byComponent.mapPartitions(new Hubs(mapping, rules), Encoders.row(Schemas.HUBS)).collectAsList());
            if (rules.hubs().get().autoBlock() && !hubs.isEmpty()) {
                List<Identifier> values = new ArrayList<>(hubs.size());
                hubs.forEach(h -> values.add(h.identifier()));
                applied = rules.withBlocked(values);
            }
            long t3 = System.nanoTime();
            times.put("hubs", Duration.ofNanos(t3 - t2));
            t2 = t3;
        }
        Dataset<Row> replayed = byComponent
                .mapPartitions(new Replay(mapping, applied, asOf, audit), Encoders.row(Schemas.REPLAYED))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> ids = numbers(spark, replayed.where(col("kind").equalTo("C")).select("record"));
        Dataset<Row> contacts = replayed.where(col("kind").equalTo("S")).join(ids, "record")
                .orderBy("n")
                .map((MapFunction<Row, Row>) Pipeline::contact, Encoders.row(Schemas.CONTACTS));

        Dataset<Row> mapRejects = prepared.where(col("code").isNotNull()).select("record", "code", "message");
        Dataset<Row> rejected = mapRejects.union(engineRejects(replayed, ids));
        Dataset<Row> rejects = rejected.orderBy("record")
                .map((MapFunction<Row, Row>) Pipeline::reject, Encoders.row(Schemas.REJECTS));
        Dataset<Row> audited = audit ? audit(replayed, ids, rejected) : null;

        DedupSummary summary = summary(replayed, mapRejectCount);
        times.put("replay", Duration.ofNanos(System.nanoTime() - t2));
        return new Outcome(contacts, rejects, audited, summary, hubs, componentCount, largest, components.rounds(), times);
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
        Dataset<Row> named = named(all.where(col("owners").isNotNull()), ids, "code", "ownedKeys", "ownedValues")
                .map((MapFunction<Row, Row>) Pipeline::conflict, Encoders.row(Schemas.REJECTED));
        return plain.union(named);
    }

    /**
     * The rows with their {@code owners} (records that created contacts) replaced by the global numbers
     * of those contacts: {@code record}, the columns kept, then {@code owners} as (position, number) in any order.
     */
    private static Dataset<Row> named(Dataset<Row> rows, Dataset<Row> ids, String... keep) {
        List<Column> kept = new ArrayList<>();
        kept.add(col("record"));
        for (String k : keep) {
            kept.add(col(k));
        }
        List<Column> exploded = new ArrayList<>(kept);
        exploded.add(posexplode(col("owners")).as(new String[] {"pos", "owner"}));
        Dataset<Row> owned = rows.select(exploded.toArray(new Column[0]));
        List<Column> joined = new ArrayList<>();
        joined.add(owned.col("record"));
        for (String k : keep) {
            joined.add(col(k));
        }
        joined.add(struct(col("pos"), col("n")).as("owner"));
        return owned.join(ids, owned.col("owner").equalTo(ids.col("record")))
                .select(joined.toArray(new Column[0]))
                .groupBy(kept.toArray(new Column[0])).agg(collect_list("owner").as("owners"));
    }

    /** The audit lines in record order: the applied records' entries with global ids, and every rejected record's. */
    private static Dataset<Row> audit(Dataset<Row> replayed, Dataset<Row> ids, Dataset<Row> rejected) {
        Dataset<Row> applied = named(replayed.where(col("kind").equalTo("A")), ids, "entry")
                .map((MapFunction<Row, Row>) Pipeline::appliedAudit, Encoders.row(Schemas.AUDIT));
        Dataset<Row> refused = rejected.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getLong(0), line(new Lines().audit(
                new AuditEntry(r.getLong(0), AuditEntry.Action.REJECTED, null, List.of(), List.of(), r.getString(1), r.getString(2), List.of(), List.of())))),
                Encoders.row(Schemas.AUDIT));
        return applied.union(refused).orderBy("record");
    }

    private static Row appliedAudit(Row r) {
        List<Row> owners = r.getList(2);
        long[] numbers = new long[owners.size()];
        for (Row o : owners) {
            numbers[o.getInt(0)] = o.getLong(1);
        }
        AuditEntry entry = AuditCodec.decode(r.getLong(0), (byte[]) r.get(1), ref -> numbers[(int) ref]);
        return RowFactory.create(r.getLong(0), line(new Lines().audit(entry)));
    }

    /** A line without its newline. */
    private static String line(String withNewline) {
        return withNewline.substring(0, withNewline.length() - 1);
    }

    /** The partitions' hubs in {@link HubFinder#hubs}'s order: most contacts first, then by key and value. */
    private static List<HubFinder.Hub> hubs(List<Row> rows) {
        List<HubFinder.Hub> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new HubFinder.Hub(new Identifier(r.getString(0), r.getString(1)), r.getInt(2), r.getInt(3)));
        }
        out.sort(Comparator.comparingInt(HubFinder.Hub::contacts).reversed()
                .thenComparing(h -> h.identifier().key()).thenComparing(h -> h.identifier().value()));
        return out;
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
        return RowFactory.create(r.getLong(0), r.getString(1), r.getString(2), line(new Lines().reject(r.getLong(0), r.getString(1), r.getString(2))));
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
