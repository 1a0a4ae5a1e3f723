package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.util.LongAccumulator;

/**
 * Maps and normalizes records on the executors, with the command-line tool's rules (stage 1). A valid
 * record leaves as its canonical identifiers' {@link #hash hashes} (the graph's edges) and the record itself in one binary
 * column ({@link Wire#record}), which the replay maps again: a narrow row Spark converts, stores and
 * shuffles as two fields, however many cells the record has.
 */
final class Prepare implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final RecordMapping mapping;
    private final IdentityRules rules;
    private final boolean encoded;
    private final LongAccumulator unordered;

    /**
     * @param rules     their blocked values link nobody (the engine drops them before matching), so they are no edges
     * @param encoded   true for {@link Schemas#ENCODED}-shaped input, false for {@link Schemas#RAW}
     * @param unordered counts the partitions whose records do not come in increasing order
     */
    Prepare(RecordMapping mapping, IdentityRules rules, boolean encoded, LongAccumulator unordered) {
        this.mapping = mapping;
        this.rules = rules;
        this.encoded = encoded;
        this.unordered = unordered;
    }

    /** The record's command, or its rejection, from its number and {@link Wire#record bytes}. */
    static PreparedRecord prepare(RecordMapping mapping, long number, byte[] record) {
        return mapping.isCsv() ? mapping.cells(number, Wire.cells(record)) : mapping.json(number, Wire.json(record));
    }

    /**
     * An identifier as the graph's vertex: XXH64 of its key's UTF-8 bytes, then of its value's (eight
     * bytes to shuffle and hash instead of a text). Two identifiers with one hash (among 10^7 distinct
     * ones, a chance of about 3 in a million that any two do) only join two components into one, which
     * changes no result ({@link LocalLinks}).
     */
    static long hash(Identifier id) {
        byte[] key = id.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = id.value().getBytes(StandardCharsets.UTF_8);
        long h = XXH64.hashUnsafeBytes(key, Platform.BYTE_ARRAY_OFFSET, key.length, SEED);
        return XXH64.hashUnsafeBytes(value, Platform.BYTE_ARRAY_OFFSET, value.length, h);
    }

    private static final long SEED = 42L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private long previous = Long.MIN_VALUE;
            private boolean counted;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                long n = row.getLong(0);
                if (n <= previous && !counted) {
                    unordered.add(1);
                    counted = true;
                }
                previous = n;
                byte[] bytes;
                PreparedRecord p;
                if (encoded) {
                    bytes = (byte[]) row.get(1);
                    p = prepare(mapping, n, bytes);
                } else {
                    String[] cells = row.isNullAt(1) ? null : row.<String>getList(1).toArray(new String[0]);
                    p = mapping.isCsv() ? mapping.cells(n, cells) : mapping.json(n, row.getString(2));
                    bytes = p.isRejected() ? null : Wire.record(mapping.isCsv() ? cells : null, row.getString(2));
                }
                if (p.isRejected()) {
                    return RowFactory.create(p.number(), p.code(), p.message(), null, null);
                }
                List<Identifier> ids = p.command().identifiers();
                long[] hashes = new long[ids.size()];
                int k = 0;
                for (Identifier i : ids) {
                    if (!rules.isBlocked(i)) {
                        hashes[k++] = hash(i);
                    }
                }
                return RowFactory.create(p.number(), null, null, k == hashes.length ? hashes : Arrays.copyOf(hashes, k), bytes);
            }
        };
    }
}
