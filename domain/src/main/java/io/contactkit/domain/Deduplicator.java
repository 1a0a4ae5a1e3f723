package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The deduplication engine: records go in one at a time, in order; each gets an {@link AuditEntry}
 * saying which contact it went to and why; at the end, {@link #contacts()} gives the surviving
 * contacts in creation order with the records behind each.
 *
 * <p>Each record is an {@link UpsertCommand} whose strategy decides how it joins existing contacts.
 * Contact ids are {@code c1}, {@code c2}, ... in creation order, so runs are reproducible. All
 * contacts are stamped with the run's time, passed in. Not thread-safe.
 */
public final class Deduplicator {

    private final ContactBook book;
    private final Instant asOf;
    private long lastRecord;
    private long records;
    private long created;
    private long updated;
    private long merged;
    private long rejected;

    /**
     * @param workspace the workspace of the resulting contacts
     * @param asOf      the time stamped on every contact
     */
    public Deduplicator(String workspace, Instant asOf) {
        this(workspace, asOf, 16);
    }

    /** As {@link #Deduplicator(String, Instant)}, sized for about {@code expectedRecords} records. */
    public Deduplicator(String workspace, Instant asOf, int expectedRecords) {
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.book = ContactBook.counting(workspace, "c", expectedRecords);
    }

    /**
     * Applies one record. Record numbers must increase.
     *
     * @return the audit entry: created, updated or merged, or rejected with code {@code conflict}
     *         ({@code invalid_record} for a record without identifiers)
     */
    public AuditEntry accept(long record, UpsertCommand command) {
        checkOrder(record);
        records++;
        Either<UpsertFailure, Decision> result = book.decide(command, asOf);
        if (result.isLeft()) {
            rejected++;
            UpsertFailure f = result.getLeft();
            return AuditEntry.rejected(record, f instanceof UpsertFailure.Invalid ? "invalid_record" : f.code(), f.message());
        }
        Decision d = result.get();
        ContactRecord target = book.lastTarget;
        long[] mine = target.sources == null ? new long[] {0, 0, 0, 0} : target.sources;
        for (ContactRecord gone : book.lastRetired) {
            mine = append(mine, gone.sources);
            gone.sources = null;
        }
        target.sources = append(mine, record);
        AuditEntry.Action action;
        if (d.created()) {
            created++;
            action = AuditEntry.Action.CREATED;
        } else if (d.merged()) {
            merged++;
            action = AuditEntry.Action.MERGED;
        } else {
            updated++;
            action = AuditEntry.Action.UPDATED;
        }
        return new AuditEntry(record, action, d.contactId(), d.contactsMerged(), d.identifiersSkipped(), null, null);
    }

    /**
     * Applies a record that may have failed validation: invalid records are rejected with code
     * {@code invalid_identifier} when an identifier failed normalization, else {@code invalid_record}.
     */
    public AuditEntry accept(long record, Validation<Seq<Violation>, UpsertCommand> command) {
        if (command.isValid()) {
            return accept(record, command.get());
        }
        Seq<Violation> problems = command.getError();
        boolean identifier = problems.exists(v -> v.field().startsWith("identifiers") || v.field().startsWith("removeIdentifiers"));
        return reject(record, identifier ? "invalid_identifier" : "invalid_record", problems.map(Violation::toString).mkString("; "));
    }

    /** Records a record that could not be read or built at all. */
    public AuditEntry reject(long record, String code, String message) {
        checkOrder(record);
        records++;
        rejected++;
        return AuditEntry.rejected(record, code, message);
    }

    private void checkOrder(long record) {
        if (record <= lastRecord) {
            throw new IllegalArgumentException("record numbers must increase: " + record + " after " + lastRecord);
        }
        lastRecord = record;
    }

    /** The surviving contacts in creation order, each with its source records ascending. */
    public List<DedupContact> contacts() {
        List<Contact> all = book.contacts();
        List<DedupContact> out = new ArrayList<>(all.size());
        for (Contact c : all) {
            out.add(new DedupContact(c, sourcesOf(c.id())));
        }
        return out;
    }

    /** The source records of one surviving contact, ascending. */
    public List<Long> sourcesOf(String contactId) {
        ContactRecord owner = book.live(contactId);
        long[] s = owner == null ? null : owner.sources;
        if (s == null) {
            return List.of();
        }
        long[] sorted = Arrays.copyOfRange(s, 1, (int) s[0] + 1);
        Arrays.sort(sorted);
        List<Long> out = new ArrayList<>(sorted.length);
        for (long r : sorted) {
            out.add(r);
        }
        return out;
    }

    /** The state behind the run, for lookups such as {@link ContactEngine#ownerOf(Identifier)}. */
    public ContactEngine engine() {
        return book;
    }

    public DedupSummary summary() {
        return new DedupSummary(records, book.size(), created, updated, merged, rejected);
    }

    // a growable array of longs; slot 0 holds the count
    private static long[] append(long[] a, long value) {
        int n = (int) a[0];
        if (n + 1 >= a.length) {
            a = Arrays.copyOf(a, Math.max(4, a.length * 2));
        }
        a[n + 1] = value;
        a[0] = n + 1;
        return a;
    }

    private static long[] append(long[] a, long[] b) {
        if (b == null) {
            return a;
        }
        for (int i = 1; i <= b[0]; i++) {
            a = append(a, b[i]);
        }
        return a;
    }
}
