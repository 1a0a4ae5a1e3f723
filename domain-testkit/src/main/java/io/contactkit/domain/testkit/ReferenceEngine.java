package io.contactkit.domain.testkit;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.Decision;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.TextChange;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A deliberately simple {@link ContactEngine}: every contact ever created sits in one list in creation
 * order, and every question ("who owns this identifier?") is answered by scanning it. No index, no
 * caching, no cleverness, so that it can be read against docs/DESIGN.md line by line and used as the model
 * the fast engine is compared to.
 *
 * <p>Where docs/DESIGN.md leaves an order open (the order of identifiers after a merge, of skipped
 * identifiers, of the contacts named by a conflict), this model states the order the library promises:
 * identifiers and skipped identifiers follow the command's priority order, contacts merged in follow
 * their creation order, conflicts name contacts in the order their identifiers were given.
 */
public final class ReferenceEngine implements ContactEngine {

    private final String workspace;
    private final Supplier<String> ids;
    private final List<Entry> entries = new ArrayList<>();
    private long writes;

    /**
     * An empty model.
     *
     * @param workspace the workspace of its contacts
     * @param ids makes contact ids; must never repeat
     */
    public ReferenceEngine(String workspace, Supplier<String> ids) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * A model whose ids are {@code prefix1}, {@code prefix2}, ... in creation order.
     *
     * @param workspace the workspace of its contacts
     * @param prefix the prefix of the ids
     * @return the model
     */
    public static ReferenceEngine sequential(String workspace, String prefix) {
        long[] next = {0};
        return new ReferenceEngine(workspace, () -> prefix + (++next[0]));
    }

    // ---- what a contact is, in the model --------------------------------------------------------

    /** A value and the number of the write that put it there; a null value is a removal. */
    private record Write(AttributeValue value, long number) {
    }

    private static final class Entry {
        final String id;
        final int position;
        final Instant createdAt;
        Instant updatedAt;
        final List<Identifier> identifiers = new ArrayList<>();
        final Map<String, Write> attributes = new LinkedHashMap<>();
        final List<String> lists = new ArrayList<>();
        final List<String> accounts = new ArrayList<>();
        Write owner;
        Write language;
        boolean deleted;
        String mergedInto;

        Entry(String id, int position, Instant createdAt) {
            this.id = id;
            this.position = position;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        boolean live() {
            return !deleted && mergedInto == null;
        }

        Contact snapshot(String workspace) {
            Contact.Builder b = Contact.builder(id, workspace, createdAt).updatedAt(updatedAt).identifiers(identifiers)
                    .lists(lists).accounts(accounts);
            attributes.forEach((name, w) -> {
                if (w.value() != null) {
                    b.attribute(name, w.value());
                }
            });
            b.owner(owner == null || owner.value() == null ? null : owner.value().toString());
            b.language(language == null || language.value() == null ? null : language.value().toString());
            return b.build();
        }
    }

    /** Created earlier: by creation time, then by creation order. */
    private static final Comparator<Entry> AGE = Comparator.<Entry, Instant>comparing(e -> e.createdAt).thenComparingInt(e -> e.position);

    private Entry live(String contactId) {
        for (Entry e : entries) {
            if (e.live() && e.id.equals(contactId)) {
                return e;
            }
        }
        return null;
    }

    private Entry ownerEntry(Identifier identifier) {
        for (Entry e : entries) {
            if (e.live() && e.identifiers.contains(identifier)) {
                return e;
            }
        }
        return null;
    }

    private List<Entry> owners(List<Identifier> given) {
        List<Entry> out = new ArrayList<>();
        for (Identifier i : given) {
            out.add(ownerEntry(i));
        }
        return out;
    }

    // ---- the engine -----------------------------------------------------------------------------

