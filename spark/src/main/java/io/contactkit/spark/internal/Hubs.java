package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.HubFinder;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Finds the hubs of one partition of whole components with the domain's {@link HubFinder}. Exact per
 * component: every record that carries a value is in that value's component, so the count of records
 * is whole; and the "otherwise separate" contacts are joined through values of the same records, so
 * they lie inside the component too. The hubs of all partitions together are the run's hubs.
 */
final class Hubs implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final RecordMapping mapping;
    private final IdentityRules rules;
    private final Numbering numbering;

    /** @param numbering the record numbers of the rows' keys */
    Hubs(RecordMapping mapping, IdentityRules rules, Numbering numbering) {
        this.mapping = mapping;
        this.rules = rules;
        this.numbering = numbering;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        HubFinder finder = new HubFinder(rules);
        while (rows.hasNext()) {
            Row row = rows.next();
            PreparedRecord p = Prepare.carried(mapping, numbering.record(row.getLong(0)), (byte[]) row.get(1));
            if (p.isRejected()) {
                throw new IllegalStateException("record " + p.number() + " mapped valid before and rejected now");
            }
            finder.add(p.command().identifiers());
        }
        List<Row> out = new ArrayList<>();
        for (HubFinder.Hub h : finder.hubs(rules.hubs().orElseThrow().threshold())) {
            out.add(RowFactory.create(h.identifier().key(), h.identifier().value(), h.contacts(), h.records()));
        }
        return out.iterator();
    }
}
