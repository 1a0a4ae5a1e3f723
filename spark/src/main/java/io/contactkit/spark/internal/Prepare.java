package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Maps and normalizes records on the executors, with the command-line tool's rules (stage 1). */
final class Prepare implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final RecordMapping mapping;
    private final IdentityRules rules;

    /** @param rules their blocked values link nobody (the engine drops them before matching), so they are no edges */
    Prepare(RecordMapping mapping, IdentityRules rules) {
        this.mapping = mapping;
        this.rules = rules;
    }

    /** The record's command, or its rejection, from a {@link Schemas#RAW}-shaped row (record, cells, json). */
    static PreparedRecord prepare(RecordMapping mapping, Row row) {
        long n = row.getLong(0);
        if (mapping.isCsv()) {
            List<String> cells = row.getList(1);
            return mapping.cells(n, cells.toArray(new String[0]));
        }
        return mapping.json(n, row.getString(2));
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
                PreparedRecord p = prepare(mapping, row);
                if (p.isRejected()) {
                    return RowFactory.create(p.number(), p.code(), p.message(), null, null, null);
                }
                List<Identifier> ids = p.command().identifiers();
                List<String> keys = new ArrayList<>(ids.size());
                for (Identifier i : ids) {
                    if (!rules.isBlocked(i)) {
                        // keys are letters, digits, '_' and '-': the first ':' ends the key
                        keys.add(i.key() + ':' + i.value());
                    }
                }
                return RowFactory.create(p.number(), null, null, keys.toArray(new String[0]), row.get(1), row.get(2));
            }
        };
    }
}
