package io.contactkit.spark.internal;

import io.contactkit.cli.engine.Lines;
import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.DedupContact;
import io.contactkit.domain.DedupSummary;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Replays one partition's records through the domain's {@link Deduplicator} in record order (stage 3).
 * The partition holds whole components, and records of different components never touch each other,
 * so one engine per partition gives each component exactly what the in-memory engine gives it. Contact
 * ids here are the partition's own ({@code c1}, {@code c2}, ...): every contact leaves keyed by the
 * record that created it, and the global ids are assigned afterwards.
 */
final class Replay implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "c";

    private final RecordMapping mapping;
    private final IdentityRules rules;
    private final Instant asOf;
    private final boolean audit;

    /**
     * @param rules the run's rules, hubs already blocked when the hub rule says so: every rule acts on one
     *              value, one contact or one merge, so within a component, and the partition sees all of it
     * @param audit true to give each applied record's audit entry (kind {@code A})
     */
    Replay(RecordMapping mapping, IdentityRules rules, Instant asOf, boolean audit) {
        this.mapping = mapping;
        this.rules = rules;
        this.asOf = asOf;
        this.audit = audit;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Deduplicator engine = new Deduplicator("dedupe", asOf, 16, rules);
        List<Row> out = new ArrayList<>();
        // the record that created each of this partition's contacts, by local number
        List<Long> creators = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            PreparedRecord p = Prepare.prepare(mapping, row);
            if (p.isRejected()) {
                throw new IllegalStateException("record " + p.number() + " mapped valid before and rejected now");
            }
            AuditEntry.Action action = engine.apply(p.number(), p.command());
            if (action == AuditEntry.Action.CREATED) {
                creators.add(p.number());
            } else if (action == AuditEntry.Action.REJECTED) {
                out.add(rejected(engine, p, creators));
            }
            if (audit && action != AuditEntry.Action.REJECTED) {
                AuditCodec.Encoded e = AuditCodec.encode(engine.lastEntry(), id -> creator(creators, id));
                out.add(RowFactory.create("A", p.number(), null, null, null, null, null, null, null, null, null, null, e.refs(), null, e.entry()));
            }
        }
        Lines lines = new Lines();
        engine.forEachContact(c -> out.add(survivor(c, lines)));
        DedupSummary s = engine.summary();
        long[] created = new long[creators.size()];
        for (int i = 0; i < created.length; i++) {
            created[i] = creators.get(i);
        }
        out.add(RowFactory.create("T", 0L, null, null, null, null, null, null, null, null, null, null, null,
                new long[] {s.records(), s.contacts(), s.created(), s.updated(), s.merged(), s.rejected()}, Ranks.encode(created)));
        return out.iterator();
    }

    /** The record that created a contact, by the partition's own id for it. */
    private static long creator(List<Long> creators, String localId) {
        return creators.get(Integer.parseInt(localId.substring(PREFIX.length())) - 1);
    }

    private static Row survivor(DedupContact dc, Lines lines) {
        Contact c = dc.contact();
        long[] sources = new long[dc.sourceRecords().size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = dc.sourceRecords().get(i);
        }
        String line = lines.contact(c, sources);
        // the line without {"id":"<local id>" and its newline: the global id goes in front later
        String head = "{\"id\":\"" + c.id() + "\"";
        if (!line.startsWith(head) || !line.endsWith("\n")) {
            throw new IllegalStateException("unexpected contact line: " + line);
        }
        String tail = line.substring(head.length(), line.length() - 1);
        Row[] ids = new Row[c.identifiers().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = RowFactory.create(c.identifiers().get(i).key(), c.identifiers().get(i).value());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : c.attributes().entrySet()) {
            attributes.put(e.getKey(), text(e.getValue()));
        }
        // a survivor was created before every contact merged into it, so by its first source record
        return RowFactory.create("S", sources[0], tail, ids, scala.jdk.javaapi.CollectionConverters.asScala(attributes),
                c.displayName().orElse(null), c.isAnonymous(), sources, null, null, null, null, null, null, null);
    }

    private static String text(AttributeValue v) {
        return v instanceof AttributeValue.Text t ? t.value() : v.toString();
    }

    /**
     * A rejected record. A conflict names contacts by id, so it leaves as its owned identifiers and the
     * records that created their owners, and its message is written again with the global ids; the
     * message rebuilt here with the local ids must equal the engine's, so nothing can drift.
     */
    private static Row rejected(Deduplicator engine, PreparedRecord p, List<Long> creators) {
        AuditEntry entry = engine.lastEntry();
        ContactEngine state = engine.engine();
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (Identifier i : p.command().identifiers()) {
            state.ownerOf(i).ifPresent(owner -> {
                owned.put(i, owner);
                if (!contacts.contains(owner)) {
                    contacts.add(owner);
                }
            });
        }
        if (!"conflict".equals(entry.code())) {
            if (!owned.isEmpty() && entry.message().contains(PREFIX)) {
                throw new IllegalStateException("record " + p.number() + ": cannot carry over rejection " + entry.code());
            }
            return RowFactory.create("R", p.number(), null, null, null, null, null, null, entry.code(), entry.message(),
                    null, null, null, null, null);
        }
        String rebuilt = new UpsertFailure.Conflict(contacts, owned).message();
        if (!rebuilt.equals(entry.message())) {
            throw new IllegalStateException("record " + p.number() + ": conflict message not reproducible: " + entry.message());
        }
        String[] keys = new String[owned.size()];
        String[] values = new String[owned.size()];
        long[] owners = new long[owned.size()];
        int k = 0;
        for (Map.Entry<Identifier, String> e : owned.entrySet()) {
            keys[k] = e.getKey().key();
            values[k] = e.getKey().value();
            owners[k++] = creator(creators, e.getValue());
        }
        return RowFactory.create("R", p.number(), null, null, null, null, null, null, entry.code(), null, keys, values, owners, null, null);
    }

    /** The conflict message with global ids: the same words as the engine's. */
    static String conflictMessage(List<String> keys, List<String> values, List<String> ownerIds) {
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            owned.put(new Identifier(keys.get(i), values.get(i)), ownerIds.get(i));
            if (!contacts.contains(ownerIds.get(i))) {
                contacts.add(ownerIds.get(i));
            }
        }
        return new UpsertFailure.Conflict(contacts, owned).message();
    }
}
