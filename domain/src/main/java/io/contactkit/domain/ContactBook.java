package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fast {@link ContactEngine}: a hash index from canonical identifier to contact, so every lookup
 * is a hash probe and no command scans the contacts.
 *
 * <p>Each command is planned before anything is touched (the only failures, conflicts and unknown
 * ids, are found while planning), so a failed command changes nothing. Attribute, owner and language
 * values remember the number of the command that wrote them, which is how {@code merge} resolves
 * them by last write. Not thread-safe: callers serialize access.
 */
public final class ContactBook implements ContactEngine {

    private static final UpsertFailure.Invalid NO_IDENTIFIER = new UpsertFailure.Invalid(io.vavr.collection.List.of(
            Violation.of("identifiers", "missing_identifier", "an upsert needs at least one identifier: the first one picks the contact")));

    private final String workspace;
    private final Supplier<String> ids;
    // false only while every id came from the book's own counter, which cannot repeat
    private boolean checkIds = true;
    private final HashMap<Identifier, ContactRecord> index;
    private final HashMap<String, ContactRecord> byId;
    private final HashMap<String, String> retired = new HashMap<>();
    private final ArrayList<ContactRecord> creationOrder = new ArrayList<>();
    private long commandCount;
    private int live;
    // where the last successful decide went and what it retired: lets Deduplicator keep its
    // per-contact state on the records instead of in a second map keyed by contact id
    ContactRecord lastTarget;
    List<ContactRecord> lastRetired = List.of();

    /**
     * @param workspace the workspace every contact belongs to
     * @param ids       generates ids for new contacts; must never repeat
     */
    public ContactBook(String workspace, Supplier<String> ids) {
        this(workspace, ids, 16);
    }

