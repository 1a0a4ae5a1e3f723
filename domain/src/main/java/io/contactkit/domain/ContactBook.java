package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    static final int NONE = -1;

    private static final UpsertFailure.Invalid NO_IDENTIFIER = new UpsertFailure.Invalid(io.vavr.collection.List.of(
            Violation.of("identifiers", "missing_identifier", "an upsert needs at least one identifier: the first one picks the contact")));
    private static final byte DELETED = 1;
    private static final byte RETIRED = 2;
    private static final byte MARK = 4;
    private static final long COMPACT_MIN_FREED = 1 << 20;

    private final String workspace;
    private final Supplier<String> ids;
    // non-null for books that number their own ids: prefix1, prefix2, ...
    private final String prefix;
    private long counted;
    // true while every contact's id is prefix + (number + 1), so ids need not be stored
    private boolean derivedIds;
    // live and retired contacts by id (deleted ones are dropped); null while ids are derived
    private HashMap<String, Integer> byId;
    private String[] idOf;

    // identifiers, each contact's threaded into a list through the table's arena (head and tail below)
    private IdentifierTable index;

    // contacts, by number (= creation position)
    private int count;
    private int live;
    private int[] parent;
    private int[] head;
    private int[] tail;
    private byte[] flags;
    private Instant[] createdAt;
    private Instant[] updatedAt;
    private ContactValues[] values;
    private Contact[] cached;
    private long commandCount;
    // counts every change of state, so derived views (a run's records grouped by contact) know when they are stale
    private long mutations;

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
        this.ids = ids;
        this.prefix = prefix;
        this.derivedIds = prefix != null;
        int contacts = Math.max(16, expectedContacts);
        this.index = new IdentifierTable(Math.max(16, expectedIdentifiers));
        this.parent = new int[contacts];
        this.head = new int[contacts];
        this.tail = new int[contacts];
        this.flags = new byte[contacts];
        this.createdAt = new Instant[contacts];
        this.updatedAt = new Instant[contacts];
        if (!derivedIds) {
            byId = new HashMap<>();
            idOf = new String[contacts];
        }
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
     *; the count of merges per contact kept for
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
            owners[i] = index.touch(h);
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
        for (int r = head[c]; r != NONE; ) {
            int next = index.next(r);
            index.removeRef(r);
            r = next;
        }
        head[c] = NONE;
        tail[c] = NONE;
        flags[c] |= DELETED;
        if (values != null) {
            values[c] = null;
        }
        if (cached != null) {
            cached[c] = null;
        }
        if (byId != null) {
            byId.remove(contactId);
        }
        live--;
        mutations++;
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
        return c == NONE || (flags[c] & RETIRED) == 0 ? Optional.empty() : Optional.of(id(find(c)));
    }

    @Override
    public Optional<String> ownerOf(Identifier identifier) {
        int owner = lookup(identifier, IdentifierTable.hash(identifier));
        return owner == NONE ? Optional.empty() : Optional.of(id(owner));
    }

    @Override
    public int identifierCount() {
        return index.size();
    }

    @Override
    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>(live);
        forEachContact(out::add);
        return out;
    }

    /** Every live contact in creation order, one at a time: unlike {@link #contacts()}, holds no list of them all. */
    public void forEachContact(Consumer<? super Contact> action) {
        Objects.requireNonNull(action, "action");
        for (int c = 0; c < count; c++) {
            if (isLive(c)) {
                action.accept(snapshot(c));
            }
        }
    }

    @Override
    public int size() {
        return live;
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
        int pos = (int) Math.min(from, count);
        while (pos < count && out.size() < limit) {
            int c = pos++;
            if (isLive(c)) {
                out.add(snapshot(c));
            }
        }
        while (pos < count && !isLive(pos)) {
            pos++;
        }
        return new Slice(out, pos < count ? pos : -1);
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
        int pos = (int) Math.min(from, count - 1L);
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
        storeIds();
        mutations++;
        int c = newContact(contact.id(), contact.createdAt());
        updatedAt[c] = contact.updatedAt();
        for (Identifier i : contact.identifiers()) {
            addIdentifier(c, i, IdentifierTable.hash(i));
        }
        if (!contact.attributes().isEmpty() || !contact.lists().isEmpty() || !contact.accounts().isEmpty()
                || contact.owner().isPresent() || contact.language().isPresent()) {
            valuesArray()[c] = ContactValues.of(contact);
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
            if (o != NONE && (flags[o] & MARK) == 0) {
                flags[o] |= MARK;
                distinct++;
                if (survivor == NONE || isOlder(o, survivor)) {
                    survivor = o;
                }
            }
        }
        if (survivor == NONE) {
            return create(t, DecisionTrace.ADD_ALL, now);
        }
        flags[survivor] &= ~MARK;
        if (distinct > 1) {
            for (int i = 0; i < n; i++) {
                int o = owners[i];
                if (o != NONE && (flags[o] & MARK) != 0) {
                    flags[o] &= ~MARK;
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

    /** The live contact owning the identifier, or {@link #NONE}. */
    private int lookup(Identifier identifier, int hash) {
        int slot = index.find(identifier, hash);
        if (slot < 0) {
            return NONE;
        }
        int o = index.owner(slot);
        // the flags are a quarter of the parents' size, so more likely in cache
        if ((flags[o] & RETIRED) != 0) {
            // filed under a contact since retired by a merge: file it under the survivor from now on
            o = find(o);
            index.setOwner(slot, o);
        }
        return o;
    }

    /** The survivor a contact was (perhaps transitively) merged into, or the contact itself. */
    int find(int c) {
        int[] p = parent;
        while (p[c] != c) {
            // path halving
            p[c] = p[p[c]];
            c = p[c];
        }
        return c;
    }

    /** The live contact owning the identifier, or {@link #NONE}. */
    int owner(Identifier identifier) {
        return lookup(identifier, IdentifierTable.hash(identifier));
    }

    /** Hands the key of each identifier of a live contact to the action. */
    void forEachKey(int c, Consumer<String> action) {
        for (int r = head[c]; r != NONE; r = index.next(r)) {
            action.accept(index.identifier(r).key());
        }
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
        Instant ta = createdAt[a];
        Instant tb = createdAt[b];
        // a deduplication run stamps every contact with the same Instant: no comparison needed
        int c = ta == tb ? 0 : ta.compareTo(tb);
        return c != 0 ? c < 0 : a < b;
    }

    private int create(DecisionTrace t, int adds, Instant now) {
        int c = newContact(derivedIds ? null : nextId(), now);
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
            ContactValues v = valuesArray()[c];
            if (v == null) {
                v = new ContactValues();
                values[c] = v;
            }
            changed |= v.applyPatch(command, stamp);
        }
        mutations++;
        t.target = c;
        t.adds = adds;
        t.changed = changed;
        if (changed) {
            if (cached != null) {
                cached[c] = null;
            }
            if (!t.created) {
                updatedAt[c] = now;
            }
        }
        return t.status = DecisionTrace.APPLIED;
    }

    private boolean removeIdentifiers(DecisionTrace t, int c) {
        List<Identifier> removed = List.of();
        List<Identifier> ignored = List.of();
        for (Identifier i : t.command.removeIdentifiers()) {
            int slot = index.find(i, IdentifierTable.hash(i));
            if (slot >= 0 && find(index.owner(slot)) == c) {
                unlink(c, index.ref(slot));
                index.removeAt(slot);
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

    private void unlink(int c, int ref) {
        int prev = NONE;
        for (int r = head[c]; r != NONE; prev = r, r = index.next(r)) {
            if (r == ref) {
                int next = index.next(r);
                if (prev == NONE) {
                    head[c] = next;
                } else {
                    index.setNext(prev, next);
                }
                if (tail[c] == r) {
                    tail[c] = prev;
                }
                return;
            }
        }
        throw new IllegalStateException("identifier " + index.identifier(ref) + " is filed under contact " + id(c) + " but not in its list");
    }

    private void addIdentifier(int c, Identifier identifier, int hash) {
        int ref = index.insert(identifier, hash, c);
        if (tail[c] == NONE) {
            head[c] = ref;
        } else {
            index.setNext(tail[c], ref);
        }
        tail[c] = ref;
    }

    /**
     * Once removed identifiers hold more of the arena than live ones (and at least a megabyte), copies
     * the live ones into a fresh table, contact by contact, so a long-lived book does not grow under churn.
     */
    private void compactIfWasteful() {
        if (index.freedBytes() >= COMPACT_MIN_FREED && index.freedBytes() > index.liveBytes()) {
            IdentifierTable fresh = index.emptyLike(index.size());
            for (int c = 0; c < count; c++) {
                int last = NONE;
                for (int r = head[c]; r != NONE; r = index.next(r)) {
                    int copied = fresh.copy(index, r, c);
                    if (last == NONE) {
                        head[c] = copied;
                    } else {
                        fresh.setNext(last, copied);
                    }
                    last = copied;
                }
                tail[c] = last;
            }
            index = fresh;
        }
    }

    private String nextId() {
        String id = prefix != null ? prefix + (++counted) : ids.get();
        if (id == null || id.isEmpty() || byId.containsKey(id)) {
            throw new IllegalStateException("the id generator returned an empty or repeated id: " + id);
        }
        return id;
    }

    private int newContact(String id, Instant created) {
        if (count == parent.length) {
            growContacts();
        }
        int c = count++;
        parent[c] = c;
        head[c] = NONE;
        tail[c] = NONE;
        flags[c] = 0;
        createdAt[c] = created;
        updatedAt[c] = created;
        if (derivedIds) {
            counted++;
        } else {
            idOf[c] = id;
            byId.put(id, c);
        }
        live++;
        return c;
    }

    private void growContacts() {
        int capacity = grownCapacity(parent.length);
        parent = Arrays.copyOf(parent, capacity);
        head = Arrays.copyOf(head, capacity);
        tail = Arrays.copyOf(tail, capacity);
        flags = Arrays.copyOf(flags, capacity);
        createdAt = Arrays.copyOf(createdAt, capacity);
        updatedAt = Arrays.copyOf(updatedAt, capacity);
        if (idOf != null) {
            idOf = Arrays.copyOf(idOf, capacity);
        }
        if (values != null) {
            values = Arrays.copyOf(values, capacity);
        }
        if (cached != null) {
            cached = Arrays.copyOf(cached, capacity);
        }
    }

    private static int grownCapacity(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many contacts or identifiers for one book");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, length * 2L));
    }

    private ContactValues[] valuesArray() {
        if (values == null) {
            values = new ContactValues[parent.length];
        }
        return values;
    }

    private void absorb(int survivor, int gone) {
        if (head[gone] != NONE) {
            if (tail[survivor] == NONE) {
                head[survivor] = head[gone];
            } else {
                index.setNext(tail[survivor], head[gone]);
            }
            tail[survivor] = tail[gone];
            head[gone] = NONE;
            tail[gone] = NONE;
        }
        if (values != null && values[gone] != null) {
            ContactValues mine = values[survivor];
            if (mine == null) {
                mine = new ContactValues();
                values[survivor] = mine;
            }
            mine.absorb(values[gone]);
            values[gone] = null;
        }
        parent[gone] = survivor;
        flags[gone] |= RETIRED;
        if (cached != null) {
            cached[gone] = null;
            cached[survivor] = null;
        }
        live--;
    }

    /** Stops deriving ids from numbers: from now on each contact's id is stored. */
    private void storeIds() {
        if (!derivedIds) {
            return;
        }
        idOf = new String[parent.length];
        byId = new HashMap<>(Math.max(16, count * 2));
        for (int c = 0; c < count; c++) {
            idOf[c] = prefix + (c + 1);
            if ((flags[c] & DELETED) == 0) {
                byId.put(idOf[c], c);
            }
        }
        derivedIds = false;
    }

    // ---- ids and snapshots --------------------------------------------------------------------

    /** The id of a contact number. */
    String id(int c) {
        return derivedIds ? prefix + (c + 1) : idOf[c];
    }

    private boolean isLive(int c) {
        return (flags[c] & (DELETED | RETIRED)) == 0;
    }

    /** The number of a live or retired contact, or {@link #NONE} (also for deleted ones). */
    private int number(String contactId) {
        if (contactId == null) {
            return NONE;
        }
        if (!derivedIds) {
            Integer c = byId.get(contactId);
            return c == null ? NONE : c;
        }
        // prefix followed by the decimal number from 1, as nextId writes it
        int p = prefix.length();
        int digits = contactId.length() - p;
        if (digits < 1 || digits > 10 || !contactId.startsWith(prefix) || contactId.charAt(p) == '0') {
            return NONE;
        }
        long n = 0;
        for (int i = p; i < contactId.length(); i++) {
            char ch = contactId.charAt(i);
            if (ch < '0' || ch > '9') {
                return NONE;
            }
            n = n * 10 + (ch - '0');
        }
        if (n > count) {
            return NONE;
        }
        int c = (int) (n - 1);
        return (flags[c] & DELETED) != 0 ? NONE : c;
    }

    /** The number of a live contact, or {@link #NONE}. */
    int liveNumber(String contactId) {
        int c = number(contactId);
        return c != NONE && isLive(c) ? c : NONE;
    }

    /** The contact as it is now, kept until it changes (the in-memory provider and the simulators read contacts often). */
    Contact snapshot(int c) {
        if (cached == null) {
            cached = new Contact[parent.length];
        }
        Contact s = cached[c];
        if (s == null) {
            s = build(c);
            cached[c] = s;
        }
        return s;
    }

    /** The contact as it is now, built afresh and not kept. */
    Contact build(int c) {
        Contact.Builder b = Contact.builder(id(c), workspace, createdAt[c]).updatedAt(updatedAt[c]);
        for (int r = head[c]; r != NONE; r = index.next(r)) {
            b.identifier(index.identifier(r));
        }
        if (values != null && values[c] != null) {
            values[c].addTo(b);
        }
        return b.build();
    }

    /** Arena bytes of removed identifiers not yet reclaimed by compaction. */
    long freedIdentifierBytes() {
        return index.freedBytes();
    }

    /** How many changes the book has seen. */
    long mutations() {
        return mutations;
    }

    /** Contact numbers handed out so far (live, retired and deleted contacts). */
    int numbered() {
        return count;
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
