package io.contactkit.cli.engine;

import io.contactkit.cli.internal.Field;
import io.contactkit.cli.internal.Prepared;
import io.contactkit.cli.internal.RawRecord;
import io.contactkit.cli.internal.RecordMapper;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@code dedupe} turns a record into a command, as a small serializable description: the CSV
 * header (or NDJSON), the strategy, the default region and the key priority. An engine that runs on
 * other machines ships this description and maps there, with exactly the command-line tool's rules.
 * Instances are immutable; the mapper behind them is built on first use and is thread-safe.
 */
public final class RecordMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The CSV header, or {@code null} for NDJSON records. */
    private final @Nullable List<String> header;
    /** The upsert strategy of every command. */
    private final Strategy strategy;
    /** The default region for phone numbers without +, or {@code null}. */
    private final @Nullable String region;
    /** The {@code --priority} entries, in order. */
    private final List<String> priority;
    private transient volatile RecordMapper mapper;

    private RecordMapping(List<String> header, Strategy strategy, String region, List<String> priority) {
        this.header = header == null ? null : List.copyOf(header);
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.region = region;
        this.priority = List.copyOf(priority);
        policy(); // an unknown region or key fails here, where the options are given
        if (header != null) {
            Field.header(header);
        }
    }

    /**
     * Records with these columns (a CSV header: {@code email}, {@code phone}, {@code id:crm},
     * attributes by name).
     *
     * @param header   the column names, in order
     * @param strategy the upsert strategy of every command
     * @param region   default region for phone numbers without +, or null
     * @param priority {@code --priority} entries ({@code email}, {@code phone}, {@code id:crm}, keys)
     * @return the mapping
     * @throws IllegalArgumentException for a bad column name, a repeated column, an unknown region or key
     */
    public static RecordMapping csv(List<String> header, Strategy strategy, @Nullable String region, List<String> priority) {
        return new RecordMapping(Objects.requireNonNull(header, "header"), strategy, region, priority);
    }

    /**
     * NDJSON records, one object per line.
     *
     * @param strategy the upsert strategy of every command
     * @param region   default region for phone numbers without +, or null
     * @param priority {@code --priority} entries ({@code email}, {@code phone}, {@code id:crm}, keys)
     * @return the mapping
     * @throws IllegalArgumentException for an unknown region or key
     */
    public static RecordMapping ndjson(Strategy strategy, @Nullable String region, List<String> priority) {
        return new RecordMapping(null, strategy, region, priority);
    }

    /** {@return the CSV header; null for NDJSON} */
    public @Nullable List<String> header() {
        return header;
    }

    /** {@return {@code true} for CSV records, {@code false} for NDJSON} */
    public boolean isCsv() {
        return header != null;
    }

    /** {@return the upsert strategy of every command} */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * Maps a CSV row's cells. Never throws for bad data.
     *
     * @param number the record's number (from 1)
     * @param cells  the row's cells, in column order
     * @return the command, or the rejection with its code and message
     */
    public PreparedRecord cells(long number, String[] cells) {
        return of(mapper().prepare(new RawRecord.Cells(number, 0, cells)));
    }

    /**
     * Maps an NDJSON line. Never throws for bad data.
     *
     * @param number the record's number (from 1)
     * @param line   the line, one JSON object
     * @return the command, or the rejection with its code and message
     */
    public PreparedRecord json(long number, String line) {
        return of(mapper().prepare(new RawRecord.JsonLine(number, 0, line)));
    }

    private static PreparedRecord of(Prepared p) {
        return new PreparedRecord(p.number(), p.command(), p.code(), p.message());
    }

    private RecordMapper mapper() {
        RecordMapper m = mapper;
        if (m == null) {
            m = new RecordMapper(header == null ? null : Field.header(header), policy(), strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            mapper = m;
        }
        return m;
    }

    private IdentifierPolicy policy() {
        List<String> keys = new ArrayList<>();
        for (String entry : priority) {
            keys.add(Field.priorityKey(entry));
        }
        return IdentifierPolicy.builder().defaultRegion(region).keyPriority(keys).build();
    }
}