    /** As {@link #ContactBook(String, Supplier)}, sized for about {@code expectedContacts} contacts. */
    public ContactBook(String workspace, Supplier<String> ids, int expectedContacts) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.ids = Objects.requireNonNull(ids, "ids");
        int capacity = (int) Math.min(1 << 30, Math.max(16, expectedContacts * 4L));
        this.index = new HashMap<>(capacity);
        this.byId = new HashMap<>(Math.max(16, capacity / 2));
    }

    /** A book with its own ids {@code prefix1}, {@code prefix2}, ...; they need no repetition check. */
    static ContactBook counting(String workspace, String prefix, int expectedContacts) {
        long[] next = {0};
        ContactBook book = new ContactBook(workspace, () -> prefix + (++next[0]), expectedContacts);
        book.checkIds = false;
        return book;
    }

    /** A book whose ids are {@code prefix1}, {@code prefix2}, ... in creation order. */
    public static ContactBook sequential(String workspace, String prefix) {
        long[] next = {0};
        return new ContactBook(workspace, () -> prefix + (++next[0]));
    }

    public String workspace() {
        return workspace;
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
        return decide(command, now).map(this::withContact);
    }

    /** As {@link #upsert}, without building the resulting contact: the cheap path for bulk work. */
    public Either<UpsertFailure, Decision> decide(UpsertCommand command, Instant now) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        lastTarget = null;
        lastRetired = List.of();
        List<Identifier> given = command.identifiers();
        if (given.isEmpty()) {
            // nothing could ever match such a command, so each repetition would create another contact
            return Either.left(NO_IDENTIFIER);
        }
        ContactRecord[] owners = new ContactRecord[given.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = index.get(given.get(i));
        }
        switch (command.strategy()) {
            case STRICT_ALIAS:
                return strictAlias(command, owners, now);
            case FIRST_ALIAS:
                return firstAlias(command, owners, now);
            case FIRST:
                return first(command, owners, now);
            case MERGE:
                return Either.right(merge(command, owners, now));
            default:
                throw new IllegalStateException("unknown strategy " + command.strategy());
        }
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
        List<Identifier> given = command.identifiers();
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (Identifier i : given) {
            ContactRecord owner = index.get(i);
            if (owner != null) {
                owned.put(i, owner.id);
                if (!contacts.contains(owner.id)) {
                    contacts.add(owner.id);
                }
            }
        }
        if (!owned.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, owned));
        }
        return Either.right(withContact(createWith(command, given, now)));
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
        ContactRecord target = byId.get(contactId);
        if (target == null) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        Map<Identifier, String> foreign = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        contacts.add(contactId);
        List<Identifier> toAdd = new ArrayList<>();
        for (Identifier i : command.identifiers()) {
            ContactRecord owner = index.get(i);
            if (owner == null) {
                toAdd.add(i);
            } else if (owner != target) {
                foreign.put(i, owner.id);
                if (!contacts.contains(owner.id)) {
                    contacts.add(owner.id);
                }
            }
        }
        if (!foreign.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, foreign));
        }
        long stamp = ++commandCount;
        return Either.right(withContact(applyTo(target, false, toAdd, List.of(), List.of(), command, stamp, now)));
    }

    @Override
    public Either<UpsertFailure, Contact> delete(String contactId) {
        ContactRecord target = byId.remove(contactId);
        if (target == null) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        Contact last = target.snapshot(workspace);
        for (Identifier i : target.identifiers) {
            index.remove(i);
        }
        target.dead = true;
        live--;
        return Either.right(last);
    }

    @Override
    public Optional<Contact> get(String contactId) {
        ContactRecord r = byId.get(contactId);
        return r == null ? Optional.empty() : Optional.of(r.snapshot(workspace));
    }

    @Override
    public Optional<String> survivorOf(String contactId) {
        String s = retired.get(contactId);
        // follow chains: a survivor may itself have been merged later
        while (s != null && retired.containsKey(s)) {
            s = retired.get(s);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public Optional<String> ownerOf(Identifier identifier) {
        ContactRecord r = index.get(identifier);
        return r == null ? Optional.empty() : Optional.of(r.id);
    }

    @Override
    public int identifierCount() {
        return index.size();
    }

    @Override
    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>(live);
        for (ContactRecord r : creationOrder) {
            if (!r.dead) {
                out.add(r.snapshot(workspace));
            }
        }
        return out;
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
        int pos = (int) Math.min(from, creationOrder.size());
        while (pos < creationOrder.size() && out.size() < limit) {
            ContactRecord r = creationOrder.get(pos++);
            if (!r.dead) {
                out.add(r.snapshot(workspace));
            }
        }
        while (pos < creationOrder.size() && creationOrder.get(pos).dead) {
            pos++;
        }
        return new Slice(out, pos < creationOrder.size() ? pos : -1);
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
        int pos = (int) Math.min(from, creationOrder.size() - 1L);
        while (pos >= 0 && out.size() < limit) {
            ContactRecord r = creationOrder.get(pos--);
            if (!r.dead) {
                out.add(r.snapshot(workspace));
            }
        }
        while (pos >= 0 && creationOrder.get(pos).dead) {
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
        if (byId.containsKey(contact.id())) {
            return Either.left(new UpsertFailure.Conflict(List.of(contact.id()), Map.of()));
        }
        Map<Identifier, String> owned = new LinkedHashMap<>();
        List<String> contacts = new ArrayList<>();
        for (Identifier i : contact.identifiers()) {
            ContactRecord owner = index.get(i);
            if (owner != null) {
                owned.put(i, owner.id);
                if (!contacts.contains(owner.id)) {
                    contacts.add(owner.id);
                }
            }
        }
        if (!owned.isEmpty()) {
            return Either.left(new UpsertFailure.Conflict(contacts, owned));
        }
        // an id from outside could be one the counter will produce later
        checkIds = true;
        ContactRecord r = newRecord(contact.id(), contact.createdAt());
        r.updatedAt = contact.updatedAt();
        for (Identifier i : contact.identifiers()) {
            r.identifiers.add(i);
            index.put(i, r);
        }
        contact.attributes().forEach((k, v) -> r.putAttribute(k, v, 0));
        contact.lists().forEach(r::addList);
        contact.accounts().forEach(r::addAccount);
        contact.owner().ifPresent(o -> r.owner = new Stamped(new AttributeValue.Text(o), 0));
        contact.language().ifPresent(l -> r.language = new Stamped(new AttributeValue.Text(l), 0));
        return Either.right(r.snapshot(workspace));
    }

    // ---- strategies ---------------------------------------------------------------------------

    private Either<UpsertFailure, Decision> strictAlias(UpsertCommand command, ContactRecord[] owners, Instant now) {
        List<Identifier> given = command.identifiers();
        ContactRecord target = null;
        boolean conflict = false;
        for (ContactRecord o : owners) {
            if (o != null) {
                if (target == null) {
                    target = o;
                } else if (o != target) {
                    conflict = true;
                }
            }
        }
        if (conflict) {
            Map<Identifier, String> owned = new LinkedHashMap<>();
            List<String> contacts = new ArrayList<>();
            for (int i = 0; i < owners.length; i++) {
                if (owners[i] != null) {
                    owned.put(given.get(i), owners[i].id);
                    if (!contacts.contains(owners[i].id)) {
                        contacts.add(owners[i].id);
                    }
                }
            }
            return Either.left(new UpsertFailure.Conflict(contacts, owned));
        }
        if (target == null) {
            return Either.right(createWith(command, given, now));
        }
        return Either.right(applyTo(target, false, unowned(given, owners), List.of(), List.of(), command, ++commandCount, now));
    }

    private Either<UpsertFailure, Decision> firstAlias(UpsertCommand command, ContactRecord[] owners, Instant now) {
        List<Identifier> given = command.identifiers();
        ContactRecord target = firstOwner(owners);
        if (target == null) {
            return Either.right(createWith(command, given, now));
        }
        List<SkippedIdentifier> skipped = new ArrayList<>();
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != null && owners[i] != target) {
                skipped.add(new SkippedIdentifier(given.get(i), owners[i].id, SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
            }
        }
        return Either.right(applyTo(target, false, unowned(given, owners), skipped, List.of(), command, ++commandCount, now));
    }

    private Either<UpsertFailure, Decision> first(UpsertCommand command, ContactRecord[] owners, Instant now) {
        List<Identifier> given = command.identifiers();
        ContactRecord target = firstOwner(owners);
        if (target == null) {
            List<Identifier> only = given.isEmpty() ? List.of() : List.of(given.get(0));
            List<SkippedIdentifier> skipped = new ArrayList<>();
            for (int i = 1; i < given.size(); i++) {
                skipped.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
            }
            return Either.right(createRecord(command, only, skipped, now));
        }
        List<SkippedIdentifier> skipped = new ArrayList<>();
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == null) {
                skipped.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
            } else if (owners[i] != target) {
                skipped.add(new SkippedIdentifier(given.get(i), owners[i].id, SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
            }
        }
        return Either.right(applyTo(target, false, List.of(), skipped, List.of(), command, ++commandCount, now));
    }

    private Decision merge(UpsertCommand command, ContactRecord[] owners, Instant now) {
        List<Identifier> given = command.identifiers();
        ContactRecord survivor = null;
        int distinct = 0;
        for (ContactRecord o : owners) {
            if (o != null && !o.mark) {
                o.mark = true;
                distinct++;
                if (survivor == null || o.isOlderThan(survivor)) {
                    survivor = o;
                }
            }
        }
        if (survivor == null) {
            return createWith(command, given, now);
        }
        if (distinct == 1) {
            survivor.mark = false;
            return applyTo(survivor, false, unowned(given, owners), List.of(), List.of(), command, ++commandCount, now);
        }
        List<String> mergedIds = new ArrayList<>(distinct - 1);
        List<ContactRecord> retiring = new ArrayList<>(distinct - 1);
        for (ContactRecord o : owners) {
            if (o != null && o.mark) {
                o.mark = false;
                if (o != survivor) {
                    retiring.add(o);
                }
            }
        }
        // absorb in creation order, so the survivor's identifiers read oldest contact first
        retiring.sort((a, b) -> a.isOlderThan(b) ? -1 : 1);
        for (ContactRecord r : retiring) {
            absorb(survivor, r);
            mergedIds.add(r.id);
        }
        lastRetired = retiring;
        return applyTo(survivor, false, unowned(given, owners), List.of(), mergedIds, command, ++commandCount, now);
    }

    // ---- mechanics ----------------------------------------------------------------------------

    private static ContactRecord firstOwner(ContactRecord[] owners) {
        for (ContactRecord o : owners) {
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    private static List<Identifier> unowned(List<Identifier> given, ContactRecord[] owners) {
        int free = 0;
        for (ContactRecord o : owners) {
            if (o == null) {
                free++;
            }
        }
        // the common cases allocate nothing: the command's identifiers are an immutable list already
        if (free == 0) {
            return List.of();
        }
        if (free == owners.length) {
            return given;
        }
        List<Identifier> out = new ArrayList<>(free);
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] == null) {
                out.add(given.get(i));
            }
        }
        return out;
    }

    private Decision createWith(UpsertCommand command, List<Identifier> identifiers, Instant now) {
        return createRecord(command, identifiers, List.of(), now);
    }

    private Decision createRecord(UpsertCommand command, List<Identifier> identifiers, List<SkippedIdentifier> skipped, Instant now) {
        ContactRecord r = newRecord(nextId(), now);
        return applyTo(r, true, identifiers, skipped, List.of(), command, ++commandCount, now);
    }

    private String nextId() {
        String id = ids.get();
        if (checkIds && (id == null || id.isEmpty() || byId.containsKey(id) || retired.containsKey(id))) {
            throw new IllegalStateException("the id generator returned an empty or repeated id: " + id);
        }
        return id;
    }

    private ContactRecord newRecord(String id, Instant createdAt) {
        ContactRecord r = new ContactRecord(id, creationOrder.size(), createdAt);
        creationOrder.add(r);
        byId.put(id, r);
        live++;
        return r;
    }

    private void absorb(ContactRecord survivor, ContactRecord gone) {
        for (Identifier i : gone.identifiers) {
            survivor.identifiers.add(i);
            index.put(i, survivor);
        }
        survivor.absorbValues(gone);
        gone.dead = true;
        byId.remove(gone.id);
        retired.put(gone.id, survivor.id);
        live--;
        survivor.cached = null;
    }

    private Decision applyTo(ContactRecord target, boolean created, List<Identifier> toAdd, List<SkippedIdentifier> skipped,
                             List<String> merged, UpsertCommand command, long stamp, Instant now) {
        boolean changed = created || !merged.isEmpty() || !toAdd.isEmpty();
        for (Identifier i : toAdd) {
            target.identifiers.add(i);
            index.put(i, target);
        }
        List<Identifier> removed = List.of();
        List<Identifier> ignored = List.of();
        for (Identifier i : command.removeIdentifiers()) {
            if (index.get(i) == target) {
                target.identifiers.remove(i);
                index.remove(i);
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
        changed |= !removed.isEmpty();
        changed |= target.applyPatch(command, stamp);
        lastTarget = target;
        if (changed) {
            target.cached = null;
            if (!created) {
                target.updatedAt = now;
            }
        }
        return new Decision(target.id, created, changed, toAdd, skipped, removed, ignored, merged);
    }

    /** The live contact with this id, or null. */
    ContactRecord live(String contactId) {
        return byId.get(contactId);
    }

    private UpsertOutcome withContact(Decision d) {
        return new UpsertOutcome(d, byId.get(d.contactId()).snapshot(workspace));
    }
}
