package io.contactkit.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import io.contactkit.spark.internal.Numbering;
import io.contactkit.spark.internal.Pipeline;
import io.contactkit.spark.internal.RecordNumberException;
import io.contactkit.spark.internal.Schemas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.LongType;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * Deduplication of a {@code Dataset<Row>} on Spark with exactly the results of {@code contactkit
 * dedupe}: the same contacts with the same ids, identifiers, attributes and source records, the same
 * rejects and the same counts.
 *
 * <p>Identity rules ({@link Builder#rules}) and the audit ({@link Builder#audit()}) work as with
 * {@code dedupe --rules/--audit/--hubs}, with the same lines.
 *
 * <p>Columns are named as {@code dedupe}'s CSV header: {@code email}, {@code phone},
 * {@code visitor_id}, {@code id:<key>} for custom identifiers, anything else an attribute. Values are
 * taken as text (as CSV cells; null and blank are absent). Records are numbered by a {@code long}
 * column when {@link Builder#recordNumbers(String)} names one (each number once, from 1; the engine
 * applies records in that order), else 1, 2, 3, ... in the Dataset's order.
 *
 * <pre>{@code
 * DedupeResult r = SparkDedupe.builder().strategy(Strategy.MERGE).region("US").priority(List.of("email", "phone"))
 *         .build().run(spark.read().option("header", true).csv("s3://bucket/contacts/"));
 * r.contacts().select("json").write().text("s3://bucket/out/contacts");
 * }</pre>
 *
 * <p>How: records are normalized on the executors with the domain's identifier policy; the connected
 * components of the record–identifier graph are found with large-star/small-star; each partition of
 * whole components is replayed in record order through the domain's engine (records that share no
 * identifier, even through others, never affect each other); contact ids are then numbered over the
 * whole input exactly as one engine would. A component is never split: a giant one is replayed by
 * one task. Set a checkpoint folder on the SparkContext for reliable checkpoints between component
 * rounds (else they are local to the executors).
 */
public final class SparkDedupe {

    private final Strategy strategy;
    private final String region;
    private final List<String> priority;
    private final String recordColumn;
    private final int partitions;
    private final IdentityRules rules;
    private final boolean audit;

    private SparkDedupe(Builder b) {
        this.strategy = b.strategy;
        this.region = b.region;
        this.priority = List.copyOf(b.priority);
        this.recordColumn = b.recordColumn;
        this.partitions = b.partitions;
        this.rules = b.rules;
        this.audit = b.audit;
        RecordMapping.ndjson(strategy, region, priority); // checks the region and the keys now
    }

    /** {@return a builder with {@code dedupe}'s defaults: {@code strict_alias}, no region, no priority, no rules} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the deduplication: the components and the replay run now; the contacts and rejects are
     * Datasets over the replay's persisted output.
     *
     * @param records the records, one column per CSV header name, plus the record number column if one was named
     * @return the contacts, rejects, optional audit and hubs, counts and stage times
     * @throws NullPointerException if {@code records} is null
     * @throws IllegalArgumentException for a column name {@code dedupe} would refuse as a CSV header, or a
     *         record number column that is missing or not of type long, or that holds a null or a number below 1
     */
    public DedupeResult run(Dataset<Row> records) {
        Objects.requireNonNull(records, "records");
        List<String> header = new ArrayList<>(Arrays.asList(records.columns()));
        if (recordColumn != null) {
            if (!header.remove(recordColumn)) {
                throw new IllegalArgumentException("no column '" + recordColumn + "' for the record numbers");
            }
            if (!(records.schema().apply(recordColumn).dataType() instanceof LongType)) {
                throw new IllegalArgumentException("the record number column '" + recordColumn + "' must be of type long");
            }
        }
        RecordMapping mapping = RecordMapping.csv(header, strategy, region, priority);
        Column[] cells = header.stream().map(c -> col(quoted(c)).cast(DataTypes.StringType)).toArray(Column[]::new);
        Column row = cells.length == 0 ? array().cast(DataTypes.createArrayType(DataTypes.StringType)) : array(cells);
        Dataset<Row> raw;
        if (recordColumn != null) {
            raw = records.select(col(quoted(recordColumn)).as("record"), row.as("cells"), lit(null).cast(DataTypes.StringType).as("json"));
        } else {
            JavaRDD<Row> numbered = records.select(row.as("cells")).javaRDD().zipWithIndex()
                    .map((Tuple2<Row, Long> t) -> RowFactory.create(t._2() + 1, t._1().get(0), null));
            raw = records.sparkSession().createDataFrame(numbered, Schemas.RAW);
        }
        try {
            return run(raw, Numbering.NUMBERS, null, mapping, rules, audit, true, partitions);
        } catch (Exception e) {
            // a job failed on an executor for a number the caller gave: said as the caller's mistake, naming the column (a
            // failed job is Spark's SparkException, checked in Java's terms though thrown unchecked: rethrown as it came)
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RecordNumberException n) {
                    throw new IllegalArgumentException("the record number column '" + recordColumn + "': " + n.getMessage(), e);
                }
            }
            throw e;
        }
    }

    /**
     * A run on records as {@link Pipeline#run} takes them (read, or read and mapped with their {@code numbering} and,
     * when known, {@code counts});
     * {@code fields} false when only the lines will be read (the contacts' other columns are then null); {@code partitions} 0 for
     * {@code spark.sql.shuffle.partitions}.
     */
    static DedupeResult run(Dataset<Row> raw, Numbering numbering, Pipeline.Counts counts, RecordMapping mapping, IdentityRules rules,
            boolean audit, boolean fields, int partitions) {
        return result(outcome(raw, numbering, counts, mapping, rules, audit, fields, partitions, null));
    }

    /**
     * The same run as {@link #run(Dataset, Numbering, Pipeline.Counts, RecordMapping, IdentityRules, boolean, boolean, int)}, as the
     * pipeline gives it; {@code sink} as {@link Pipeline#run} takes it (null for none).
     */
    static Pipeline.Outcome outcome(Dataset<Row> raw, Numbering numbering, Pipeline.Counts counts, RecordMapping mapping, IdentityRules rules,
            boolean audit, boolean fields, int partitions, Pipeline.Sink sink) {
        int n = partitions > 0 ? partitions : Integer.parseInt(raw.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        return Pipeline.run(raw, numbering, counts, mapping, rules, audit, fields, n, Instant.now(), sink);
    }

    /** The library's result of a pipeline's outcome. */
    static DedupeResult result(Pipeline.Outcome o) {
        return new DedupeResult(o.contacts(), o.rejects(), o.audit(), o.summary(), o.hubs(), o.components(), o.largestComponent(),
                o.rounds(), o.stageTimes());
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /** The options of {@code dedupe}. */
    public static final class Builder {
        private Strategy strategy = Strategy.STRICT_ALIAS;
        private String region;
        private List<String> priority = List.of();
        private String recordColumn;
        private int partitions;
        private IdentityRules rules = IdentityRules.NONE;
        private boolean audit;

        private Builder() {
        }

        /**
         * {@code --strategy}; default {@code strict_alias}.
         *
         * @param strategy the upsert strategy every record is applied with
         * @return this builder
         * @throws NullPointerException if {@code strategy} is null
         */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * {@code --region}: the default region for phone numbers written without +.
         *
         * @param region a region code such as {@code US}; null for none (checked by {@link #build()})
         * @return this builder
         */
        public Builder region(@Nullable String region) {
            this.region = region;
            return this;
        }

        /**
         * {@code --priority}: identifier keys first in this order ({@code email}, {@code phone}, {@code id:crm}, ...).
         *
         * @param priority the keys, highest priority first (checked by {@link #build()})
         * @return this builder
         */
        public Builder priority(List<String> priority) {
            this.priority = List.copyOf(priority);
            return this;
        }

        /**
         * A {@code long} column holding each record's number; default: numbered in the Dataset's order.
         *
         * @param column the column's name; null numbers the records in the Dataset's order
         * @return this builder
         */
        public Builder recordNumbers(@Nullable String column) {
            this.recordColumn = column;
            return this;
        }

        /**
         * Partitions of the replay stage; default {@code spark.sql.shuffle.partitions}.
         *
         * @param partitions how many partitions the replay runs in, 1 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code partitions} is below 1
         */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1");
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * {@code --rules}: identity rules, all of them, with exactly the in-memory engine's effect. Each rule
         * acts on one value (blocked values and patterns), one contact (limits, merges per contact) or one
         * merge, so inside one connected component; a hub rule counts the records of one value and the
         * contacts they would otherwise form, which lie in that value's component too, so the hubs are found
         * per component and gathered before the replay (blocked there with {@code autoBlock}). Blocked
         * values link nobody, so they are left out of the components. Default {@link IdentityRules#NONE}.
         *
         * @param rules the identity rules
         * @return this builder
         * @throws NullPointerException if {@code rules} is null
         */
        public Builder rules(IdentityRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * {@code --audit}: {@link DedupeResult#audit()} gives one line per record.
         *
         * @return this builder
         */
        public Builder audit() {
            this.audit = true;
            return this;
        }

        /**
         * Checks the options and builds the engine.
         *
         * @return the engine, reusable for many runs
         * @throws IllegalArgumentException for an unknown region or priority key
         */
        public SparkDedupe build() {
            return new SparkDedupe(this);
        }
    }
}
