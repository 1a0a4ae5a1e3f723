package io.contactkit.spark.internal;

import io.contactkit.cli.engine.Lines;
import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.ContactView;
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
 *
 * <p>Rows in ({@code record}, {@code bytes}) as {@link Prepare} left them; rows out {@link Schemas#REPLAYED}, narrow:
 * <ul>
 * <li>{@code S}: {@code text} the contact's line after its id, without the newline; {@code data} its
 *     fields ({@link #contactFields} reads them);
 * <li>{@code R}: {@code text} the code; {@code data} the message, or for a conflict the owned identifiers
 *     and the records that created their owners ({@link #rejection} writes the message with global ids);
 * <li>{@code A}: {@code data} the records that created the contacts the entry names, then the entry from
 *     {@link AuditCodec};
 * <li>{@code T}: {@code data} the partition's six counts, then its creating records, {@link Ranks#encode encoded}.
 * </ul>
 * For a reader of the lines alone (the command line) the surviving contacts leave instead in blocks of up to
 * {@value #BLOCK} contacts, one row each (a few hundred rows a partition instead of a row per contact): kind as the
 * replay was given, {@code record} the block's first contact's, {@code data} for each contact in record order its
 * record and the bytes of its line after the id ({@link Blocks} reads them).
 */
final class Replay implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "c";

    private final RecordMapping mapping;
    private final IdentityRules rules;
    private final Instant asOf;
    private final boolean audit;
    private final boolean fields;
    private final Numbering numbering;
    private final String blocks;

    /** Contacts in one block row at most (see above). */
    static final int BLOCK = 1024;

    /**
     * @param rules the run's rules, hubs already blocked when the hub rule says so: every rule acts on one
     *              value, one contact or one merge, so within a component, and the partition sees all of it
     * @param audit true to give each applied record's audit entry (kind {@code A})
     * @param fields true to give each contact's fields in {@code data} besides its line; else {@code data} is null
     * @param numbering the record numbers of the rows' keys
     * @param blocks the kind of the rows the surviving contacts leave in as blocks of lines (without their fields), or null
     *               for a row per contact ({@code S})
     */
    Replay(RecordMapping mapping, IdentityRules rules, Instant asOf, boolean audit, boolean fields, Numbering numbering, String blocks) {
        this.mapping = mapping;
        this.rules = rules;
        this.asOf = asOf;
        this.audit = audit;
        this.fields = fields;
        this.numbering = numbering;
        this.blocks = blocks;
        if (fields && blocks != null) {
            throw new IllegalArgumentException("blocks of lines carry no fields");
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return call(rows, 16);
    }

    /**
     * The same, the engine sized for {@code expected} records (about as many as come: its tables then never grow and
     * rehash while the partition replays).
     */
    Iterator<Row> call(Iterator<Row> rows, long expected) {
        Deduplicator engine = new Deduplicator("dedupe", asOf, (int) Math.min(1 << 26, expected), rules);
        List<Row> out = new ArrayList<>();
        // the record that created each of this partition's contacts, by local number
        List<Long> creators = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            PreparedRecord p = Prepare.carried(mapping, numbering.record(row.getLong(0)), (byte[]) row.get(1));
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
                Wire.Out data = new Wire.Out(e.entry().length + 8 * e.refs().length + 8).varint(e.refs().length);
                for (long ref : e.refs()) {
                    data.varint(ref);
                }
                out.add(RowFactory.create("A", p.number(), null, data.bytes(e.entry()).toBytes()));
            }
        }
        DedupSummary s = engine.summary();
        long[] created = new long[creators.size()];
        for (int i = 0; i < created.length; i++) {
            created[i] = creators.get(i);
        }
        byte[] ranks = Ranks.encode(created);
        Wire.Out totals = new Wire.Out(ranks.length + 64);
        for (long count : new long[] {s.records(), s.contacts(), s.created(), s.updated(), s.merged(), s.rejected()}) {
            totals.varint(count);
        }
        Row last = RowFactory.create("T", 0L, null, totals.bytes(ranks).toBytes());
        return new Survivors(engine, fields, blocks, out, last);
    }

    /**
     * The partition's rows: the rejections and audit entries, then the surviving contacts made a few at a
     * time as they are read (never all of a partition's lines at once: they go straight into Spark's rows),
     * then the totals.
     */
    private static final class Survivors implements Iterator<Row> {
        private static final int CHUNK = 256;
        private final Deduplicator engine;
        private final boolean fields;
        private final String blocks;
        private final Lines lines = new Lines();
        private final Scratch scratch = new Scratch();
        private final int contacts;
        private final Row last;
        private Iterator<Row> ready;
        private final List<Row> chunk = new ArrayList<>(CHUNK);
        private int at;
        private boolean done;

        Survivors(Deduplicator engine, boolean fields, String blocks, List<Row> first, Row last) {
            this.engine = engine;
            this.fields = fields;
            this.blocks = blocks;
            this.contacts = engine.contactNumbers();
            this.last = last;
            this.ready = first.iterator();
        }

        @Override
        public boolean hasNext() {
            while (!ready.hasNext()) {
                if (at < contacts) {
                    chunk.clear();
                    if (blocks == null) {
                        int to = Math.min(contacts, at + CHUNK);
                        engine.forEachContact(at, to, (c, sources) -> chunk.add(survivor(c, sources, lines, fields)));
                        at = to;
                    } else {
                        int to = Math.min(contacts, at + BLOCK);
                        Wire.Out block = new Wire.Out(256 * (to - at));
                        long[] first = {0};
                        // read in place, as the tool's own writer reads them: no contact built, no string made
                        engine.viewContacts(at, to, v -> {
                            if (first[0] == 0) {
                                first[0] = v.source(0);
                            }
                            line(v, lines, scratch, block);
                        });
                        chunk.add(RowFactory.create(blocks, first[0], null, block.toBytes()));
                        at = to;
                    }
                    ready = chunk.iterator();
                } else if (!done) {
                    done = true;
                    ready = List.of(last).iterator();
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.next();
        }
    }

    /** The record that created a contact, by the partition's own id for it. */
    private static long creator(List<Long> creators, String localId) {
        return creators.get(Integer.parseInt(localId.substring(PREFIX.length())) - 1);
    }

    /**
     * A survivor, read in place, into a block of lines: the record that created it (its first source), then the bytes of its
     * line after its local id, without the newline.
     */
    private static void line(ContactView v, Lines lines, Scratch scratch, Wire.Out block) {
        scratch.reset();
        try {
            lines.contact(v, scratch);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] line = scratch.buffer();
        int length = scratch.size();
        // {"id":"c<digits>" first (the local id, replaced later), then the rest and a newline; checked without making the id
        int head = ID_HEAD.length;
        boolean starts = length > head + 2 && line[length - 1] == '\n' && java.util.Arrays.equals(line, 0, head, ID_HEAD, 0, head)
                && line[head] >= '0' && line[head] <= '9';
        while (starts && head < length && line[head] >= '0' && line[head] <= '9') {
            head++;
        }
        starts &= head < length - 1 && line[head] == '"' && line[head + 1] == ',';
        head++;
        if (!starts) {
            throw new IllegalStateException("unexpected contact line: " + new String(line, 0, length, java.nio.charset.StandardCharsets.UTF_8));
        }
        block.varint(v.source(0)).bytes(line, head, length - head - 1);
    }

    /** How every contact line begins: its id field, up to the digits of the local id. */
    private static final byte[] ID_HEAD = ("{\"id\":\"" + PREFIX).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A line's bytes, read where they were written. */
    private static final class Scratch extends java.io.ByteArrayOutputStream {
        Scratch() {
            super(1024);
        }

        byte[] buffer() {
            return buf;
        }
    }

    private static Row survivor(Contact c, long[] sources, Lines lines, boolean fields) {
        String line = lines.contact(c, sources);
        // the line without {"id":"<local id>" and its newline: the global id goes in front later
        String head = "{\"id\":\"" + c.id() + "\"";
        if (!line.startsWith(head) || !line.endsWith("\n")) {
            throw new IllegalStateException("unexpected contact line: " + line);
        }
        String tail = line.substring(head.length(), line.length() - 1);
        // a survivor was created before every contact merged into it, so by its first source record
        if (!fields) {
            return RowFactory.create("S", sources[0], tail, null);
        }
        Wire.Out data = new Wire.Out(tail.length()).varint(c.identifiers().size());
        for (Identifier i : c.identifiers()) {
            data.text(i.key()).text(i.value());
        }
        data.varint(c.attributes().size());
        for (Map.Entry<String, AttributeValue> e : c.attributes().entrySet()) {
            data.text(e.getKey()).text(text(e.getValue()));
        }
        data.text(c.displayName().orElse(null)).varint(c.isAnonymous() ? 1 : 0).varint(sources.length);
        for (long r : sources) {
            data.varint(r);
        }
        return RowFactory.create("S", sources[0], tail, data.toBytes());
    }

    /** A survivor's {@link Schemas#CONTACT_FIELDS} from its {@code data}. */
    static Row contactFields(byte[] data) {
        Wire.In in = new Wire.In(data);
        Row[] ids = new Row[in.count()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = RowFactory.create(in.text(), in.text());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = in.count(); i > 0; i--) {
            attributes.put(in.text(), in.text());
        }
        String displayName = in.text();
        boolean anonymous = in.varint() != 0;
        long[] sources = new long[in.count()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = in.varint();
        }
        return RowFactory.create(ids, attributes, displayName, anonymous, sources);
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
            return RowFactory.create("R", p.number(), entry.code(), new Wire.Out(entry.message().length() + 8).varint(0).text(entry.message()).toBytes());
        }
        String rebuilt = new UpsertFailure.Conflict(contacts, owned).message();
        if (!rebuilt.equals(entry.message())) {
            throw new IllegalStateException("record " + p.number() + ": conflict message not reproducible: " + entry.message());
        }
        Wire.Out data = new Wire.Out(64 * owned.size()).varint(owned.size());
        for (Map.Entry<Identifier, String> e : owned.entrySet()) {
            data.text(e.getKey().key()).text(e.getKey().value()).varint(creator(creators, e.getValue()));
        }
        return RowFactory.create("R", p.number(), entry.code(), data.toBytes());
    }

    /**
     * An {@code R} row's rejection, {@link Schemas#REJECTED}: a conflict's message names the global ids of
     * the contacts, written with the same words as the engine's.
     */
    static Row rejection(long record, String code, byte[] data, Ranks ranks) {
        Wire.In in = new Wire.In(data);
        int owned = in.count();
        if (owned == 0) {
            return RowFactory.create(record, code, in.text());
        }
        Map<Identifier, String> owners = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < owned; i++) {
            Identifier id = new Identifier(in.text(), in.text());
            String owner = PREFIX + ranks.of(in.varint());
            owners.put(id, owner);
            if (!contacts.contains(owner)) {
                contacts.add(owner);
            }
        }
        return RowFactory.create(record, code, new UpsertFailure.Conflict(contacts, owners).message());
    }

    /** An {@code A} row's audit entry with global ids. */
    static AuditEntry auditEntry(long record, byte[] data, Ranks ranks) {
        Wire.In in = new Wire.In(data);
        long[] refs = new long[in.count()];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = in.varint();
        }
        return AuditCodec.decode(record, in.bytes(), ref -> ranks.of(refs[(int) ref]));
    }

    /** A {@code T} row's counts into {@code totals} (six, added), and its creating records into {@code ranking}. */
    static void totals(byte[] data, long[] totals, Ranks.Builder ranking) {
        Wire.In in = new Wire.In(data);
        for (int i = 0; i < 6; i++) {
            totals[i] += in.varint();
        }
        ranking.add(in.bytes());
    }
}
