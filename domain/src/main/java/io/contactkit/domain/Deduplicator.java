package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The deduplication engine: records go in one at a time, in order; each gets an {@link AuditEntry}
 * saying which contact it went to and why; at the end, {@link #contacts()} (or, without a list of
 * them all, {@link #forEachContact(Consumer)}) gives the surviving contacts in creation order with
 * the records behind each.
 *
 * <p>Each record is an {@link UpsertCommand} whose strategy decides how it joins existing contacts.
 * Contact ids are {@code c1}, {@code c2}, ... in creation order, so runs are reproducible. All
 * contacts are stamped with the run's time, passed in. Not thread-safe.
 *
 * <p>Two ways in: {@link #accept(long, UpsertCommand)} returns the record's full audit entry;
 * {@link #apply(long, UpsertCommand)} is the bulk path, which returns only the action and keeps what
 * it needs to build the same entry on demand with {@link #lastEntry()}. Both leave the same state
 * and the same counts.
 */
public final class Deduplicator {

    private final ContactBook book;
    private final Instant asOf;
    private final DecisionTrace trace = new DecisionTrace();
    private long lastRecord;
    private long records;
    private long created;
    private long updated;
    private long merged;
    private long rejected;

    // the last record: its number, its action, and its entry once built (rejections from outside build it at once)
    private long lastNumber;
    // an index into ACTIONS, or -1 before the first record: a primitive, since a reference written into this
    // long-lived object on every record would cost the collector's write barrier and its fence (see DecisionTrace.begin)
    private int lastAction = -1;
    private int prefetched;
    private AuditEntry lastEntry;

    // every applied record, in order: the contact it went to at the time; its number unless they run 1, 2, 3, ...
    private int[] appliedContact;
    private long[] appliedNumber;
    private int applied;

    // the applied records' numbers grouped by surviving contact, built on demand and valid until the book changes: the
    // numbers themselves rather than positions in appliedNumber, so that walking the contacts in order reads them in
    // order too (a position would send each record to a random place in appliedNumber)
    private long groupedAt = -1;
    private int[] groupStart;
    private long[] groupNumbers;

    /**
     * @param workspace the workspace of the resulting contacts
     * @param asOf      the time stamped on every contact
     */
    public Deduplicator(String workspace, Instant asOf) {
        this(workspace, asOf, 16);
    }

    /**
     * As {@link #Deduplicator(String, Instant)}, sized for about {@code expectedRecords} records.
     *
     * @param workspace the workspace of the resulting contacts
     * @param asOf      the time stamped on every contact
     * @param expectedRecords about how many records will come, for sizing
     */
    public Deduplicator(String workspace, Instant asOf, int expectedRecords) {
        this(workspace, asOf, expectedRecords, IdentityRules.NONE);
    }

    /**
     * As {@link #Deduplicator(String, Instant, int)}, under identity rules: blocked identifiers are
     * dropped from each record before matching (a record left with none becomes a contact of its
     * own), limits and merge caps hold, and each audit entry names the rules that fired. Hub rules
     * act on whole runs: see {@link HubFinder}.
     *
     * @param workspace the workspace of the resulting contacts
     * @param asOf      the time stamped on every contact
     * @param expectedRecords about how many records will come, for sizing
     * @param rules     the identity rules
     */
    public Deduplicator(String workspace, Instant asOf, int expectedRecords, IdentityRules rules) {
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        int expected = Math.max(16, expectedRecords);
        // realistic input has about two distinct identifiers per record
        this.book = ContactBook.counting(workspace, "c", expected, (int) Math.min(1 << 28, expected * 2L));
        this.book.useRules(rules);
        this.appliedContact = new int[expected];
    }

    /**
     * Applies one record. Record numbers must increase.
     *
     * @param record the record's number
     * @param command the record's command
     *
     * @return the audit entry: created, updated or merged, or rejected with code {@code conflict}; a
     *         record without identifiers creates a contact of its own
     */
    public AuditEntry accept(long record, UpsertCommand command) {
        apply(record, command);
        return lastEntry();
    }

    /**
     * Applies one record, as {@link #accept(long, UpsertCommand)} does, without building its audit
     * entry: the bulk path, which allocates nothing per record of its own. The entry stays available
     * from {@link #lastEntry()} until the next record. Record numbers must increase.
     *
     * @param record the record's number
     * @param command the record's command
     *
     * @return what happened to the record
     */
    public AuditEntry.Action apply(long record, UpsertCommand command) {
        Objects.requireNonNull(command, "command");
        checkOrder(record);
        records++;
        lastNumber = record;
        lastEntry = null;
        // a record naming nobody is a contact of its own: unlike a repeated upsert, each record is a distinct input
        int status = book.applyRecord(command, asOf, trace);
        if (status != DecisionTrace.APPLIED) {
            rejected++;
            lastAction = AuditEntry.Action.REJECTED.ordinal();
            return AuditEntry.Action.REJECTED;
        }
        noteApplied(record, trace.target);
        AuditEntry.Action action = trace.action();
        switch (action) {
            case CREATED:
                created++;
                break;
            case MERGED:
                merged++;
                break;
            default:
                updated++;
        }
        lastAction = action.ordinal();
        return action;
    }

    /**
     * A hint that changes nothing: reads, all together, what applying these commands will read first
     * (each identifier's place in the index, and the state of the contact filed there), so that their
     * cache misses overlap instead of each record waiting for its own. For bulk work, call it for the
     * next few records (about sixteen) before applying them one by one with {@link #apply}; every
     * result is exactly what it would be without it.
     *
     * @param commands the commands about to be applied
     * @param from     the index of the first of them
     * @param to       the index after the last
     * @throws IndexOutOfBoundsException when {@code from} to {@code to} is not a range of {@code commands}
     * @throws NullPointerException      when {@code commands} or one of the commands in the range is {@code null}
     */
    public void prefetch(UpsertCommand[] commands, int from, int to) {
        Objects.checkFromToIndex(from, to, commands.length);
        // kept in a field, so that the reads are not optimized away
        prefetched += book.touch(commands, from, to);
    }

    /**
     * The audit entry of the most recent record (applied, accepted or rejected), built on first
     * request: which contact it went to, the contacts merged into it, the identifiers skipped and who
     * owns them, or why it was rejected.
     *
     * @return the entry
     *
     * @throws IllegalStateException before the first record
     */
    public AuditEntry lastEntry() {
        if (lastAction < 0) {
            throw new IllegalStateException("no record yet");
        }
        if (lastEntry == null) {
            lastEntry = book.audit(lastNumber, trace);
        }
        return lastEntry;
    }

    /**
     * Applies a record that may have failed validation: invalid records are rejected with code
     * {@code invalid_identifier} when an identifier failed normalization, else {@code invalid_record}.
     *
     * @param record the record's number
     * @param command the record's command, or its violations
     * @return the audit entry
     */
    public AuditEntry accept(long record, Validation<Seq<Violation>, UpsertCommand> command) {
        if (command.isValid()) {
            return accept(record, command.get());
        }
        Seq<Violation> problems = command.getError();
        boolean identifier = problems.exists(v -> v.field().startsWith("identifiers") || v.field().startsWith("removeIdentifiers"));
        return reject(record, identifier ? "invalid_identifier" : "invalid_record", problems.map(Violation::toString).mkString("; "));
    }

    /**
     * Records a record that could not be read or built at all.
     *
     * @param record the record's number
     * @param code why, for example {@code invalid_record}
     * @param message the explanation
     * @return the rejection's audit entry
     */
    public AuditEntry reject(long record, String code, String message) {
        checkOrder(record);
        records++;
        rejected++;
        lastNumber = record;
        lastAction = AuditEntry.Action.REJECTED.ordinal();
        lastEntry = AuditEntry.rejected(record, code, message);
        return lastEntry;
    }

    private void checkOrder(long record) {
        if (record <= lastRecord) {
            throw new IllegalArgumentException("record numbers must increase: " + record + " after " + lastRecord);
        }
        lastRecord = record;
    }

    private void noteApplied(long record, int contact) {
        int i = applied;
        if (i == appliedContact.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, i * 2L);
            if (capacity == i) {
                throw new IllegalStateException("too many records for one run");
            }
            appliedContact = Arrays.copyOf(appliedContact, capacity);
            if (appliedNumber != null) {
                appliedNumber = Arrays.copyOf(appliedNumber, capacity);
            }
        }
        if (appliedNumber == null && record != i + 1) {
            // numbers no longer follow positions: keep them from now on
            appliedNumber = new long[appliedContact.length];
            for (int k = 0; k < i; k++) {
                appliedNumber[k] = k + 1;
            }
        }
        if (appliedNumber != null) {
            appliedNumber[i] = record;
        }
        appliedContact[i] = contact;
        applied = i + 1;
    }

    private long appliedRecord(int i) {
        return appliedNumber == null ? i + 1 : appliedNumber[i];
    }

    /** {@return the surviving contacts in creation order, each with its source records ascending} */
    public List<DedupContact> contacts() {
        List<DedupContact> out = new ArrayList<>(book.size());
        forEachContact(out::add);
        return out;
    }

    /**
     * Each surviving contact in creation order with its source records ascending, one at a time: the
     * contacts are built as they are handed over and not kept, so a large run can be written out
     * without holding every contact at once.
     *
     * @param action called with each contact
     */
    public void forEachContact(Consumer<? super DedupContact> action) {
        Objects.requireNonNull(action, "action");
        group();
        for (int c = 0, n = book.numbered(); c < n; c++) {
            if (book.isLiveNumber(c)) {
                action.accept(new DedupContact(book.build(c), sources(c)));
            }
        }
    }

    /**
     * Readies the run's surviving contacts for {@link #forEachContact(int, int, BiConsumer)} and
     * returns the bound of its ranges: the contact numbers handed out so far. Until the engine next
     * changes, several threads may then walk disjoint (or overlapping) ranges at once: the walk only
     * reads the engine's state.
     *
     * @return the contact numbers {@code 0 .. n - 1} that the ranges cover
     */
    public int contactNumbers() {
        group();
        return book.numbered();
    }

    /**
     * The surviving contacts numbered {@code from} (inclusive) to {@code to} (exclusive), in creation
     * order, each with its source records ascending; the same contacts, in the same order, as
     * {@link #forEachContact(Consumer)} gives for those numbers. Reads only: call
     * {@link #contactNumbers()} first, on the thread that ran the engine, and change nothing while
     * ranges are walked.
     *
     * @param from   the first contact number
     * @param to     one past the last contact number, at most {@link #contactNumbers()}
     * @param action called with each contact and its source record numbers (a fresh array)
     * @throws IllegalStateException when the engine changed after {@link #contactNumbers()}
     */
    public void forEachContact(int from, int to, BiConsumer<? super Contact, long[]> action) {
        Objects.requireNonNull(action, "action");
        if (groupedAt != book.mutations()) {
            throw new IllegalStateException("the engine changed: call contactNumbers() before walking ranges");
        }
        Objects.checkFromToIndex(from, to, book.numbered());
        for (int c = from; c < to; c++) {
            if (book.isLiveNumber(c)) {
                int first = groupStart[c];
                long[] sources = new long[groupStart[c + 1] - first];
                for (int k = 0; k < sources.length; k++) {
                    sources[k] = groupNumbers[first + k];
                }
                action.accept(book.build(c), sources);
            }
        }
    }

    /**
     * As {@link #forEachContact(int, int, BiConsumer)}, without building the contacts or their arrays of
     * source records: one {@link ContactView} moves from each surviving contact to the next, reading the
     * engine's state in place, with the contact's source records ascending ({@link ContactView#source}).
     * Reads only, as the other range walk: several threads may walk ranges at once, each with its own view.
     * The view is valid only inside the call that hands it over.
     *
     * @param from   the first contact number
     * @param to     one past the last contact number, at most {@link #contactNumbers()}
     * @param action receives the view, at each surviving contact in turn
     * @throws IllegalStateException when the engine changed after {@link #contactNumbers()}
     */
    public void viewContacts(int from, int to, Consumer<? super ContactView> action) {
        Objects.requireNonNull(action, "action");
        if (groupedAt != book.mutations()) {
            throw new IllegalStateException("the engine changed: call contactNumbers() before walking ranges");
        }
        Objects.checkFromToIndex(from, to, book.numbered());
        ContactView view = book.view();
        long[] sources = new long[16];
        for (int c = from; c < to; c++) {
            if (book.isLiveNumber(c)) {
                int first = groupStart[c];
                int n = groupStart[c + 1] - first;
                if (n > sources.length) {
                    sources = new long[Math.max(n, 2 * sources.length)];
                }
                for (int k = 0; k < n; k++) {
                    sources[k] = groupNumbers[first + k];
                }
                view.moveTo(c);
                view.sources(sources, n);
                action.accept(view);
            }
        }
    }

    /**
     * The source records of one surviving contact, ascending.
     *
     * @param contactId the contact's id
     * @return the record numbers
     */
    public List<Long> sourcesOf(String contactId) {
        int c = book.liveNumber(contactId);
        if (c == ContactBook.NONE) {
            return List.of();
        }
        group();
        return sources(c);
    }

    private List<Long> sources(int c) {
        int from = groupStart[c];
        int to = groupStart[c + 1];
        Long[] out = new Long[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = groupNumbers[k];
        }
        return Arrays.asList(out);
    }

    /** Groups the applied records by surviving contact (a counting sort, so each group stays ascending). */
    private void group() {
        if (groupedAt == book.mutations()) {
            return;
        }
        int n = book.numbered();
        int[] start = new int[n + 1];
        for (int i = 0; i < applied; i++) {
            int root = book.find(appliedContact[i]);
            // the run's records now lead straight to their survivors
            appliedContact[i] = root;
            start[root + 1]++;
        }
        for (int c = 0; c < n; c++) {
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, n);
        long[] members = new long[applied];
        for (int i = 0; i < applied; i++) {
            members[next[appliedContact[i]]++] = appliedRecord(i);
        }
        groupStart = start;
        groupNumbers = members;
        groupedAt = book.mutations();
    }

    /** {@return the state behind the run, for lookups such as {@link ContactEngine#ownerOf(Identifier)}} */
    public ContactEngine engine() {
        return book;
    }

    /** {@return the run's counts so far} */
    public DedupSummary summary() {
        return new DedupSummary(records, book.size(), created, updated, merged, rejected);
    }
}
