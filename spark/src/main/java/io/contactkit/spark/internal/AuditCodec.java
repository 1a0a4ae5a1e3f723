package io.contactkit.spark.internal;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.SkippedIdentifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * An applied record's audit entry between the replay and the global contact ids: the entry in bytes
 * with every contact it names (its contact, the owners of skipped identifiers, the contacts merged)
 * replaced by a reference, and the references as the records that created those contacts. Once the
 * creating records have their global numbers, {@link #decode} gives the entry the in-memory engine
 * writes.
 */
final class AuditCodec {

    /** The encoded entry and, by reference, the record that created each contact it names. */
    record Encoded(byte[] entry, long[] refs) {
    }

    private AuditCodec() {
    }

    /** @param creatorOf the record that created a contact, by the replay's local contact id */
    static Encoded encode(AuditEntry e, java.util.function.ToLongFunction<String> creatorOf) {
        List<Long> refs = new ArrayList<>(2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(e.action().ordinal());
            out.writeInt(ref(refs, creatorOf, e.contactId()));
            identifiers(out, e.matchedBy());
            identifiers(out, e.identifiersAdded());
            out.writeInt(e.identifiersSkipped().size());
            for (SkippedIdentifier s : e.identifiersSkipped()) {
                text(out, s.identifier().key());
                text(out, s.identifier().value());
                out.writeByte(s.reason().ordinal());
                out.writeInt(s.ownerId() == null ? -1 : ref(refs, creatorOf, s.ownerId()));
            }
            out.writeInt(e.contactsMerged().size());
            for (String merged : e.contactsMerged()) {
                out.writeInt(ref(refs, creatorOf, merged));
            }
            out.writeInt(e.rulesFired().size());
            for (String rule : e.rulesFired()) {
                text(out, rule);
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        long[] r = new long[refs.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = refs.get(i);
        }
        return new Encoded(bytes.toByteArray(), r);
    }

    /** @param numberOf the global id number of the contact behind each reference */
    static AuditEntry decode(long record, byte[] entry, LongUnaryOperator numberOf) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            AuditEntry.Action action = AuditEntry.Action.values()[in.readByte()];
            String contact = id(numberOf, in.readInt());
            List<Identifier> matched = identifiers(in);
            List<Identifier> added = identifiers(in);
            List<SkippedIdentifier> skipped = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                Identifier id = new Identifier(text(in), text(in));
                SkippedIdentifier.Reason reason = SkippedIdentifier.Reason.values()[in.readByte()];
                int owner = in.readInt();
                skipped.add(new SkippedIdentifier(id, owner < 0 ? null : id(numberOf, owner), reason));
            }
            List<String> merged = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                merged.add(id(numberOf, in.readInt()));
            }
            List<String> rules = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                rules.add(text(in));
            }
            return new AuditEntry(record, action, contact, merged, skipped, null, null, matched, added, rules);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static int ref(List<Long> refs, java.util.function.ToLongFunction<String> creatorOf, String contactId) {
        long creator = creatorOf.applyAsLong(contactId);
        int at = refs.indexOf(creator);
        if (at < 0) {
            refs.add(creator);
            at = refs.size() - 1;
        }
        return at;
    }

    private static String id(LongUnaryOperator numberOf, int ref) {
        return "c" + numberOf.applyAsLong(ref);
    }

    private static void identifiers(DataOutputStream out, List<Identifier> ids) throws IOException {
        out.writeInt(ids.size());
        for (Identifier i : ids) {
            text(out, i.key());
            text(out, i.value());
        }
    }

    private static List<Identifier> identifiers(DataInputStream in) throws IOException {
        List<Identifier> out = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            out.add(new Identifier(text(in), text(in)));
        }
        return out;
    }

    // not writeUTF: it stops at 64 KB
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
