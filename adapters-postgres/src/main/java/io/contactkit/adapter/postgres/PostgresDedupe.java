package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.adapter.postgres.internal.ContactState;
import io.contactkit.adapter.postgres.internal.Decider;
import io.contactkit.adapter.postgres.internal.StoredContact;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.DedupSummary;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Deduplicates a run of records incrementally against a workspace of the PostgreSQL store: the
 * workspace's contacts are loaded into the domain's engine, every record is decided there (new
 * records join existing contacts), and {@link #commit()} writes the result in batches in one
 * transaction: each accepted record's log entry, the contacts and the identifiers' owners.
 *
 * <p>The commit locks every identifier and existing contact the run touched and checks that none
 * changed since {@link #load()}; if a concurrent writer changed one, nothing is written and the commit
 * fails, so the run can be repeated. Not thread-safe: one run, one thread.
 */
public final class PostgresDedupe {

    /** Local write stamps sort after every stored log sequence, and become log sequences at commit. */
    static final long LOCAL = 1L << 52;

    private final PostgresContactProvider store;
    private final String workspace;
    private final Instant now;
    private ContactBook book;
    private final Map<String, StoredContact> states = new HashMap<>();
    private final Map<String, Loaded> before = new HashMap<>();
    private final Map<Identifier, String> rawOwners = new HashMap<>();
    private final Map<Identifier, Boolean> touched = new LinkedHashMap<>();
    private final Map<String, List<Long>> sources = new LinkedHashMap<>();
    private final Map<String, String> retired = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private UpsertFailure lastFailure;
    private long records;
    private long created;
    private long updated;
    private long merged;
    private long rejected;

    record Loaded(String state, Instant updatedAt, long seq) {
    }

    /** One accepted record's log entry; {@code stamp} is local until commit. */
    record Entry(long stamp, boolean created, LoggedCommand.Operation operation, String contactId, String command, String decision) {
    }

    PostgresDedupe(PostgresContactProvider store, String workspace, Instant now) {
        this.store = Objects.requireNonNull(store, "store");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.now = now.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A run against a workspace of this store, stamped with this instant.
     *
     * @param store the store
     * @param workspace the workspace
     * @param now the time stamped on the run's contacts
     * @return the run
     */
    public static PostgresDedupe of(PostgresContactProvider store, String workspace, Instant now) {
        return new PostgresDedupe(store, workspace, now);
    }

    /**
     * Reads the workspace's contacts and identifier owners into the engine.
     *
     * @return completes when done
     */
    public Mono<Void> load() {
        return store.loadWorkspace(workspace, (row, state) -> {
            states.put(row.id(), row);
            before.put(row.id(), new Loaded(state, row.updatedAt(), row.seq()));
        }, rawOwners::put).then(Mono.fromRunnable(() -> {
            List<StoredContact> ordered = new ArrayList<>(states.values());
            ordered.sort(java.util.Comparator.comparingLong(StoredContact::seq));
            book = Decider.restoreAll(workspace, ordered, store.ids());
        }));
    }

    /**
     * Decides one record: created, updated, merged or rejected ({@code conflict} under strict_alias).
     *
     * @param record the record's number
     * @param command the record's command
     * @return what happened to the record
     */
    public AuditEntry.Action apply(long record, UpsertCommand command) {
        records++;
        long stamp = LOCAL + entries.size() + 1;
        boolean own = command.identifiers().isEmpty();
        Either<UpsertFailure, UpsertOutcome> result = own ? book.create(command, now) : book.upsert(command, now);
        if (result.isLeft()) {
            lastFailure = result.getLeft();
            rejected++;
            return AuditEntry.Action.REJECTED;
        }
        UpsertOutcome outcome = result.get();
        Contact contact = outcome.contact();
        List<StoredContact> involved = new ArrayList<>();
        if (!outcome.created()) {
            involved.add(states.get(contact.id()));
        }
        Map<Identifier, String> owners = new HashMap<>();
        for (String m : outcome.contactsMerged()) {
            StoredContact gone = states.remove(m);
            involved.add(gone);
            retired.put(m, contact.id());
            List<Long> moved = sources.remove(m);
            if (moved != null) {
                sources.computeIfAbsent(contact.id(), k -> new ArrayList<>()).addAll(moved);
            }
            gone.state().identifiers().forEach(i -> owners.put(i, m));
        }
        if (!outcome.created()) {
            states.get(contact.id()).state().identifiers().forEach(i -> owners.put(i, contact.id()));
        }
        ContactState state = Decider.stateAfter(command, contact, involved, stamp);
        long seq = outcome.created() ? stamp : states.get(contact.id()).seq();
        states.put(contact.id(), new StoredContact(contact.id(), seq, contact.createdAt(), contact.updatedAt(), state));
        List<Long> mine = sources.computeIfAbsent(contact.id(), k -> new ArrayList<>());
        mine.add(record);
        if (!outcome.contactsMerged().isEmpty()) {
            mine.sort(null);
        }
        command.identifiers().forEach(i -> touched.put(i, Boolean.TRUE));
        command.removeIdentifiers().forEach(i -> touched.put(i, Boolean.TRUE));
        AuditEntry audit = Decider.audit(stamp, command, outcome, owners);
        entries.add(new Entry(stamp, outcome.created(), own ? LoggedCommand.Operation.CREATE : LoggedCommand.Operation.UPSERT, contact.id(),
                Codec.command(command), Codec.audit(audit, outcome.identifiersRemoved(), outcome.removalsIgnored())));
        AuditEntry.Action action = audit.action();
        if (action == AuditEntry.Action.CREATED) {
            created++;
        } else if (action == AuditEntry.Action.MERGED) {
            merged++;
        } else {
            updated++;
        }
        return action;
    }

    /**
     * Why the last rejected record was rejected (a {@code conflict} under strict_alias).
     *
     * @return the failure, or {@code null} before any rejection
     */
    public @Nullable UpsertFailure lastFailure() {
        return lastFailure;
    }

    /**
     * Counts a record that failed validation before reaching the engine.
     *
     * @param record the record's number
     */
    public void reject(long record) {
        records++;
        rejected++;
    }

    /**
     * Writes the run: fails, writing nothing, when a concurrent writer changed what the run touched.
     *
     * @return completes when done
     */
    public Mono<Void> commit() {
        return store.commitRun(this);
    }

    /**
     * The contacts this run's records went to, in creation order, with the records applied to each.
     *
     * @param action called with each contact and its record numbers
     */
    public void forEachContact(BiConsumer<Contact, List<Long>> action) {
        book.forEachContact(c -> {
            List<Long> s = sources.get(c.id());
            if (s != null) {
                action.accept(c, s);
            }
        });
    }

    /** {@return the run's counts so far} */
    public DedupSummary summary() {
        return new DedupSummary(records, sources.size(), created, updated, merged, rejected);
    }

    // ---- what the commit writes ---------------------------------------------------------------

    String workspace() {
        return workspace;
    }

    Instant now() {
        return now;
    }

    List<Entry> entries() {
        return entries;
    }

    Map<String, Loaded> before() {
        return before;
    }

    Map<Identifier, String> rawOwners() {
        return rawOwners;
    }

    Map<Identifier, Boolean> touched() {
        return touched;
    }

    /** The contacts to write: every live contact the run touched, and those it merged away (with their survivor). */
    Map<String, StoredContact> states() {
        return states;
    }

    Map<String, String> retired() {
        Map<String, String> out = new LinkedHashMap<>();
        retired.forEach((gone, into) -> out.put(gone, book.survivorOf(gone).orElse(into)));
        return out;
    }

    Map<String, Long> createdSeqs() {
        Map<String, Long> out = new HashMap<>();
        for (Entry e : entries) {
            if (e.created()) {
                out.put(e.contactId(), e.stamp());
            }
        }
        return out;
    }

    String ownerOf(Identifier i) {
        return book.ownerOf(i).orElse(null);
    }

    boolean isTouched(String contactId) {
        return sources.containsKey(contactId);
    }
}
