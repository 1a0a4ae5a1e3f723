package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Maps and normalizes records on the executors, with the command-line tool's rules (stage 1). A valid
 * record leaves as its canonical identifiers (the graph's edges) and the record itself in one binary
 * column ({@link Wire#record}), which the replay maps again: a narrow row Spark converts, stores and
 * shuffles as two fields, however many cells the record has.
 */
final class Prepare implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final RecordMapping mapping;
    private final IdentityRules rules;
    private final boolean encoded;

    /**
     * @param rules   their blocked values link nobody (the engine drops them before matching), so they are no edges
     * @param encoded true for {@link Schemas#ENCODED}-shaped input, false for {@link Schemas#RAW}
     */
    Prepare(RecordMapping mapping, IdentityRules rules, boolean encoded) {
        this.mapping = mapping;
        this.rules = rules;
        this.encoded = encoded;
    }

    /** The record's command, or its rejection, from its number and {@link Wire#record bytes}. */
    static PreparedRecord prepare(RecordMapping mapping, long number, byte[] record) {
        return mapping.isCsv() ? mapping.cells(number, Wire.cells(record)) : mapping.json(number, Wire.json(record));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                long n = row.getLong(0);
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
                String[] keys = new String[ids.size()];
                int k = 0;
                for (Identifier i : ids) {
                    if (!rules.isBlocked(i)) {
                        // keys are letters, digits, '_' and '-': the first ':' ends the key
                        keys[k++] = i.key() + ':' + i.value();
                    }
                }
                return RowFactory.create(p.number(), null, null, k == keys.length ? keys : java.util.Arrays.copyOf(keys, k), bytes);
            }
        };
    }
}
