package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The fast {@link ContactEngine}: an open-addressing index from canonical identifier to a dense
 * contact number, so every lookup is a probe into flat arrays and no command scans the contacts.
 * The index copies each identifier once into a byte arena and keeps no {@link Identifier} object;
 * contacts handed out are built from it.
 *
 * <p>Contacts are numbered in creation order and kept in parallel arrays: a union-find parent (a
 * contact retired by a merge points to its survivor, so a merge re-files none of the retired
 * contact's identifiers), the head and tail of its list of identifiers (merging joins two lists in
 * constant time), its timestamps, and — only for contacts that have any — its attribute and
 * membership values. Books whose ids come from their own counter ({@link #sequential}) derive each
 * id from the contact number instead of storing it.
 *
 * <p>Each command is planned before anything is touched (the only failures, conflicts and unknown
 * ids, are found while planning), so a failed command changes nothing. Attribute, owner and language
 * values remember the number of the command that wrote them, which is how {@code merge} resolves
 * them by last write. Not thread-safe: callers serialize access, reads included (a lookup may file
 * an identifier under the survivor of a merge, and contacts read are kept until they change).
 */
public final class ContactBook implements ContactEngine {

    static final int NONE = ContactTable.NONE;

    private static final UpsertFailure.Invalid NO_IDENTIFIER = new UpsertFailure.Invalid(io.vavr.collection.List.of(
            Violation.of("identifiers", "missing_identifier", "an upsert needs at least one identifier: the first one picks the contact")));
    private static final byte RETIRED = ContactTable.RETIRED;
    private static final byte MARK = ContactTable.MARK;
    private static final long COMPACT_MIN_FREED = 1 << 20;

    private final String workspace;
    private final ContactIds ids;
    // contacts by number (= creation position): the storage every part below acts on
    private final ContactTable table;
    private final UnionFind merges;
    private final IdentifierLists lists;
    private final SnapshotCache cache;
    private long commandCount;

    private final DecisionTrace trace = new DecisionTrace();
    // null without identity rules (or with only hub rules, which act on whole runs): commands go straight to the strategies
    private RuleGuard guard;

    /**
     * @param workspace the workspace every contact belongs to
     * @param ids       generates ids for new contacts; must never repeat
     */
    public ContactBook(String workspace, Supplier<String> ids) {
        this(workspace, ids, 16);
    }

    /**
     * As {@link #ContactBook(String, Supplier)}, with identity rules every upsert, create and update
     * obeys ({@link IdentityRules#NONE} for none).
     */
    public ContactBook(String workspace, Supplier<String> ids, IdentityRules rules) {
        this(workspace, ids, 16);
        useRules(rules);
    }

    /** As {@link #ContactBook(String, Supplier)}, sized for about {@code expectedContacts} contacts. */
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
    }

    /** A book with its own ids {@code prefix1}, {@code prefix2}, ... in creation order, sized for about so many contacts and identifiers. */
    static ContactBook counting(String workspace, String prefix, int expectedContacts, int expectedIdentifiers) {
        return new ContactBook(workspace, null, Objects.requireNonNull(prefix, "prefix"), expectedContacts, expectedIdentifiers);
    }

    /** A book whose ids are {@code prefix1}, {@code prefix2}, ... in creation order. */
    public static ContactBook sequential(String workspace, String prefix) {
        return counting(workspace, prefix, 16, 32);
    }

    /** As {@link #sequential(String, String)}, with identity rules. */
    public static ContactBook sequential(String workspace, String prefix, IdentityRules rules) {
        ContactBook book = sequential(workspace, prefix);
        book.useRules(rules);
        return book;
    }

    /**
     * The identity rules commands obey from now on. Contacts already in the book are not revisited
     *; the table.count of merges per contact kept for
     * {@code maxMergesPerContact} starts afresh.
     */
    public void useRules(IdentityRules rules) {
        Objects.requireNonNull(rules, "rules");
        guard = rules.guardsCommands() ? new RuleGuard(rules) : null;
    }

    /** The identity rules commands obey ({@link IdentityRules#NONE} when there are none). */
    public IdentityRules rules() {
        return guard == null ? IdentityRules.NONE : guard.rules();
    }

    public String workspace() {
        return workspace;
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
        return decide(command, now).map(d -> new UpsertOutcome(d, snapshot(trace.target)));
    }

    /** As {@link #upsert}, without building the resulting contact: the cheap path for bulk work. */
    public Either<UpsertFailure, Decision> decide(UpsertCommand command, Instant now) {
        int status = apply(command, now, trace);
        if (status == DecisionTrace.APPLIED) {
            return Either.right(decision(trace));
        }
        return Either.left(failure(trace));
    }

    /**
     * Applies an upsert and records what happened in {@code t}, building no result object: the
     * bulk path. Returns {@link DecisionTrace#APPLIED}, {@link DecisionTrace#CONFLICT} or
     * {@link DecisionTrace#INVALID}.
     */
    /**
     * Creates a contact from a command without identifiers, as the bulk path of a deduplication run
     * does for a record that names nobody (it is a contact of its own: nothing can match it). Returns
     * {@link DecisionTrace#APPLIED}.
     */
    int applyAsOwnContact(UpsertCommand command, Instant now, DecisionTrace t) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        if (!command.identifiers().isEmpty()) {
            throw new IllegalArgumentException("the command has identifiers: apply it instead");
        }
        t.begin(command, false, 0);
        return create(t, DecisionTrace.ADD_ALL, now);
    }

    int apply(UpsertCommand command, Instant now, DecisionTrace t) {
        return guard == null ? applyUnguarded(command, now, t) : guard.apply(this, command, now, t, false);
    }

    /**
     * Applies a record of a deduplication run: as {@link #apply}, except that a record without
     * identifiers (given so, or left so by the identity rules) becomes a contact of its own.
     */
    int applyRecord(UpsertCommand command, Instant now, DecisionTrace t) {
        if (guard != null) {
            return guard.apply(this, command, now, t, true);
        }
        return command.identifiers().isEmpty() ? applyAsOwnContact(command, now, t) : applyUnguarded(command, now, t);
    }

    /** Applies a command as its strategy says, whatever the rules. */
    int applyUnguarded(UpsertCommand command, Instant now, DecisionTrace t) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        List<Identifier> given = command.identifiers();
        int n = given.size();
        t.begin(command, false, n);
        if (n == 0) {
            // nothing could ever match such a command, so each repetition would create another contact
            return t.status = DecisionTrace.INVALID;
        }
        int[] owners = t.owners;
        int[] hashes = t.hashes;
        // touch every identifier's slot before looking any up, so that their cache misses overlap
        for (int i = 0; i < n; i++) {
            int h = IdentifierTable.hash(given.get(i));
            hashes[i] = h;
            owners[i] = lists.touch(h);
        }
        for (int i = 0; i < n; i++) {
            owners[i] = lookup(given.get(i), hashes[i]);
        }
        switch (command.strategy()) {
            case STRICT_ALIAS:
                return strictAlias(t, n, now);
            case FIRST_ALIAS: {
                int target = firstOwner(owners, n);
                return target == NONE ? create(t, DecisionTrace.ADD_ALL, now) : update(t, target, DecisionTrace.ADD_UNOWNED, now);
            }
            case FIRST: {
                int target = firstOwner(owners, n);
                return target == NONE ? create(t, DecisionTrace.ADD_FIRST, now) : update(t, target, DecisionTrace.ADD_NONE, now);
            }
            case MERGE:
                return merge(t, n, now);
            default:
                throw new IllegalStateException("unknown strategy " + command.strategy());
        }
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
        Objects.requireNonNull(now, "now");
        RuleGuard.Direct ruled = guard == null ? null : guard.direct(this, command, NONE);
        if (ruled != null) {
            command = ruled.command();
        }
        List<Identifier> given = command.identifiers();
        DecisionTrace t = trace;
        t.begin(command, true, given.size());
        if (ruled != null) {
            ruled.note(t);
        }
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Identifier id = given.get(i);
            t.hashes[i] = IdentifierTable.hash(id);
            int owner = lookup(id, t.hashes[i]);
            t.owners[i] = owner;
            if (owner != NONE) {
                noteConflict(id, owner, owned, contacts);
            }
        }
        if (!owned.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, owned));
        }
        create(t, DecisionTrace.ADD_ALL, now);
        return Either.right(new UpsertOutcome(decision(t), snapshot(t.target)));
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
        Objects.requireNonNull(now, "now");
        int target = liveNumber(contactId);
        if (target == NONE) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        RuleGuard.Direct ruled = guard == null ? null : guard.direct(this, command, target);
        if (ruled != null) {
            command = ruled.command();
        }
        List<Identifier> given = command.identifiers();
        DecisionTrace t = trace;
        t.begin(command, true, given.size());
        if (ruled != null) {
            ruled.note(t);
        }
        Map<Identifier, String> foreign = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        contacts.add(contactId);
        for (int i = 0; i < given.size(); i++) {
            Identifier id = given.get(i);
            t.hashes[i] = IdentifierTable.hash(id);
            int owner = lookup(id, t.hashes[i]);
            t.owners[i] = owner;
            if (owner != NONE && owner != target) {
                noteConflict(id, owner, foreign, contacts);
            }
        }
        if (!foreign.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, foreign));
        }
        update(t, target, DecisionTrace.ADD_UNOWNED, now);
        return Either.right(new UpsertOutcome(decision(t), snapshot(target)));
    }

    private void noteConflict(Identifier id, int owner, Map<Identifier, String> owned, List<String> contacts) {
        String ownerId = id(owner);
        owned.put(id, ownerId);
        if (!contacts.contains(ownerId)) {
            contacts.add(ownerId);
        }
    }

    @Override
    public Either<UpsertFailure, Contact> delete(String contactId) {
        int c = liveNumber(contactId);
        if (c == NONE) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        Contact last = snapshot(c);
        lists.clear(c);
        table.flags[c] |= ContactTable.DELETED;
        table.setValues(c, null);
        cache.forget(c);
        ids.forget(contactId);
        table.live--;
        table.mutations++;
        compactIfWasteful();
        return Either.right(last);
    }

    @Override
    public Optional<Contact> get(String contactId) {
        int c = liveNumber(contactId);
        return c == NONE ? Optional.empty() : Optional.of(snapshot(c));
    }

    @Override
    public Optional<String> survivorOf(String contactId) {
        int c = number(contactId);
        // a survivor may itself have been merged later: the root of the union-find is the last one
        return c == NONE || (table.flags[c] & RETIRED) == 0 ? Optional.empty() : Optional.of(id(find(c)));
    }

    @Override
    public Optional<String> ownerOf(Identifier identifier) {
        int owner = lookup(identifier, IdentifierTable.hash(identifier));
        return owner == NONE ? Optional.empty() : Optional.of(id(owner));
    }

    @Override
    public int identifierCount() {
        return lists.size();
    }

    @Override
    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>(table.live);
        forEachContact(out::add);
        return out;
    }

    /** Every live contact in creation order, one at a time: unlike {@link #contacts()}, holds no list of them all. */
    public void forEachContact(Consumer<? super Contact> action) {
        Objects.requireNonNull(action, "action");
        for (int c = 0; c < table.count; c++) {
            if (isLive(c)) {
                action.accept(snapshot(c));
            }
        }
    }

    @Override
    public int size() {
        return table.live;
    }

    /**
     * Up to {@code limit} live contacts in creation order, starting at creation position {@code from}
     * (0 for the start), and the position to continue from ({@code -1} at the end). Positions stay
     * valid while contacts are created, deleted and merged, which makes them good page tokens.
     */
    public Slice slice(long from, int limit) {
        if (from < 0 || limit < 1) {
            throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
        }
        List<Contact> out = new ArrayList<>(Math.min(limit, 1024));
        int pos = (int) Math.min(from, table.count);
        while (pos < table.count && out.size() < limit) {
            int c = pos++;
            if (isLive(c)) {
                out.add(snapshot(c));
            }
        }
        while (pos < table.count && !isLive(pos)) {
            pos++;
        }
        return new Slice(out, pos < table.count ? pos : -1);
    }

    /**
     * As {@link #slice(long, int)}, newest first: starts at creation position {@code from} (use
     * {@link Long#MAX_VALUE} for the newest) and walks back; the next position is {@code -1} at the end.
     */
    public Slice sliceBackward(long from, int limit) {
        if (from < 0 || limit < 1) {
            throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
        }
        List<Contact> out = new ArrayList<>(Math.min(limit, 1024));
        int pos = (int) Math.min(from, table.count - 1L);
        while (pos >= 0 && out.size() < limit) {
            int c = pos--;
            if (isLive(c)) {
                out.add(snapshot(c));
            }
        }
        while (pos >= 0 && !isLive(pos)) {
            pos--;
        }
        return new Slice(out, pos);
    }

    /** A page of contacts and where the next one starts ({@code -1}: no more). */
    public record Slice(List<Contact> contacts, long next) {
        public Slice {
            contacts = List.copyOf(contacts);
        }
    }

    /** Adds an existing contact (for example one loaded from a provider) with its id and timestamps. */
    public Either<UpsertFailure, Contact> restore(Contact contact) {
        if (liveNumber(contact.id()) != NONE) {
            return Either.left(new UpsertFailure.Conflict(List.of(contact.id()), Map.of()));
        }
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (Identifier i : contact.identifiers()) {
            int owner = lookup(i, IdentifierTable.hash(i));
            if (owner != NONE) {
                noteConflict(i, owner, owned, contacts);
            }
        }
        if (!owned.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, owned));
        }
        // an id from outside could be one the counter will produce later: from now on ids are stored and checked
        ids.store(table);
        table.mutations++;
        int c = newContact(contact.id(), contact.createdAt());
        table.updatedAt[c] = contact.updatedAt();
        for (Identifier i : contact.identifiers()) {
            addIdentifier(c, i, IdentifierTable.hash(i));
        }
        if (!contact.attributes().isEmpty() || !contact.lists().isEmpty() || !contact.accounts().isEmpty()
                || contact.owner().isPresent() || contact.language().isPresent()) {
            table.setValues(c, ContactValues.of(contact));
        }
        return Either.right(snapshot(c));
    }

    // ---- strategies ---------------------------------------------------------------------------

    private int strictAlias(DecisionTrace t, int n, Instant now) {
        int[] owners = t.owners;
        int target = NONE;
        for (int i = 0; i < n; i++) {
            int o = owners[i];
            if (o != NONE) {
                if (target == NONE) {
                    target = o;
                } else if (o != target) {
                    return t.status = DecisionTrace.CONFLICT;
                }
            }
        }
        return target == NONE ? create(t, DecisionTrace.ADD_ALL, now) : update(t, target, DecisionTrace.ADD_UNOWNED, now);
    }

    private int merge(DecisionTrace t, int n, Instant now) {
        int[] owners = t.owners;
        int survivor = NONE;
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            int o = owners[i];
            if (o != NONE && (table.flags[o] & MARK) == 0) {
                table.flags[o] |= MARK;
                distinct++;
                if (survivor == NONE || isOlder(o, survivor)) {
                    survivor = o;
                }
            }
        }
        if (survivor == NONE) {
            return create(t, DecisionTrace.ADD_ALL, now);
        }
        table.flags[survivor] &= ~MARK;
        if (distinct > 1) {
            for (int i = 0; i < n; i++) {
                int o = owners[i];
                if (o != NONE && (table.flags[o] & MARK) != 0) {
                    table.flags[o] &= ~MARK;
                    // insertion sort: absorb in creation order, so the survivor's identifiers read oldest contact first
                    t.addMerged(o);
                    int[] m = t.merged;
                    for (int k = t.mergedCount - 1; k > 0 && isOlder(m[k], m[k - 1]); k--) {
                        int x = m[k];
                        m[k] = m[k - 1];
                        m[k - 1] = x;
                    }
                }
            }
            for (int k = 0; k < t.mergedCount; k++) {
                absorb(survivor, t.merged[k]);
            }
        }
        return update(t, survivor, DecisionTrace.ADD_UNOWNED, now);
    }

    // ---- mechanics ----------------------------------------------------------------------------

    private static int firstOwner(int[] owners, int n) {
        for (int i = 0; i < n; i++) {
            if (owners[i] != NONE) {
                return owners[i];
            }
        }
        return NONE;
    }

    private int lookup(Identifier identifier, int hash) {
        return lists.owner(identifier, hash);
    }

    int find(int c) {
        return merges.find(c);
    }

    /** The live contact owning the identifier, or {@link #NONE}. */
    int owner(Identifier identifier) {
        return lookup(identifier, IdentifierTable.hash(identifier));
    }

    /** Hands the key of each identifier of a live contact to the action. */
    void forEachKey(int c, Consumer<String> action) {
        lists.forEachKey(c, action);
    }

    /** Keeps a contact out of every merge, whatever the rules (the stand-ins of a replay for contacts outside it). */
    void neverMerge(String contactId) {
        int c = liveNumber(contactId);
        if (c != NONE) {
            if (guard == null) {
                guard = new RuleGuard(IdentityRules.NONE);
            }
            guard.neverMerge(c);
        }
    }

    boolean older(int a, int b) {
        return isOlder(a, b);
    }

    /** Created earlier: by creation time, then by creation position. */
    private boolean isOlder(int a, int b) {
        return table.isOlder(a, b);
    }

    private int create(DecisionTrace t, int adds, Instant now) {
        int c = newContact(ids.derived() ? null : ids.next(), now);
        t.created = true;
        List<Identifier> given = t.command.identifiers();
        int n = adds == DecisionTrace.ADD_FIRST ? 1 : given.size();
        for (int i = 0; i < n; i++) {
            addIdentifier(c, given.get(i), t.hashes[i]);
        }
        return finish(t, c, adds, true, now);
    }

    private int update(DecisionTrace t, int c, int adds, Instant now) {
        boolean changed = t.mergedCount > 0;
        if (adds == DecisionTrace.ADD_UNOWNED) {
            List<Identifier> given = t.command.identifiers();
            int[] owners = t.owners;
            for (int i = 0, n = given.size(); i < n; i++) {
                if (owners[i] == NONE) {
                    addIdentifier(c, given.get(i), t.hashes[i]);
                    changed = true;
                }
            }
        }
        return finish(t, c, adds, changed, now);
    }

    private int finish(DecisionTrace t, int c, int adds, boolean changed, Instant now) {
        long stamp = ++commandCount;
        UpsertCommand command = t.command;
        if (!command.removeIdentifiers().isEmpty()) {
            changed |= removeIdentifiers(t, c);
            compactIfWasteful();
        }
        if (command.hasValueChanges()) {
            changed |= table.valuesToWrite(c).applyPatch(command, stamp);
        }
        table.mutations++;
        t.target = c;
        t.adds = adds;
        t.changed = changed;
        if (changed) {
            cache.forget(c);
            if (!t.created) {
                table.updatedAt[c] = now;
            }
        }
        return t.status = DecisionTrace.APPLIED;
    }

    private boolean removeIdentifiers(DecisionTrace t, int c) {
        List<Identifier> removed = List.of();
        List<Identifier> ignored = List.of();
        for (Identifier i : t.command.removeIdentifiers()) {
            if (lists.remove(c, i)) {
                if (removed.isEmpty()) {
                    removed = new ArrayList<>();
                }
                removed.add(i);
            } else {
                if (ignored.isEmpty()) {
                    ignored = new ArrayList<>();
                }
                ignored.add(i);
            }
        }
        t.removed = removed;
        t.ignored = ignored;
        return !removed.isEmpty();
    }

    private void addIdentifier(int c, Identifier identifier, int hash) {
        lists.add(c, identifier, hash);
    }

    private void compactIfWasteful() {
        lists.compactIfWasteful();
    }

    private int newContact(String id, Instant created) {
        int c = table.add(created);
        ids.assign(c, id);
        return c;
    }

    private void absorb(int survivor, int gone) {
        lists.join(survivor, gone);
        ContactValues absorbed = table.values(gone);
        if (absorbed != null) {
            table.valuesToWrite(survivor).absorb(absorbed);
            table.setValues(gone, null);
        }
        merges.retire(gone, survivor);
        cache.forget(gone);
        cache.forget(survivor);
        table.live--;
    }

    // ---- ids and snapshots --------------------------------------------------------------------

    /** The id of a contact number. */
    String id(int c) {
        return ids.id(c);
    }

    private boolean isLive(int c) {
        return table.isLive(c);
    }

    /** The number of a live or retired contact, or {@link #NONE} (also for deleted ones). */
    private int number(String contactId) {
        return ids.number(contactId, table);
    }

    /** The number of a live contact, or {@link #NONE}. */
    int liveNumber(String contactId) {
        int c = number(contactId);
        return c != NONE && isLive(c) ? c : NONE;
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
        return isLive(c);
    }

    // ---- results from a trace -----------------------------------------------------------------

    Decision decision(DecisionTrace t) {
        return new Decision(id(t.target), t.created, t.changed, added(t), skipped(t), t.removed, t.ignored, mergedIds(t));
    }

    UpsertFailure failure(DecisionTrace t) {
        if (t.status == DecisionTrace.INVALID) {
            return t.ruleSkipped.isEmpty() ? NO_IDENTIFIER : new UpsertFailure.Invalid(io.vavr.collection.List.of(Violation.of("identifiers",
                    "missing_identifier", "every identifier of the upsert is blocked by the identity rules: " + t.ruleSkipped)));
        }
        List<Identifier> given = t.command.identifiers();
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (t.owners[i] != NONE) {
                noteConflict(given.get(i), t.owners[i], owned, contacts);
            }
        }
        return new UpsertFailure.Conflict(contacts, owned);
    }

    /** The audit entry of a traced command (applied or failed) that was record number {@code record}. */
    AuditEntry audit(long record, DecisionTrace t) {
        if (t.status != DecisionTrace.APPLIED) {
            UpsertFailure f = failure(t);
            return AuditEntry.rejected(record, f instanceof UpsertFailure.Invalid ? "invalid_record" : f.code(), f.message());
        }
        return new AuditEntry(record, t.action(), id(t.target), mergedIds(t), skipped(t), null, null, matched(t), added(t), t.rulesFired);
    }

    /** The given identifiers owned, before the command, by its contact or by a contact merged into it. */
    private static List<Identifier> matched(DecisionTrace t) {
        if (t.created) {
            return List.of();
        }
        List<Identifier> given = t.command.identifiers();
        List<Identifier> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            int o = t.owners[i];
            if (o != NONE && (o == t.target || isMergedInto(t, o))) {
                out.add(given.get(i));
            }
        }
        return out;
    }

    private static boolean isMergedInto(DecisionTrace t, int contact) {
        for (int k = 0; k < t.mergedCount; k++) {
            if (t.merged[k] == contact) {
                return true;
            }
        }
        return false;
    }

    private static List<Identifier> added(DecisionTrace t) {
        List<Identifier> given = t.command.identifiers();
        switch (t.adds) {
            case DecisionTrace.ADD_ALL:
                return given;
            case DecisionTrace.ADD_FIRST:
                return List.of(given.get(0));
            case DecisionTrace.ADD_UNOWNED: {
                List<Identifier> out = new ArrayList<>();
                for (int i = 0; i < given.size(); i++) {
                    if (t.owners[i] == NONE) {
                        out.add(given.get(i));
                    }
                }
                return out;
            }
            default:
                return List.of();
        }
    }

    private List<SkippedIdentifier> skipped(DecisionTrace t) {
        List<SkippedIdentifier> byStrategy = skippedByStrategy(t);
        if (t.ruleSkipped.isEmpty()) {
            return byStrategy;
        }
        List<SkippedIdentifier> out = new ArrayList<>(byStrategy);
        out.addAll(t.ruleSkipped);
        return out;
    }

    private List<SkippedIdentifier> skippedByStrategy(DecisionTrace t) {
        Strategy s = t.command.strategy();
        if (t.direct || s == Strategy.STRICT_ALIAS || s == Strategy.MERGE || (t.created && s == Strategy.FIRST_ALIAS)) {
            return List.of();
        }
        List<Identifier> given = t.command.identifiers();
        List<SkippedIdentifier> out = new ArrayList<>();
        for (int i = t.created ? 1 : 0; i < given.size(); i++) {
            int o = t.created ? NONE : t.owners[i];
            if (o == NONE) {
                if (s == Strategy.FIRST) {
                    out.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
                }
            } else if (o != t.target) {
                out.add(new SkippedIdentifier(given.get(i), id(o), t.mergeProtected ? SkippedIdentifier.Reason.MERGE_PROTECTED
                        : SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
            }
        }
        return out;
    }

    private List<String> mergedIds(DecisionTrace t) {
        if (t.mergedCount == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(t.mergedCount);
        for (int k = 0; k < t.mergedCount; k++) {
            out.add(id(t.merged[k]));
        }
        return out;
    }
}
