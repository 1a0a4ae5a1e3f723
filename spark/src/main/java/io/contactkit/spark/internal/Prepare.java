package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertCommand;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.util.LongAccumulator;

/**
 * Maps and normalizes records on the executors, with the command-line tool's rules (stage 1). A valid
 * record leaves as its canonical identifiers' {@link #hash hashes} (the graph's edges) and its built command in one
 * binary column ({@link #carry}), which the replay makes whole again without mapping the record a second time: a
 * narrow row Spark converts, stores and shuffles as two fields, however many cells the record has.
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

    /** {@link #carry}'s first byte: the record as read follows, mapped again where it is read back. */
    private static final int RECORD = 0;
    /** {@link #carry}'s first byte: the built command's identifiers and set texts follow. */
    private static final int COMMAND = 1;

    /**
     * What a valid record leaves for the later stages in its {@code bytes} column: its built command in a
     * compact form when the command holds only identifiers and texts set, with the mapping's strategy (what
     * every CSV row and most NDJSON lines give), so the replay makes it again without mapping, normalizing
     * and checking the record a second time ({@link UpsertCommand.Builder#rebuildChecked}); else the record
     * as read, which {@link #carried} maps again.
     *
     * @param record the record as read ({@link Wire#record}), or null to make it from {@code cells} and {@code json} if needed
     */
    static byte[] carry(RecordMapping mapping, UpsertCommand c, byte[] record, String[] cells, String json) {
        if (!compact(mapping, c)) {
            byte[] raw = record != null ? record : Wire.record(cells, json);
            byte[] out = new byte[raw.length + 1];
            out[0] = RECORD;
            System.arraycopy(raw, 0, out, 1, raw.length);
            return out;
        }
        Wire.Out out = new Wire.Out(64 + 32 * c.identifiers().size() + 24 * c.attributes().size());
        command(c, out, null, 0);
        return out.toBytes();
    }

    /**
     * Writes what {@link #carry} gives for a CSV row's command into {@code out} (the same bytes, written in place), and the
     * {@link #hash hashes} of its identifiers not blocked by {@code rules}, in order, into the 8-byte slots from
     * {@code hashesAt} (hashed from the bytes just written: no text encoded twice).
     */
    static void carry(RecordMapping mapping, IdentityRules rules, UpsertCommand c, String[] cells, Wire.Out out, int hashesAt) {
        if (compact(mapping, c)) {
            command(c, out, rules, hashesAt);
            return;
        }
        out.varint(RECORD).varint(cells.length + 1L);
        for (String cell : cells) {
            out.text(cell);
        }
        int slot = hashesAt;
        List<Identifier> ids = c.identifiers();
        for (int k = 0, n = ids.size(); k < n; k++) {
            Identifier i = ids.get(k);
            if (!rules.isBlocked(i)) {
                out.setFixed64(slot, hash(i));
                slot += 8;
            }
        }
    }

    /** A command's compact form (see {@link #carry}), and with {@code rules} the hashes of its identifiers not blocked. */
    private static void command(UpsertCommand c, Wire.Out out, IdentityRules rules, int hashesAt) {
        List<Identifier> ids = c.identifiers();
        out.varint(COMMAND).varint(ids.size());
        int slot = hashesAt;
        // by index, the patch read in place: no iterator, and no map of the patch made for this alone
        for (int k = 0, n = ids.size(); k < n; k++) {
            Identifier i = ids.get(k);
            int key = out.textAt(i.key());
            int keyLength = out.size() - key;
            int value = out.textAt(i.value());
            if (rules != null && !rules.isBlocked(i)) {
                byte[] b = out.buffer();
                long h = XXH64.hashUnsafeBytes(b, Platform.BYTE_ARRAY_OFFSET + key, keyLength, SEED);
                out.setFixed64(slot, XXH64.hashUnsafeBytes(b, Platform.BYTE_ARRAY_OFFSET + value, out.size() - value, h));
                slot += 8;
            }
        }
        int n = c.attributeCount();
        out.varint(n);
        for (int k = 0; k < n; k++) {
            out.text(c.attributeName(k)).text(((AttributeValue.Text) c.attributeValue(k)).value());
        }
    }

    /** True when {@link #carry} can carry the command itself: identifiers and set texts only, the mapping's strategy. */
    private static boolean compact(RecordMapping mapping, UpsertCommand c) {
        if (c.strategy() != mapping.strategy() || !c.removeIdentifiers().isEmpty() || !c.addToLists().isEmpty()
                || !c.removeFromLists().isEmpty() || !c.addToAccounts().isEmpty() || !c.removeFromAccounts().isEmpty()
                || c.owner().isPresent() || c.language().isPresent()) {
            return false;
        }
        for (int k = 0, n = c.attributeCount(); k < n; k++) {
            // null for a removal
            if (!(c.attributeValue(k) instanceof AttributeValue.Text)) {
                return false;
            }
        }
        return true;
    }

    /** The record's command from what {@link #carry} left: made again, or the record mapped again. */
    static PreparedRecord carried(RecordMapping mapping, long number, byte[] carried) {
        if (carried[0] == RECORD) {
            return prepare(mapping, number, Arrays.copyOfRange(carried, 1, carried.length));
        }
        Wire.In in = new Wire.In(carried);
        in.varint();
        // straight into the command's arrays (no builder), the keys and names the same strings record after record
        Identifier[] ids = new Identifier[in.count()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new Identifier(NAMES.text(in), in.text());
        }
        int n = in.count();
        String[] names = new String[n];
        AttributeValue[] values = new AttributeValue[n];
        for (int k = 0; k < n; k++) {
            names[k] = NAMES.text(in);
            values[k] = AttributeValue.of(in.text());
        }
        return new PreparedRecord(number, UpsertCommand.rebuiltChecked(mapping.strategy(), List.of(ids), names, values, n), null, null);
    }

    /** The identifier keys and attribute names read back, shared by every thread of the JVM. */
    private static final Names NAMES = new Names();

    /**
     * Texts read back from {@link Wire} bytes as the same string each time the same few bytes come again: the identifier
     * keys and attribute names, the same handful in every record (the well-known identifier keys as the domain's own
     * constants, which its checks know at once). No string made and hashed per record, and a patch's names compare by
     * identity. A table of a few slots, each a text and its bytes, written by any thread (a slot taken by another text is
     * simply replaced: a miss makes the string, as without the table).
     */
    static final class Names {
        private static final int SLOTS = 64;
        private static final String[] WELL_KNOWN = {Identifier.EMAIL, Identifier.PHONE, Identifier.VISITOR};
        private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

        private record Entry(byte[] bytes, String text) {
        }

        /** The next text of {@code in}, as {@link Wire.In#text} reads it (null for a null text). */
        String text(Wire.In in) {
            int n = in.count();
            if (n == 0) {
                return null;
            }
            int length = n - 1;
            int at = in.skip(length);
            byte[] b = in.buffer();
            int h = length;
            for (int i = 0; i < length; i++) {
                h = 31 * h + b[at + i];
            }
            int slot = (h ^ (h >>> 7)) & (SLOTS - 1);
            Entry e = slots.getAcquire(slot);
            if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, b, at, at + length)) {
                return e.text;
            }
            String text = new String(b, at, length, StandardCharsets.UTF_8);
            for (String known : WELL_KNOWN) {
                if (known.equals(text)) {
                    text = known;
                }
            }
            slots.setRelease(slot, new Entry(Arrays.copyOfRange(b, at, at + length), text));
            return text;
        }
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
                // the library's caller numbers the records (the tool always gives 1, 2, 3, ...)
                if (row.isNullAt(0)) {
                    throw new RecordNumberException("a record has no number (null)");
                }
                long n = row.getLong(0);
                if (n < 1) {
                    throw new RecordNumberException("record number " + n + " is below 1 (numbers start at 1)");
                }
                if (n <= previous && !counted) {
                    unordered.add(1);
                    counted = true;
                }
                previous = n;
                if (encoded) {
                    byte[] record = (byte[]) row.get(1);
                    return prepared(mapping, rules, prepare(mapping, n, record), record, null, null);
                }
                String[] cells = row.isNullAt(1) ? null : row.<String>getList(1).toArray(new String[0]);
                PreparedRecord p = mapping.isCsv() ? mapping.cells(n, cells) : mapping.json(n, row.getString(2));
                return prepared(mapping, rules, p, null, mapping.isCsv() ? cells : null, row.getString(2));
            }
        };
    }

    /**
     * A {@link Schemas#PREPARED} row: a rejected record's code and message, or a valid record's identifier
     * hashes (blocked values left out) and {@link #carry carried} command.
     *
     * @param record the record as read ({@link Wire#record}), or null to make it from {@code cells} and {@code json} if needed
     */
    static Row prepared(RecordMapping mapping, IdentityRules rules, PreparedRecord p, byte[] record, String[] cells, String json) {
        if (p.isRejected()) {
            return RowFactory.create(p.number(), p.code(), p.message(), null, null);
        }
        byte[] bytes = carry(mapping, p.command(), record, cells, json);
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
}
