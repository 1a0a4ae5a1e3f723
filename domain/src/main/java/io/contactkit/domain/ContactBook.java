package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The fast {@link ContactEngine}: an open-addressing index from canonical identifier to a dense
 * contact number, so every lookup is a probe into flat arrays and no command scans the contacts.
 * The index copies each identifier once into a byte arena and keeps no {@link Identifier} object;
 * contacts handed out are built from it.
 *
 * <p>This class is the facade; each job is a package-private part of its own:
 * <ul>
 *   <li>{@link ContactTable}: storage. Contacts are numbered in creation order; each one's union-find
 *       parent, head and tail of its identifier list and flags sit side by side in one array (one
 *       cache line per contact), beside its timestamps and, only for contacts that have any, its
 *       attribute and membership values;</li>
 *   <li>{@link ContactIds}: the id scheme. Books whose ids come from their own counter
 *       ({@link #sequential}) derive each id from the contact number instead of storing it;</li>
 *   <li>{@link UnionFind}: merges. A contact retired by a merge points to its survivor, so a merge
 *       re-files none of the retired contact's identifiers;</li>
 *   <li>{@link IdentifierLists}: the {@link IdentifierTable} from identifier to owner and each
 *       contact's identifiers as a list threaded through its arena (a merge joins two lists in
 *       constant time); {@link ArenaCompaction} reclaims the space of removed identifiers;</li>
 *   <li>{@link SnapshotCache}: the contacts handed out, kept until they change;</li>
 *   <li>{@link StrategyPlanner}: each command is planned before anything is touched (the only
 *       failures, conflicts and unknown ids, are found while planning), so a failed command changes
 *       nothing; {@link ContactWrites} then makes the change. Attribute, owner and language values
 *       remember the number of the command that wrote them, which is how {@code merge} resolves
 *       them by last write;</li>
 *   <li>{@link TraceResults}: audit building, the {@link Decision}, {@link UpsertFailure} or
 *       {@link AuditEntry} of a command, built from its {@link DecisionTrace} only when asked;</li>
 *   <li>{@link RuleGuard}: the identity rules, applied to a command before the strategy plans it.</li>
 * </ul>
 *
 * <p><b>Reads that tidy.</b> No read changes an answer, but three reads write to internals, which
 * is why the book is not thread-safe even for readers (callers serialize access, reads included):
 * <ul>
 *   <li>a lookup of an identifier still filed under a contact since retired by a merge files it
 *       under the survivor ({@link IdentifierLists#owner}: every command, {@link #ownerOf});</li>
 *   <li>walking from a retired contact to its survivor halves the path it walks
 *       ({@link UnionFind#find}: {@link #survivorOf}, and the lookups above);</li>
 *   <li>a contact read is kept until it changes ({@link SnapshotCache#snapshot}: {@link #get},
 *       {@link #contacts}, {@link #forEachContact}, {@link #slice}, {@link #sliceBackward} and the
 *       outcomes of commands).</li>
 * </ul>
 * Compaction of the identifier arena is not among them: it runs only after writes that remove
 * identifiers.
 */
public final class ContactBook implements ContactEngine {

    static final int NONE = ContactTable.NONE;

    private final String workspace;
    private final ContactIds ids;
    private final ContactTable table;
    private final UnionFind merges;
    private final IdentifierLists lists;
    private final SnapshotCache cache;
    private final ContactWrites writes;
    private final StrategyPlanner planner;
    private final TraceResults results;

    private final DecisionTrace trace = new DecisionTrace();
    // null without identity rules (or with only hub rules, which act on whole runs): commands go straight to the strategies
    private RuleGuard guard;

    /**
     * A book whose new contacts take their ids from a generator.
     *
     * @param workspace the workspace every contact belongs to
     * @param ids       generates ids for new contacts; must never repeat
     * @throws NullPointerException when {@code workspace} or {@code ids} is {@code null}
     */
    public ContactBook(String workspace, Supplier<String> ids) {
        this(workspace, ids, 16);
    }

    /**
     * As {@link #ContactBook(String, Supplier)}, with identity rules every upsert, create and update
     * obeys.
     *
     * @param workspace the workspace every contact belongs to
     * @param ids       generates ids for new contacts; must never repeat
     * @param rules     the identity rules ({@link IdentityRules#NONE} for none)
     * @throws NullPointerException when an argument is {@code null}
     */
    public ContactBook(String workspace, Supplier<String> ids, IdentityRules rules) {
        this(workspace, ids, 16);
        useRules(rules);
    }

    /**
     * As {@link #ContactBook(String, Supplier)}, sized for about {@code expectedContacts} contacts.
     *
     * @param workspace        the workspace every contact belongs to
     * @param ids              generates ids for new contacts; must never repeat
     * @param expectedContacts how many contacts to make room for at once (the book grows beyond it)
     * @throws NullPointerException when {@code workspace} or {@code ids} is {@code null}
     */
    public ContactBook(String workspace, Supplier<String> ids, int expectedContacts) {
        this(workspace, Objects.requireNonNull(ids, "ids"), null, expectedContacts, (int) Math.min(1 << 28, expectedContacts * 2L));
    }

    private ContactBook(String workspace, Supplier<String> ids, String prefix, int expectedContacts, int expectedIdentifiers) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.ids = new ContactIds(ids, prefix, expectedContacts);
        this.table = new ContactTable(expectedContacts);
        this.merges = new UnionFind(table);
        this.lists = new IdentifierLists(table, merges, this.ids, expectedIdentifiers);
        this.cache = new SnapshotCache(this.workspace, this.ids, table, lists);
        this.writes = new ContactWrites(table, this.ids, lists, merges, cache);
        this.planner = new StrategyPlanner(table, lists, writes);
        this.results = new TraceResults(this.ids);
    }

    /** A book with its own ids {@code prefix1}, {@code prefix2}, ... in creation order, sized for about so many contacts and identifiers. */
    static ContactBook counting(String workspace, String prefix, int expectedContacts, int expectedIdentifiers) {
        return new ContactBook(workspace, null, Objects.requireNonNull(prefix, "prefix"), expectedContacts, expectedIdentifiers);
    }

    /**
     * A book whose ids are {@code prefix1}, {@code prefix2}, ... in creation order.
     *
     * @param workspace the workspace every contact belongs to
     * @param prefix    what every id starts with, such as {@code c}
     * @return an empty book without identity rules
     * @throws NullPointerException when an argument is {@code null}
     */
    public static ContactBook sequential(String workspace, String prefix) {
        return counting(workspace, prefix, 16, 32);
    }

    /**
     * As {@link #sequential(String, String)}, with identity rules.
     *
     * @param workspace the workspace every contact belongs to
     * @param prefix    what every id starts with, such as {@code c}
     * @param rules     the identity rules ({@link IdentityRules#NONE} for none)
     * @return an empty book under those rules
     * @throws NullPointerException when an argument is {@code null}
     */
    public static ContactBook sequential(String workspace, String prefix, IdentityRules rules) {
        ContactBook book = sequential(workspace, prefix);
        book.useRules(rules);
        return book;
    }

    /**
     * The identity rules commands obey from now on. Contacts already in the book are not revisited;
     * the count of merges per contact kept for {@code maxMergesPerContact} starts afresh.
     *
     * @param rules the identity rules ({@link IdentityRules#NONE} for none)
     * @throws NullPointerException when {@code rules} is {@code null}
     */
    public void useRules(IdentityRules rules) {
        Objects.requireNonNull(rules, "rules");
        guard = rules.guardsCommands() ? new RuleGuard(rules) : null;
    }

    /**
     * The identity rules commands obey.
     *
     * @return the rules, {@link IdentityRules#NONE} when there are none
     */
    public IdentityRules rules() {
        return guard == null ? IdentityRules.NONE : guard.rules();
    }

    /**
     * The workspace of the book.
     *
     * @return the workspace every contact belongs to
     */
    public String workspace() {
        return workspace;
    }

    /**
     * Creates or updates the contact the command's strategy picks (see {@link Strategy}), under the
     * book's identity rules.
     *
     * @param command the upsert
     * @param now     the time stamped on a created or changed contact
     * @return the decision and the contact as it is now, or the failure: {@link UpsertFailure.Conflict}
     *         under {@code strict_alias} when the identifiers belong to two or more contacts,
     *         {@link UpsertFailure.Invalid} when the command has no identifier (left); a failure changes nothing
     * @throws NullPointerException  when {@code command} or {@code now} is {@code null}
     * @throws IllegalStateException when the id generator returns an empty or repeated id
     */
    @Override
    public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
        return decide(command, now).map(d -> new UpsertOutcome(d, snapshot(trace.target)));
    }

    /**
     * As {@link #upsert}, without building the resulting contact: the cheap path for bulk work.
     *
     * @param command the upsert
     * @param now     the time stamped on a created or changed contact
     * @return the decision, or the failure as for {@link #upsert}
     * @throws NullPointerException  when {@code command} or {@code now} is {@code null}
     * @throws IllegalStateException when the id generator returns an empty or repeated id
     */
    public Either<UpsertFailure, Decision> decide(UpsertCommand command, Instant now) {
        int status = apply(command, now, trace);
        if (status == DecisionTrace.APPLIED) {
            return Either.right(results.decision(trace));
        }
        return Either.left(results.failure(trace));
    }

    /**
     * Creates a contact from a command without identifiers, as the bulk path of a deduplication run
     * does for a record that names nobody (it is a contact of its own: nothing can match it). Returns
     * {@link DecisionTrace#APPLIED}.
     */
    int applyAsOwnContact(UpsertCommand command, Instant now, DecisionTrace t) {
        return planner.applyAsOwnContact(command, now, t);
    }

    /**
     * Applies an upsert under the rules and records what happened in {@code t}, building no result
     * object: the bulk path. Returns {@link DecisionTrace#APPLIED}, {@link DecisionTrace#CONFLICT} or
     * {@link DecisionTrace#INVALID}.
     */
    int apply(UpsertCommand command, Instant now, DecisionTrace t) {
        return guard == null ? planner.apply(command, now, t) : guard.apply(this, command, now, t, false);
    }

    /**
     * Applies a record of a deduplication run: as {@link #apply}, except that a record without
     * identifiers (given so, or left so by the identity rules) becomes a contact of its own.
     */
    int applyRecord(UpsertCommand command, Instant now, DecisionTrace t) {
        if (guard != null) {
            return guard.apply(this, command, now, t, true);
        }
        return command.identifierHashes().length == 0 ? planner.applyAsOwnContact(command, now, t) : planner.apply(command, now, t);
    }

    /**
     * A hint that changes nothing: reads, all together, what {@link #decide} or {@link #upsert} of these commands will read
     * first (each identifier's place in the index, and the state of the contact filed there), so that their cache misses
     * overlap instead of each command waiting for its own, as {@link Deduplicator#prefetch} does for a deduplication run.
     * Call it for the next few commands (about sixteen) before deciding them one by one; every result is exactly what it
     * would be without it.
     *
     * @param commands the commands about to be decided
     * @param from     the index of the first of them
     * @param to       the index after the last
     * @return a value to keep (in a field, say), so that the reads are not optimized away
     * @throws IndexOutOfBoundsException when {@code from} to {@code to} is not a range of {@code commands}
     * @throws NullPointerException      when {@code commands} or one of the commands in the range is {@code null}
     */
    public int prefetch(UpsertCommand[] commands, int from, int to) {
        Objects.checkFromToIndex(from, to, commands.length);
        return touch(commands, from, to);
    }

    /** Reads what applying these commands will read first, changing nothing (see {@link StrategyPlanner#touch}). */
    int touch(UpsertCommand[] commands, int from, int to) {
        return planner.touch(commands, from, to);
    }

    /** Applies a command as its strategy says, whatever the rules. */
    int applyUnguarded(UpsertCommand command, Instant now, DecisionTrace t) {
        return planner.apply(command, now, t);
    }

    /**
     * Creates a contact with all the command's identifiers, whatever its strategy; identifiers the
     * identity rules block or that exceed a limit are left out and reported as skipped.
     *
     * @param command the contact's identifiers and values
     * @param now     the contact's creation time
     * @return the decision and the new contact, or a {@link UpsertFailure.Conflict} naming the
     *         contacts that already own some of the identifiers (left); a failure changes nothing
     * @throws NullPointerException  when {@code command} or {@code now} is {@code null}
     * @throws IllegalStateException when the id generator returns an empty or repeated id
     */
    @Override
    public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
        return decideCreate(command, now).map(d -> new UpsertOutcome(d, snapshot(trace.target)));
    }

    /** As {@link #create}, without building the new contact (which the book would keep until it changes). */
    Either<UpsertFailure, Decision> decideCreate(UpsertCommand command, Instant now) {
        Objects.requireNonNull(now, "now");
        DecisionTrace t = begin(command, NONE);
        TraceResults.Conflict conflict = results.new Conflict();
        planner.planDirect(t, NONE, conflict);
        if (!conflict.isEmpty()) {
            return Either.left(conflict.failure());
        }
        writes.create(t, DecisionTrace.ADD_ALL, now);
        return Either.right(results.decision(t));
    }

    /**
     * Applies the command to one live contact, whatever its strategy: its identifiers are added
     * (identifiers the identity rules block or that exceed a limit are left out and reported as
     * skipped), then its removals and values.
     *
     * @param contactId the contact
     * @param command   the identifiers to add, the identifiers to remove and the values to change
     * @param now       the contact's update time when something changes
     * @return the decision and the contact as it is now, or the failure (left):
     *         {@link UpsertFailure.NotFound} when there is no live contact {@code contactId},
     *         {@link UpsertFailure.Conflict} when another contact owns one of the identifiers; a
     *         failure changes nothing
     * @throws NullPointerException when {@code command} or {@code now} is {@code null}
     */
    @Override
    public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
        Objects.requireNonNull(now, "now");
        int target = liveNumber(contactId);
        return updated(contactId, target, command, now).map(d -> new UpsertOutcome(d, snapshot(target)));
    }

    /** As {@link #update}, without building the contact (which the book would keep until it changes). */
    Either<UpsertFailure, Decision> decideUpdate(String contactId, UpsertCommand command, Instant now) {
        Objects.requireNonNull(now, "now");
        return updated(contactId, liveNumber(contactId), command, now);
    }

    /** Updates live contact number {@code target} ({@link #NONE}: not found), named {@code contactId}. */
    private Either<UpsertFailure, Decision> updated(String contactId, int target, UpsertCommand command, Instant now) {
        if (target == NONE) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        DecisionTrace t = begin(command, target);
        TraceResults.Conflict conflict = results.new Conflict(contactId);
        planner.planDirect(t, target, conflict);
        if (!conflict.isEmpty()) {
            return Either.left(conflict.failure());
        }
        writes.update(t, target, DecisionTrace.ADD_UNOWNED, now);
        return Either.right(results.decision(t));
    }

    /** Begins the trace of a create ({@code target} {@link #NONE}) or an update by id, with what the rules leave of the command. */
    private DecisionTrace begin(UpsertCommand command, int target) {
        RuleGuard.Direct ruled = guard == null ? null : guard.direct(this, command, target);
        if (ruled != null) {
            command = ruled.command();
        }
        DecisionTrace t = trace;
        t.begin(command, true, command.identifiers().size());
        if (ruled != null) {
            ruled.note(t);
        }
        return t;
    }

    /**
     * Deletes a live contact and frees its identifiers for other contacts.
     *
     * @param contactId the contact
     * @return the contact as it was just before, or {@link UpsertFailure.NotFound} when there is no
     *         live contact {@code contactId} (left)
     */
    @Override
    public Either<UpsertFailure, Contact> delete(String contactId) {
        int c = liveNumber(contactId);
        if (c == NONE) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        Contact last = snapshot(c);
        writes.delete(c, contactId);
        return Either.right(last);
    }

    /**
     * A live contact by id. Keeps the contact it returns until the contact changes.
     *
     * @param contactId the contact
     * @return the contact, or empty when there is no live contact {@code contactId} (a retired or
     *         deleted one included)
     */
    @Override
    public Optional<Contact> get(String contactId) {
        int c = liveNumber(contactId);
        return c == NONE ? Optional.empty() : Optional.of(snapshot(c));
    }

    /**
     * The contact that survived the merge that retired {@code contactId}.
     *
     * @param contactId a contact
     * @return the survivor (the last one, when the survivor was itself merged later), or empty when
     *         {@code contactId} is live, deleted or unknown
     */
    @Override
    public Optional<String> survivorOf(String contactId) {
        int c = ids.number(contactId, table);
        // a survivor may itself have been merged later: the root of the union-find is the last one
        return c == NONE || !table.isRetired(c) ? Optional.empty() : Optional.of(id(merges.find(c)));
    }

    /**
     * The live contact that owns an identifier.
     *
     * @param identifier a canonical identifier
     * @return the owner's id, or empty when nobody owns it
     * @throws NullPointerException when {@code identifier} is {@code null}
     */
    @Override
    public Optional<String> ownerOf(Identifier identifier) {
        int owner = owner(identifier);
        return owner == NONE ? Optional.empty() : Optional.of(id(owner));
    }

    /**
     * How many commands the book has applied (a rejected one is not applied): the number of the last
     * one. A command's writes are stamped with its number ({@link #stampsOf}).
     *
     * @return the number of commands applied
     */
    public long commandsApplied() {
        return writes.commandCount();
    }

    /**
     * When a live contact's values were written (see {@link ValueStamps}).
     *
     * @param contactId the contact
     * @return the stamps, or empty when there is no live contact {@code contactId}
     */
    public Optional<ValueStamps> stampsOf(String contactId) {
        int c = liveNumber(contactId);
        if (c == NONE) {
            return Optional.empty();
        }
        ContactValues v = table.values(c);
        return Optional.of(v == null ? new ValueStamps(Map.of(), -1, -1) : v.stamps());
    }

    /**
     * The creation position of a contact, live or not ({@link #slice} walks positions in order): 0 for
     * the first contact the book numbered, restored ones included.
     *
     * @param contactId the contact
     * @return its position, or -1 for an id the book never had
     */
    public long positionOf(String contactId) {
        int c = ids.number(contactId, table);
        return c == NONE ? -1 : c;
    }

    /**
     * How many identifiers live contacts own.
     *
     * @return the number of identifiers in the index
     */
    @Override
    public int identifierCount() {
        return lists.size();
    }

    /**
     * Every live contact, in creation order.
     *
     * @return the contacts, in a new list
     */
    @Override
    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>(table.live);
        forEachContact(out::add);
        return out;
    }

    /**
     * Every live contact in creation order, one at a time: unlike {@link #contacts()}, holds no list of them all.
     *
     * @param action receives each contact
     * @throws NullPointerException when {@code action} is {@code null}
     */
    public void forEachContact(Consumer<? super Contact> action) {
        Objects.requireNonNull(action, "action");
        for (int c = 0; c < table.count; c++) {
            if (table.isLive(c)) {
                action.accept(snapshot(c));
            }
        }
    }

    /**
     * The live contacts at creation positions {@code from} (inclusive) to {@code to} (exclusive), in
     * creation order, each built afresh and kept by no one (the same contacts {@link #forEachContact(Consumer)}
     * gives for those positions). Unlike every other read it tidies nothing: several threads may walk
     * ranges at once, as long as nothing changes the book meanwhile.
     *
     * @param from   the first creation position, at least 0
     * @param to     one past the last position; positions past {@link #positions()} hold no contact
     * @param action receives each contact
     * @throws IllegalArgumentException when {@code from} is negative or greater than {@code to}
     * @throws NullPointerException when {@code action} is {@code null}
     */
    public void forEachContact(long from, long to, Consumer<? super Contact> action) {
        Objects.requireNonNull(action, "action");
        checkRange(from, to);
        int end = (int) Math.min(to, table.count);
        for (int c = (int) Math.min(from, end); c < end; c++) {
            if (table.isLive(c)) {
                action.accept(cache.build(c));
            }
        }
    }

    /**
     * As {@link #forEachContact(long, long, Consumer)}, without building the contacts: one {@link ContactView}
     * moves from each live contact to the next and reads the book's state in place, so writing contacts out
     * allocates next to nothing per contact. Tidies nothing: several threads may walk ranges at once, each
     * with its own view, as long as nothing changes the book meanwhile. The view is valid only inside the
     * call that hands it over.
     *
     * @param from   the first creation position, at least 0
     * @param to     one past the last position; positions past {@link #positions()} hold no contact
     * @param action receives the view, at each live contact in turn
     * @throws IllegalArgumentException when {@code from} is negative or greater than {@code to}
     * @throws NullPointerException when {@code action} is {@code null}
     */
    public void viewContacts(long from, long to, Consumer<? super ContactView> action) {
        Objects.requireNonNull(action, "action");
        checkRange(from, to);
        ContactView view = view();
        int end = (int) Math.min(to, table.count);
        for (int c = (int) Math.min(from, end); c < end; c++) {
            if (table.isLive(c)) {
                view.moveTo(c);
                action.accept(view);
            }
        }
    }

    private static void checkRange(long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("need 0 <= from <= to, got " + from + " and " + to);
        }
    }

    /** A view for walking the book's contacts in place (see {@link ContactView}). */
    ContactView view() {
        return new ContactView(ids, table, lists);
    }

    /**
     * How many creation positions the book has handed out: live, merged-away and deleted contacts.
     *
     * @return one past the last position
     */
    public long positions() {
        return table.count;
    }

    /**
     * How many live contacts there are.
     *
     * @return the number of live contacts
     */
    @Override
    public int size() {
        return table.live;
    }

    /**
     * Up to {@code limit} live contacts in creation order, starting at creation position {@code from}
     * (0 for the start), and the position to continue from ({@code -1} at the end). Positions stay
     * valid while contacts are created, deleted and merged, which makes them good page tokens.
     *
     * @param from  the creation position to start at, 0 for the start
     * @param limit the most contacts to return
     * @return the contacts and the position of the next page
     * @throws IllegalArgumentException when {@code from} is negative or {@code limit} less than 1
     */
    public Slice slice(long from, int limit) {
        return slice(from, limit, true);
    }

    /**
     * As {@link #slice(long, int)}, keeping none of the contacts it builds (a contact already kept is
     * handed out as kept): for one pass over a large book, such as writing it out, which would
     * otherwise keep every contact it read in memory.
     *
     * @param from  the creation position to start at, 0 for the start
     * @param limit the most contacts to return
     * @return the contacts and the position of the next page
     * @throws IllegalArgumentException when {@code from} is negative or {@code limit} less than 1
     */
    public Slice sliceOnce(long from, int limit) {
        return slice(from, limit, false);
    }

    private Slice slice(long from, int limit, boolean keep) {
        checkSlice(from, limit);
        int count = table.count;
        List<Contact> out = new ArrayList<>(Math.min(limit, 1024));
        int pos = (int) Math.min(from, count);
        while (pos < count && out.size() < limit) {
            int c = pos++;
            if (table.isLive(c)) {
                out.add(keep ? snapshot(c) : cache.peek(c));
            }
        }
        while (pos < count && !table.isLive(pos)) {
            pos++;
        }
        return new Slice(out, pos < count ? pos : -1);
    }

    /**
     * As {@link #slice(long, int)}, newest first: starts at creation position {@code from} (use
     * {@link Long#MAX_VALUE} for the newest) and walks back; the next position is {@code -1} at the end.
     *
     * @param from  the creation position to start at, {@link Long#MAX_VALUE} for the newest
     * @param limit the most contacts to return
     * @return the contacts and the position of the next page
     * @throws IllegalArgumentException when {@code from} is negative or {@code limit} less than 1
     */
    public Slice sliceBackward(long from, int limit) {
        checkSlice(from, limit);
        List<Contact> out = new ArrayList<>(Math.min(limit, 1024));
        int pos = (int) Math.min(from, table.count - 1L);
        while (pos >= 0 && out.size() < limit) {
            int c = pos--;
            if (table.isLive(c)) {
                out.add(snapshot(c));
            }
        }
        while (pos >= 0 && !table.isLive(pos)) {
            pos--;
        }
        return new Slice(out, pos);
    }

    private static void checkSlice(long from, int limit) {
        if (from < 0 || limit < 1) {
            throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
        }
    }

    /**
     * A page of contacts and where the next one starts.
     *
     * @param contacts the contacts of the page, in the order asked for
     * @param next     the creation position the next page starts at, {@code -1} when there is no more
     */
    public record Slice(List<Contact> contacts, long next) {
        /**
         * A page holding a copy of {@code contacts}.
         *
         * @param contacts the contacts of the page
         * @param next     where the next page starts, {@code -1} when there is no more
         * @throws NullPointerException when {@code contacts} is or holds {@code null}
         */
        public Slice {
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * Adds an existing contact (for example one loaded from a provider) with its id, timestamps,
     * identifiers and values, as it is: identity rules do not apply. From then on the book stores
     * the ids of its contacts, even one that counts its own.
     *
     * @param contact the contact
     * @return the contact as the book now holds it, or a {@link UpsertFailure.Conflict} (left) naming
     *         the contact when a live one has its id, or the contacts that own some of its identifiers;
     *         a failure changes nothing
     * @throws NullPointerException when {@code contact} is {@code null}
     */
    public Either<UpsertFailure, Contact> restore(Contact contact) {
        if (liveNumber(contact.id()) != NONE) {
            return Either.left(new UpsertFailure.Conflict(List.of(contact.id()), Map.of()));
        }
        TraceResults.Conflict conflict = results.new Conflict();
        for (Identifier i : contact.identifiers()) {
            int owner = owner(i);
            if (owner != NONE) {
                conflict.owned(i, owner);
            }
        }
        if (!conflict.isEmpty()) {
            return Either.left(conflict.failure());
        }
        return Either.right(snapshot(writes.restore(contact)));
    }

    /**
     * Sets how many contacts a contact has absorbed by merges over its life, for the identity rules'
     * {@code maxMergesPerContact}: a store that keeps contacts outside the book restores the count
     * with the contact (see {@link #restore}). The count is kept only while the rules cap merges per
     * contact, and {@link #useRules} starts it afresh, so call this after {@code useRules}.
     *
     * @param contactId a live contact of the book
     * @param absorbed  the contacts merged into it, directly or through contacts merged into it
     * @throws IllegalArgumentException when no live contact has the id, or {@code absorbed} is negative
     */
    public void restoreMergeCount(String contactId, int absorbed) {
        int c = liveNumber(contactId);
        if (c == NONE || absorbed < 0) {
            throw new IllegalArgumentException("no live contact " + contactId + " or a negative count " + absorbed);
        }
        if (guard != null) {
            guard.restoreMerges(c, absorbed);
        }
    }

    /**
     * How many contacts a live contact has absorbed by merges, directly or through contacts merged into it, as counted for
     * the identity rules' {@code maxMergesPerContact}: since the rules took effect, with a count restored by
     * {@link #restoreMergeCount} included. A store that keeps contacts outside the book keeps this with the contact, so
     * that the cap holds across runs. Counted only while the rules cap merges per contact: 0 otherwise.
     *
     * @param contactId a live contact of the book
     * @return the contacts it has absorbed, counted so; 0 when the rules do not cap merges per contact
     * @throws IllegalArgumentException when no live contact has the id
     */
    public int mergeCount(String contactId) {
        int c = liveNumber(contactId);
        if (c == NONE) {
            throw new IllegalArgumentException("no live contact " + contactId);
        }
        return guard == null ? 0 : guard.absorbed(c);
    }

    /**
     * The audit entry of the upsert, create or update this book applied or refused last, as a
     * deduplication run writes it (with the identity rules that fired): valid until the next command.
     *
     * @param number the number the entry carries (a record number or a log sequence)
     * @return the entry; rejected with the failure's code when the command failed (a missing contact
     *         of an update is not traced: its entry is that of the command before)
     */
    public AuditEntry lastAudit(long number) {
        return results.audit(number, trace);
    }

    // ---- package-private hooks for Deduplicator, RuleGuard, Replay and ReplayableBook -------------

    /** The survivor a contact was (perhaps transitively) merged into, or the contact itself. */
    int find(int c) {
        return merges.find(c);
    }

    /** The live contact owning the identifier, or {@link #NONE}. */
    int owner(Identifier identifier) {
        return lists.owner(identifier, IdentifierTable.hash(identifier));
    }

    /** Hands the key of each identifier of a live contact to the action. */
    void forEachKey(int c, Consumer<String> action) {
        lists.forEachKey(c, action);
    }

    /**
     * Keeps a contact out of every merge, whatever the rules (the stand-ins of a replay for contacts outside it).
     *
     * @param capped true when the contact stands for one a cap on merges kept out of the merge the first time: the merge
     *               is then turned away before the limits on identifiers per contact, as the cap did
     */
    void neverMerge(String contactId, boolean capped) {
        int c = liveNumber(contactId);
        if (c != NONE) {
            if (guard == null) {
                guard = new RuleGuard(IdentityRules.NONE);
            }
            guard.neverMerge(c, capped);
        }
    }

    /** Created earlier: by creation time, then by creation position. */
    boolean older(int a, int b) {
        return table.isOlder(a, b);
    }

    /** The id of a contact number. */
    String id(int c) {
        return ids.id(c);
    }

    /**
     * The ids that stand for one of these live contacts now: exactly those for which {@link Replay#current} answers one of
     * them (each of them, and the ids of contacts merged into one, through other merges too). One pass over the contacts'
     * numbers (or over the stored ids), so that a split finds its contacts' history without a look-up per history entry.
     */
    Set<String> standingFor(Collection<String> liveIds) {
        Set<String> chosen = new HashSet<>();
        BitSet targets = new BitSet();
        for (String id : liveIds) {
            int c = liveNumber(id);
            if (c != NONE) {
                chosen.add(id);
                targets.set(c);
            }
        }
        Set<String> out = new HashSet<>();
        if (ids.derived()) {
            // an id is its number: a live contact stands for itself, a retired one for the root of its merges (deleted: none)
            for (int c = 0, n = table.count; c < n; c++) {
                if (table.isLive(c) ? targets.get(c) : !table.isDeleted(c) && table.isRetired(c) && targets.get(merges.find(c))) {
                    out.add(id(c));
                }
            }
        } else {
            // as Replay.current resolves an id: its number now, then, for a retired contact, the id of its merges' root (an id
            // a split gave a new contact since stands for that contact)
            ids.forEachStored((id, c) -> {
                if (table.isLive(c) ? chosen.contains(id) : table.isRetired(c) && chosen.contains(id(merges.find(c)))) {
                    out.add(id);
                }
            });
        }
        return out;
    }

    /** The number of a live contact, or {@link #NONE}. */
    int liveNumber(String contactId) {
        int c = ids.number(contactId, table);
        return c != NONE && table.isLive(c) ? c : NONE;
    }

    /** The contact as it is now, kept until it changes (the in-memory provider and the simulators read contacts often). */
    Contact snapshot(int c) {
        return cache.snapshot(c);
    }

    /** The contact as it is now, built afresh and not kept. */
    Contact build(int c) {
        return cache.build(c);
    }

    /** Arena bytes of removed identifiers not yet reclaimed by compaction. */
    long freedIdentifierBytes() {
        return lists.freedBytes();
    }

    /** How many changes the book has seen. */
    long mutations() {
        return table.mutations;
    }

    /** Contact numbers handed out so far (live, retired and deleted contacts). */
    int numbered() {
        return table.count;
    }

    boolean isLiveNumber(int c) {
        return table.isLive(c);
    }

    UpsertFailure failure(DecisionTrace t) {
        return results.failure(t);
    }

    /** The audit entry of a traced command (applied or failed) that was record number {@code record}. */
    AuditEntry audit(long record, DecisionTrace t) {
        return results.audit(record, t);
    }
}