    @Override
    public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
        List<Identifier> given = command.identifiers();
        if (given.isEmpty()) {
            return Either.left(new UpsertFailure.Invalid(io.vavr.collection.List.of(Violation.of("identifiers", "missing_identifier",
                    "an upsert needs at least one identifier: the first one picks the contact"))));
        }
        List<Entry> owners = owners(given);
        List<Entry> distinct = new ArrayList<>();
        for (Entry o : owners) {
            if (o != null && !distinct.contains(o)) {
                distinct.add(o);
            }
        }
        Entry first = distinct.isEmpty() ? null : distinct.get(0);
        switch (command.strategy()) {
            case STRICT_ALIAS:
                if (distinct.size() > 1) {
                    return Either.left(conflict(given, owners, List.of()));
                }
                if (first == null) {
                    return Either.right(createWith(command, given, List.of(), now));
                }
                return Either.right(apply(first, false, unowned(given, owners), List.of(), List.of(), command, now));
            case FIRST_ALIAS: {
                if (first == null) {
                    return Either.right(createWith(command, given, List.of(), now));
                }
                List<SkippedIdentifier> skipped = new ArrayList<>();
                for (int i = 0; i < given.size(); i++) {
                    if (owners.get(i) != null && owners.get(i) != first) {
                        skipped.add(new SkippedIdentifier(given.get(i), owners.get(i).id, SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
                    }
                }
                return Either.right(apply(first, false, unowned(given, owners), skipped, List.of(), command, now));
            }
            case FIRST: {
                List<SkippedIdentifier> skipped = new ArrayList<>();
                if (first == null) {
                    for (int i = 1; i < given.size(); i++) {
                        skipped.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
                    }
                    return Either.right(createWith(command, given.isEmpty() ? List.of() : given.subList(0, 1), skipped, now));
                }
                for (int i = 0; i < given.size(); i++) {
                    Entry o = owners.get(i);
                    if (o == null) {
                        skipped.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
                    } else if (o != first) {
                        skipped.add(new SkippedIdentifier(given.get(i), o.id, SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
                    }
                }
                return Either.right(apply(first, false, List.of(), skipped, List.of(), command, now));
            }
            case MERGE: {
                if (first == null) {
                    return Either.right(createWith(command, given, List.of(), now));
                }
                List<Entry> byAge = new ArrayList<>(distinct);
                byAge.sort(AGE);
                Entry survivor = byAge.get(0);
                List<String> merged = new ArrayList<>();
                for (Entry gone : byAge.subList(1, byAge.size())) {
                    absorb(survivor, gone);
                    merged.add(gone.id);
                }
                return Either.right(apply(survivor, false, unowned(given, owners), List.of(), merged, command, now));
            }
            default:
                throw new IllegalStateException("unknown strategy " + command.strategy());
        }
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
        List<Identifier> given = command.identifiers();
        List<Entry> owners = owners(given);
        if (owners.stream().anyMatch(Objects::nonNull)) {
            return Either.left(conflict(given, owners, List.of()));
        }
        return Either.right(createWith(command, given, List.of(), now));
    }

    @Override
    public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
        Entry target = live(contactId);
        if (target == null) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        List<Identifier> given = command.identifiers();
        List<Entry> owners = owners(given);
        List<Entry> foreign = new ArrayList<>(owners);
        foreign.replaceAll(o -> o == target ? null : o);
        if (foreign.stream().anyMatch(Objects::nonNull)) {
            return Either.left(conflict(given, foreign, List.of(contactId)));
        }
        return Either.right(apply(target, false, unowned(given, owners), List.of(), List.of(), command, now));
    }

    @Override
    public Either<UpsertFailure, Contact> delete(String contactId) {
        Entry target = live(contactId);
        if (target == null) {
            return Either.left(new UpsertFailure.NotFound(contactId));
        }
        Contact last = target.snapshot(workspace);
        target.deleted = true;
        return Either.right(last);
    }

    @Override
    public Optional<Contact> get(String contactId) {
        Entry e = live(contactId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot(workspace));
    }

    @Override
    public Optional<String> survivorOf(String contactId) {
        String into = null;
        for (Entry e : entries) {
            if (e.id.equals(contactId)) {
                into = e.mergedInto;
            }
        }
        String next = into;
        while (next != null) {
            into = next;
            next = null;
            for (Entry e : entries) {
                if (e.id.equals(into)) {
                    next = e.mergedInto;
                }
            }
        }
        return Optional.ofNullable(into);
    }

    @Override
    public List<Contact> contacts() {
        List<Contact> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.live()) {
                out.add(e.snapshot(workspace));
            }
        }
        return out;
    }

    @Override
    public int size() {
        return (int) entries.stream().filter(Entry::live).count();
    }

    @Override
    public Optional<String> ownerOf(Identifier identifier) {
        Entry e = ownerEntry(identifier);
        return e == null ? Optional.empty() : Optional.of(e.id);
    }

    @Override
    public int identifierCount() {
        return entries.stream().filter(Entry::live).mapToInt(e -> e.identifiers.size()).sum();
    }

    // ---- the rules ------------------------------------------------------------------------------

