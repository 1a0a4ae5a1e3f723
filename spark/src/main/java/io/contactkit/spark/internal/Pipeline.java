package io.contactkit.spark.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

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
     * @param rounds           large-star/small-star rounds (0 when the driver found the components)
     * @param stageTimes       wall time of each stage that ran here, in order: normalize (for records mapped as they were
     *                         read: count, or nothing when their read counted them), components, replay
     * @param lines            for a reader of the lines alone, the contacts' and rejects' lines written in order by the driver
     *                         from the replay's blocks; null when the contacts carry their fields, or the records alone did not
     *                         stay in record order, or there are more linked records than {@link #BROADCAST_OPTION} (the
     *                         driver holds their contacts' lines while writing): then read the Datasets
     * @param written          true when the run wrote the contacts' and rejects' lines to its {@link Sink} itself (then
     *                         {@code lines} is null, and the Datasets, not kept, replay again if read)
     */
    public record Outcome(Dataset<Row> contacts, Dataset<Row> rejects, Dataset<Row> audit, DedupSummary summary,
            List<HubFinder.Hub> hubs, long components, long largestComponent, int rounds, Map<String, Duration> stageTimes,
            Blocks lines, boolean written) {
    }

    /**
     * Where a reader of the lines alone (the command line) wants them: the run writes them there itself, as the replay's
     * partitions end ({@link StreamedLines}), when it can: the records read and mapped in blocks in record order
     * ({@link PartedRead}), the components found on the driver, no audit, no hub rule, dense record numbers, at most
     * {@link #BROADCAST_OPTION} linked records and {@link Blocks#DRIVER_REJECTS} rejects of the mapping.
     *
     * @param contacts receives the contacts' lines in id order
     * @param rejects  receives the rejects' lines in record order; null for none
     */
    public record Sink(java.io.OutputStream contacts, java.io.OutputStream rejects) {
    }

    /**
     * What the records hold, when their read already counted it (else {@link #run} counts it with one job).
     *
     * @param records   all records
     * @param rejected  those the mapping rejected
     * @param maxRecord the largest record number (0 without records)
     */
    public record Counts(long records, long rejected, long maxRecord) {
    }

    private Pipeline() {
    }

    /**
     * @param raw        {@link Schemas#RAW}- or {@link Schemas#ENCODED}-shaped records, numbered from 1 and each number once;
     *                   or {@link Schemas#BLOCKS} of records already mapped with {@code mapping} and {@code rules}, each
     *                   partition in key order and kept ({@link PartedRead}; then {@code counts} must be given)
     * @param numbering  the record numbers of the records' keys ({@link Numbering#NUMBERS} when they are the numbers)
     * @param counts     what the records hold, when their read counted it; null to count it here
     * @param rules      the identity rules ({@link IdentityRules#NONE} for none)
     * @param audit      true to give the audit lines
     * @param fields     true to give the contacts' fields other than the line (a reader of the lines alone, as the command
     *                   line, passes false: the replay then keeps only the lines, and those columns are null)
     * @param partitions partitions of the replay stage
     * @param sink       where to write the lines as the replay runs, when it can (see {@link Sink}); null for none
     */
    public static Outcome run(Dataset<Row> raw, Numbering numbering, Counts counts, RecordMapping mapping, IdentityRules rules,
            boolean audit, boolean fields, int partitions, Instant asOf, Sink sink) {
        SparkSession spark = raw.sparkSession();
        Map<String, Duration> times = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        boolean encoded = raw.schema().equals(Schemas.ENCODED);
        // kept as Spark's rows (a local checkpoint), not a columnar cache: every reader reads whole rows
        LongAccumulator unordered = spark.sparkContext().longAccumulator();
        // records mapped and kept in blocks as they were read (the command line's parted read) come in key order in each
        // partition, and are read out of their blocks by each stage that needs them (rows no stage keeps)
        boolean mapped = raw.schema().equals(Schemas.BLOCKS);
        if (mapped && counts == null) {
            throw new IllegalArgumentException("records mapped in blocks come with their counts");
        }
        Dataset<Row> prepared = mapped ? null
                : keep(raw.mapPartitions(new Prepare(mapping, rules, encoded, unordered), Encoders.row(Schemas.PREPARED)));
        // the command line's reads give each partition in record order; a library user's dataset may not
        boolean inOrder = unordered.value() == 0;
        // all records, those the mapping rejected, the largest record number
        Counts known = counts;
        if (known == null) {
            Row counted = prepared.agg(count(lit(1)), count(col("code")), max(col("record"))).head();
            known = new Counts(counted.getLong(0), counted.getLong(1), counted.isNullAt(2) ? 0 : numbering.record(counted.getLong(2)));
        }
        long mapRejectCount = known.rejected();
        long validCount = known.records() - mapRejectCount;
        long maxRecord = known.maxRecord();
        long t1 = System.nanoTime();
        if (!mapped) {
            times.put("normalize", Duration.ofNanos(t1 - t0));
        } else if (counts == null) {
            times.put("count", Duration.ofNanos(t1 - t0));
        }
        Dataset<Row> valid = mapped
                ? raw.flatMap((FlatMapFunction<Row, Row>) r -> RecordBlocks.valid((byte[]) r.get(0)), Encoders.row(Schemas.VALID))
                : prepared.where(col("code").isNull()).select("record", "bytes");
        // the record–identifier pairs, written by each partition into a block of bytes per bucket of identifiers (as
        // many as the replay's partitions, never coalesced into fewer: the rounds stay the part that joins them)
        JavaPairRDD<Integer, byte[]> pairs = mapped
                ? raw.javaRDD().mapPartitionsToPair(records -> PairBlocks.ofRecords(records, partitions))
                : prepared.where(col("code").isNull()).select(col("record"), explode(col("ids")).as("id")).javaRDD()
                        .mapPartitionsToPair(rows -> PairBlocks.ofRows(rows, partitions));

        // the record–identifier graph as record–record edges, contracted first within each bucket: the blocks shuffled a
        // block at a time (bucket b to partition b), each bucket's edges one block, kept
        LongAccumulator edgeCount = spark.sparkContext().longAccumulator();
        JavaRDD<byte[]> edgeBlocks = pairs
                .partitionBy(new HashPartitioner(partitions))
                .values()
                .mapPartitions(blocks -> List.of(PairBlocks.edges(blocks, edgeCount)).iterator());
        edgeBlocks.rdd().localCheckpoint();
        edgeBlocks.count();
        // the records of components of two or more, each with its component's smallest record; the rest are alone
        Dataset<Row> linked = null;
        Broadcast<Components.Local> table = null;
        long linkedComponents;
        long linkedRecords;
        long largestLinked;
        int rounds;
        if (edgeCount.value() <= driverEdges(spark)) {
            // few enough edges for the driver: one union-find there instead of the rounds' jobs
            Components.Local local = Components.onDriverBlocks(edgeBlocks.collect(), edgeCount.value());
            // sent to every executor as two sorted arrays, where a function finds each record's component: no join
            table = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(local);
            linkedComponents = local.components();
            linkedRecords = local.vertices().length;
            largestLinked = local.largest();
            rounds = 0;
        } else {
            Dataset<Row> edges = spark.createDataFrame(edgeBlocks.flatMap(PairBlocks::edgeRows), Schemas.LINKS);
            Components.Result components = Components.of(edges);
            Dataset<Row> roots = components.roots();
            linked = roots.select(col("node").as("record"), col("root").as("component"))
                    .union(roots.select(col("root").as("record"), col("root").as("component")).distinct())
                    .localCheckpoint(true);
            Row sizes = linked.groupBy("component").agg(count(lit(1)).as("n"))
                    .agg(count(lit(1)), coalesce(sum("n"), lit(0L)), max("n")).head();
            linkedComponents = sizes.getLong(0);
            linkedRecords = sizes.getLong(1);
            largestLinked = sizes.isNullAt(2) ? 0 : sizes.getLong(2);
            rounds = components.rounds();
        }
        long componentCount = validCount - linkedRecords + linkedComponents;
        long largest = Math.max(largestLinked, validCount > linkedRecords ? 1 : 0);
        long t2 = System.nanoTime();
        times.put("components", Duration.ofNanos(t2 - t1));

        boolean streamed = sink != null && !fields && !audit && rules.hubs().isEmpty() && table != null && mapped && inOrder
                && linkedRecords <= broadcastRows(spark) && mapRejectCount <= Blocks.DRIVER_REJECTS && Ranks.dense(maxRecord, validCount);
        Broadcast<Components.Local> components = table;
        Dataset<Row> replayed;
        boolean keptOrder;
        List<HubFinder.Hub> hubs = null;
        DedupSummary summary;
        Ranks built;
        if (streamed) {
            // a job per replay partition, its output sent to the driver, which writes the lines as they come
            Replay replayAlone = new Replay(mapping, rules, asOf, false, false, numbering, "L");
            Replay replayLinked = new Replay(mapping, rules, asOf, false, false, numbering, "G");
            JavaRDD<StreamedLines.Part> aloneParts = raw.javaRDD().mapPartitions(rows -> {
                List<Row> blocks = new ArrayList<>();
                long validRecords = 0;
                while (rows.hasNext()) {
                    Row b = rows.next();
                    blocks.add(b);
                    validRecords += RecordBlocks.validCount((byte[]) b.get(0));
                }
                // the engine sized for the part's valid records (those alone among them come), so its tables never grow
                StreamedLines.Part part = StreamedLines.Part.of(replayAlone.call(RecordBlocks.alone(blocks.iterator(), components.value()), validRecords));
                for (Row b : blocks) {
                    RecordBlocks.rejects((byte[]) b.get(0), numbering).forEachRemaining(part.mapRejects::add);
                }
                return List.of(part).iterator();
            });
            // the linked records gathered by component in blocks (LinkedBlocks): no Spark rows, exchange or sort for them
            JavaRDD<StreamedLines.Part> linkedParts = raw.javaRDD()
                    .mapPartitionsToPair(blocks -> LinkedBlocks.byPartition(blocks, components.value(), partitions))
                    .partitionBy(new HashPartitioner(partitions))
                    .values()
                    .mapPartitions(blocks -> {
                        LinkedBlocks.Merged records = LinkedBlocks.merged(blocks);
                        return List.of(StreamedLines.Part.of(replayLinked.call(records, records.records()))).iterator();
                    });
            // the Datasets of the outcome planned on the driver while the executors replay (read only by a caller that asks:
            // they replay again)
            List<Dataset<Row>> planned = new ArrayList<>(1);
            StreamedLines.Written w;
            try {
                w = StreamedLines.write(linkedParts, aloneParts, maxRecord, 4 * spark.sparkContext().defaultParallelism(),
                        sink.contacts(), sink.rejects(), () -> planned.add(replayedRows(split(raw, valid, components, null, partitions,
                                linkedRecords, spark), raw, components, replayAlone, replayLinked)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long[] t = w.totals();
            summary = new DedupSummary(t[0] + mapRejectCount, t[1], t[2], t[3], t[4], t[5] + mapRejectCount);
            built = w.ranks();
            replayed = planned.get(0);
            keptOrder = true;
        } else {
            // a record alone in its component is replayed where it is (no shuffle); the others gathered by component
            Split split = split(mapped ? raw : null, valid, table, linked, partitions, linkedRecords, spark);
            Dataset<Row> alone = split.alone();
            Dataset<Row> together = split.together();
            keptOrder = split.keptOrder();
            // the engine takes records in increasing order: partitions already in order stay so; else a sort within each
            // partition (no shuffle)
            if (!(inOrder && keptOrder)) {
                alone = alone.sortWithinPartitions("record");
            }
            IdentityRules applied = rules;
            if (rules.hubs().isPresent()) {
                // hubs come from whole components (see Hubs), and blocking one changes only the records of its component
                alone = alone.persist(StorageLevel.MEMORY_AND_DISK());
                together = together.persist(StorageLevel.MEMORY_AND_DISK());
                Hubs finder = new Hubs(mapping, rules, numbering);
                hubs = hubs(alone.mapPartitions(finder, Encoders.row(Schemas.HUBS))
                        .union(together.mapPartitions(finder, Encoders.row(Schemas.HUBS))).collectAsList());
                if (rules.hubs().get().autoBlock() && !hubs.isEmpty()) {
                    List<Identifier> values = new ArrayList<>(hubs.size());
                    hubs.forEach(h -> values.add(h.identifier()));
                    applied = rules.withBlocked(values);
                }
                long t3 = System.nanoTime();
                times.put("hubs", Duration.ofNanos(t3 - t2));
                t2 = t3;
            }
            // for a reader of the lines alone, the contacts leave in blocks: L of the records alone, G of the linked ones
            Replay replayAlone = new Replay(mapping, applied, asOf, audit, fields, numbering, fields ? null : "L");
            Replay replayTogether = new Replay(mapping, applied, asOf, audit, fields, numbering, fields ? null : "G");
            // records alone in blocks: replayed straight from the blocks (no Spark row for them)
            replayed = keep(replayedRows(new Split(alone, together, keptOrder), table != null && mapped ? raw : null, components,
                    replayAlone, replayTogether));
            // one job: the counts, and the records that created contacts, which number them
            long[] t = new long[6];
            Ranks.Builder ranking = new Ranks.Builder(maxRecord, Ranks.dense(maxRecord, validCount));
            // a job per core's share of the partitions, not one per partition: the rows are small (a byte or two per contact
            // created), and the driver still holds only one share of them at a time
            Iterator<Row> totals = replayed.where(col("kind").equalTo("T")).select("data")
                    .coalesce(Math.max(1, spark.sparkContext().defaultParallelism())).toLocalIterator();
            while (totals.hasNext()) {
                Replay.totals((byte[]) totals.next().get(0), t, ranking);
            }
            summary = new DedupSummary(t[0] + mapRejectCount, t[1], t[2], t[3], t[4], t[5] + mapRejectCount);
            built = ranking.build();
        }
        Broadcast<Ranks> ranks = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(built);

        // columns, not a function over whole rows: a reader of some columns (the command line: the lines) sorts and reads only what they need
        UserDefinedFunction rank = udf((UDF1<Long, Long>) record -> ranks.value().of(record), DataTypes.LongType).asNonNullable();
        Column id = concat(lit("c"), rank.apply(col("record")).cast(DataTypes.StringType));
        // the fields other than the line decoded by a function of their own, so a reader of the lines never runs it
        Column decoded = fields ? udf((UDF1<byte[], Row>) Replay::contactFields, Schemas.CONTACT_FIELDS).asNonNullable().apply(col("data"))
                : lit(null).cast(Schemas.CONTACT_FIELDS);
        Dataset<Row> survivors = fields ? replayed.where(col("kind").equalTo("S")).select("record", "text", "data")
                : replayed.where(col("kind").isin("L", "G")).select("data")
                        .flatMap((FlatMapFunction<Row, Row>) r -> Blocks.rows((byte[]) r.get(0)), Encoders.row(Schemas.SURVIVORS));
        Dataset<Row> contacts = survivors.orderBy("record")
                .select(id.as("id"), decoded.getField("identifiers").as("identifiers"), decoded.getField("attributes").as("attributes"),
                        decoded.getField("displayName").as("displayName"), decoded.getField("anonymous").as("anonymous"),
                        decoded.getField("sourceRecords").as("sourceRecords"), concat(lit("{\"id\":\""), id, lit("\""), col("text")).as("json"));
        UserDefinedFunction number = udf((UDF1<Long, Long>) numbering::record, DataTypes.LongType).asNonNullable();
        Dataset<Row> mapRejects = mapped
                ? raw.flatMap((FlatMapFunction<Row, Row>) r -> RecordBlocks.rejects((byte[]) r.get(0), numbering), Encoders.row(Schemas.REJECTED))
                : prepared.where(col("code").isNotNull()).select(number.apply(col("record")).as("record"), col("code"), col("message"));
        Dataset<Row> rejected = mapRejects.union(engineRejects(replayed, ranks));
        Dataset<Row> rejects = rejected.orderBy("record")
                .map((MapFunction<Row, Row>) Pipeline::reject, Encoders.row(Schemas.REJECTS));
        Dataset<Row> audited = audit ? audit(replayed, ranks, rejected) : null;
        // the driver writes the lines in order from the blocks when the records alone stayed in record order across the
        // partitions (the command line's reads) and it may hold the linked records' lines
        Blocks lines = !streamed && !fields && inOrder && keptOrder && linkedRecords <= broadcastRows(spark)
                ? new Blocks(replayed.where(col("kind").equalTo("L")).select("data"), replayed.where(col("kind").equalTo("G")).select("data"),
                        built, summary.contacts(), rejected, summary.rejected(), rejects)
                : null;
        times.put(streamed ? "replay, number and write" : "replay", Duration.ofNanos(System.nanoTime() - t2));
        return new Outcome(contacts, rejects, audited, summary, hubs, componentCount, largest, rounds, times, lines, streamed);
    }

    /**
     * Records in components of two or more up to which the records–component table is broadcast to the
     * joins that split the records (a hash table on every executor, some 40 bytes a record), so the records
     * alone stay where they are; above it, both sides are shuffled. Up to it too, a reader of the lines alone
     * gets them written by the driver ({@link Outcome#lines}), which then holds the linked records' contact lines.
     * Setting {@value #BROADCAST_OPTION}.
     */
    private static long broadcastRows(SparkSession spark) {
        return setting(spark, BROADCAST_OPTION, 4_000_000L);
    }

    /** The Spark setting: see {@link #broadcastRows}. */
    public static final String BROADCAST_OPTION = "spark.contactkit.broadcastLinkedRows";

    /**
     * Edges of the contracted record graph up to which its components are found by a union-find on the
     * driver ({@link Components#onDriverBlocks}, no rounds; the driver holds the edges in blocks of bytes, a few bytes
     * an edge, then its union-find's arrays and a row per linked record at most: some 400 MB at the default); above it, by the
     * large-star/small-star rounds on the executors. Setting {@value #DRIVER_EDGES_OPTION}.
     */
    private static long driverEdges(SparkSession spark) {
        return setting(spark, DRIVER_EDGES_OPTION, 2_000_000L);
    }

    /**
     * One of contactkit's whole-number Spark settings, or {@code orElse} when it is not set.
     *
     * @throws IllegalArgumentException naming the setting when its value is not a whole number
     */
    public static long setting(SparkSession spark, String name, long orElse) {
        String set = spark.conf().get(name, null);
        if (set == null) {
            return orElse;
        }
        try {
            return Long.parseLong(set.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the Spark setting " + name + " must be a whole number, not '" + set + "'", e);
        }
    }

    /** A stage's rows made now and kept on the executors as Spark's rows (a local checkpoint). */
    static Dataset<Row> keep(Dataset<Row> rows) {
        return rows.localCheckpoint(true);
    }

    /** The Spark setting: see {@link #driverEdges}. */
    public static final String DRIVER_EDGES_OPTION = "spark.contactkit.driverComponentEdges";

    /**
     * The valid records split into those alone in their component (left where they are) and the others gathered by
     * component, each partition in record order.
     *
     * @param keptOrder true when the records alone stayed in each partition's order
     */
    record Split(Dataset<Row> alone, Dataset<Row> together, boolean keptOrder) {
    }

    /**
     * @param blocks the records in blocks ({@link Schemas#BLOCKS}), or null when they are {@code valid}'s rows
     * @param table  the driver's components, or null after the rounds ({@code linked} then)
     */
    private static Split split(Dataset<Row> blocks, Dataset<Row> valid, Broadcast<Components.Local> table, Dataset<Row> linked,
            int partitions, long linkedRecords, SparkSession spark) {
        if (table != null && blocks != null) {
            // records in blocks: the records alone read out of them where they are, the linked ones out of them and gathered
            return new Split(blocks.mapPartitions((MapPartitionsFunction<Row, Row>) b -> RecordBlocks.alone(b, table.value()),
                    Encoders.row(Schemas.VALID)),
                    byComponent(blocks.flatMap((FlatMapFunction<Row, Row>) r -> RecordBlocks.linked((byte[]) r.get(0), table.value()),
                            Encoders.row(Schemas.LINKED_RECORDS)), partitions).select("record", "bytes"),
                    true);
        }
        if (table != null) {
            Column component = udf((UDF1<Long, Long>) r -> table.value().component(r), DataTypes.LongType).apply(col("record"));
            Dataset<Row> split = valid.select(component.as("component"), col("record"), col("bytes"));
            return new Split(split.where(col("component").isNull()).select("record", "bytes"),
                    byComponent(split.where(col("component").isNotNull()), partitions).select("record", "bytes"), true);
        }
        boolean broadcasted = linkedRecords <= broadcastRows(spark);
        Dataset<Row> lookup = broadcasted ? broadcast(linked) : linked;
        Dataset<Row> alone = valid.join(lookup, valid.col("record").equalTo(lookup.col("record")), "left_anti").select("record", "bytes");
        Dataset<Row> together = byComponent(valid.join(lookup, valid.col("record").equalTo(lookup.col("record")))
                .select(col("component"), valid.col("record"), col("bytes")), partitions)
                .select("record", "bytes");
        // a broadcast join keeps each partition's order
        return new Split(alone, together, broadcasted);
    }

    /**
     * The replay's rows ({@link Schemas#REPLAYED}) of both sides of a split.
     *
     * @param blocks the records in blocks when the components were found on the driver: the records alone are then replayed
     *               straight from the blocks (no Spark row for them); else null
     */
    private static Dataset<Row> replayedRows(Split split, Dataset<Row> blocks, Broadcast<Components.Local> table, Replay alone,
            Replay together) {
        Dataset<Row> aloneReplayed = blocks != null
                ? blocks.mapPartitions((MapPartitionsFunction<Row, Row>) b -> alone.call(RecordBlocks.alone(b, table.value())),
                        Encoders.row(Schemas.REPLAYED))
                : split.alone().mapPartitions(alone, Encoders.row(Schemas.REPLAYED));
        return aloneReplayed.union(split.together().mapPartitions(together, Encoders.row(Schemas.REPLAYED)));
    }

    /** Whole components to each partition, each partition in record order: what the replay needs. */
    static Dataset<Row> byComponent(Dataset<Row> assigned, int partitions) {
        return assigned.repartition(partitions, col("component")).sortWithinPartitions("record");
    }

    /** The engine's rejections; a conflict's message gets the global ids of the contacts it names. */
    private static Dataset<Row> engineRejects(Dataset<Row> replayed, Broadcast<Ranks> ranks) {
        return replayed.where(col("kind").equalTo("R")).select("record", "text", "data")
                .map((MapFunction<Row, Row>) r -> Replay.rejection(r.getLong(0), r.getString(1), (byte[]) r.get(2), ranks.value()),
                        Encoders.row(Schemas.REJECTED));
    }

    /** The audit lines in record order: the applied records' entries with global ids, and every rejected record's. */
    private static Dataset<Row> audit(Dataset<Row> replayed, Broadcast<Ranks> ranks, Dataset<Row> rejected) {
        Dataset<Row> applied = replayed.where(col("kind").equalTo("A")).select("record", "data")
                .map((MapFunction<Row, Row>) r -> appliedAudit(r, ranks.value()), Encoders.row(Schemas.AUDIT));
        Dataset<Row> refused = rejected.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getLong(0), line(new Lines().audit(
                new AuditEntry(r.getLong(0), AuditEntry.Action.REJECTED, null, List.of(), List.of(), r.getString(1), r.getString(2), List.of(), List.of())))),
                Encoders.row(Schemas.AUDIT));
        return applied.union(refused).orderBy("record");
    }

    private static Row appliedAudit(Row r, Ranks ranks) {
        return RowFactory.create(r.getLong(0), line(new Lines().audit(Replay.auditEntry(r.getLong(0), (byte[]) r.get(1), ranks))));
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

    private static Row reject(Row r) {
        return RowFactory.create(r.getLong(0), r.getString(1), r.getString(2), line(new Lines().reject(r.getLong(0), r.getString(1), r.getString(2))));
    }
}