    private static UpsertFailure conflict(List<Identifier> given, List<Entry> owners, List<String> first) {
        List<String> contacts = new ArrayList<>(first);
        Map<Identifier, String> owned = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            Entry o = owners.get(i);
            if (o != null) {
                owned.put(given.get(i), o.id);
                if (!contacts.contains(o.id)) {
                    contacts.add(o.id);
                }
            }
        }
        return new UpsertFailure.Conflict(contacts, owned);
    }

    private static List<Identifier> unowned(List<Identifier> given, List<Entry> owners) {
        List<Identifier> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (owners.get(i) == null) {
                out.add(given.get(i));
            }
        }
        return out;
    }

    private UpsertOutcome createWith(UpsertCommand command, List<Identifier> identifiers, List<SkippedIdentifier> skipped, Instant now) {
        String id = ids.get();
        for (Entry e : entries) {
            if (e.id.equals(id)) {
                throw new IllegalStateException("the id generator repeated " + id);
            }
        }
        Entry e = new Entry(id, entries.size(), now);
        entries.add(e);
        return apply(e, true, identifiers, skipped, List.of(), command, now);
    }

    /** The retired contact's identifiers, values and memberships go to the survivor; the latest write of each value wins. */
    private static void absorb(Entry survivor, Entry gone) {
        for (Identifier i : gone.identifiers) {
            if (!survivor.identifiers.contains(i)) {
                survivor.identifiers.add(i);
            }
        }
        gone.attributes.forEach((name, theirs) -> {
            Write mine = survivor.attributes.get(name);
            if (mine == null || theirs.number() > mine.number()) {
                survivor.attributes.put(name, theirs);
            }
        });
        addAll(survivor.lists, gone.lists);
        addAll(survivor.accounts, gone.accounts);
        survivor.owner = later(survivor.owner, gone.owner);
        survivor.language = later(survivor.language, gone.language);
        gone.mergedInto = survivor.id;
    }

    private static void addAll(List<String> into, List<String> more) {
        for (String s : more) {
            if (!into.contains(s)) {
                into.add(s);
            }
        }
    }

    private static Write later(Write a, Write b) {
        if (b == null) {
            return a;
        }
        return a == null || b.number() > a.number() ? b : a;
    }

    private UpsertOutcome apply(Entry target, boolean created, List<Identifier> toAdd, List<SkippedIdentifier> skipped,
                                List<String> merged, UpsertCommand command, Instant now) {
        long write = ++writes;
        boolean changed = created || !merged.isEmpty() || !toAdd.isEmpty();
        target.identifiers.addAll(toAdd);
        List<Identifier> removed = new ArrayList<>();
        List<Identifier> ignored = new ArrayList<>();
        for (Identifier r : command.removeIdentifiers()) {
            if (target.identifiers.remove(r)) {
                removed.add(r);
            } else {
                ignored.add(r);
            }
        }
        changed |= !removed.isEmpty();
        for (Map.Entry<String, AttributeChange> c : command.attributes().entrySet()) {
            AttributeValue next = c.getValue() instanceof AttributeChange.Set s ? s.value() : null;
            Write current = target.attributes.get(c.getKey());
            if (current == null && next == null) {
                continue;
            }
            changed |= !Objects.equals(current == null ? null : current.value(), next);
            target.attributes.put(c.getKey(), new Write(next, write));
        }
        for (String l : command.addToLists()) {
            if (!target.lists.contains(l)) {
                target.lists.add(l);
                changed = true;
            }
        }
        changed |= target.lists.removeAll(command.removeFromLists());
        for (String a : command.addToAccounts()) {
            if (!target.accounts.contains(a)) {
                target.accounts.add(a);
                changed = true;
            }
        }
        changed |= target.accounts.removeAll(command.removeFromAccounts());
        if (command.owner().isPresent()) {
            Write next = text(command.owner().get(), write);
            changed |= !sameValue(target.owner, next);
            target.owner = next;
        }
        if (command.language().isPresent()) {
            Write next = text(command.language().get(), write);
            changed |= !sameValue(target.language, next);
            target.language = next;
        }
        if (changed && !created) {
            target.updatedAt = now;
        }
        Decision d = new Decision(target.id, created, changed, toAdd, skipped, removed, ignored, merged);
        return new UpsertOutcome(d, target.snapshot(workspace));
    }

    private static Write text(TextChange change, long write) {
        return new Write(change.isRemoval() ? null : AttributeValue.of(change.newValue()), write);
    }

    private static boolean sameValue(Write a, Write b) {
        return Objects.equals(a == null ? null : a.value(), b == null ? null : b.value());
    }

    @Override
    public String toString() {
        return "ReferenceEngine" + contacts();
    }
}
