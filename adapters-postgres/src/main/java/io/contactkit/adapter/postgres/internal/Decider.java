package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Lets the domain decide one command on the part of the store it concerns. The contacts that own the
 * command's identifiers (and the contact an update or delete names), read and locked inside the
 * transaction, are restored into a transient {@link ContactBook} in creation order, with their values
 * re-written in the order of the commands that wrote them (so the book's last-write bookkeeping agrees
 * with the store's). The book then runs the command with its own rules; what changed is handed back
 * as a {@link Plan} for the transaction to write.
 */
public final class Decider {

    /** What a logged command did to the store. */
    public enum Operation {
        UPSERT, CREATE, UPDATE, DELETE
    }

    private static final AttributeValue PLACEHOLDER = AttributeValue.of("-");

    private Decider() {
    }

    /**
     * The writes of one accepted command.
     *
     * @param contact    the contact afterwards ({@code null} after a deletion)
     * @param contactSeq the contact's creation position (the command's own sequence when it created it)
     * @param state      what the contact row keeps ({@code null} after a deletion)
     * @param merged     contacts retired into {@code contact}
     * @param claimed    identifiers the contact took
     * @param released   identifiers the contact gave up
     * @param outcome    the engine's outcome ({@code null} after a deletion)
     * @param decision   the decision as logged
     */
    public record Plan(Operation operation, String contactId, boolean created, Contact contact, long contactSeq,
                       ContactState state, List<String> merged, List<Identifier> claimed, List<Identifier> released,
                       UpsertOutcome outcome, String decision) {
    }

    /**
     * @param loaded  the live contacts concerned, each with its state
     * @param owners  the live owner of each of the command's identifiers that has one
     * @param seq     the log sequence this command gets
     */
    public static Either<UpsertFailure, Plan> decide(String workspace, Operation operation, String targetId, UpsertCommand command,
                                                     Instant now, List<StoredContact> loaded, Map<Identifier, String> owners,
                                                     long seq, Supplier<String> ids) {
        return decide(workspace, operation, targetId, command, now, loaded, owners, seq, ids, IdentityRules.NONE);
    }

    /**
     * As {@link #decide(String, Operation, String, UpsertCommand, Instant, List, Map, long, Supplier)},
     * under identity rules: the book restored from the loaded contacts (with their counts of merges)
     * obeys them, and the logged decision is the book's own audit entry, rules fired included.
     */
    public static Either<UpsertFailure, Plan> decide(String workspace, Operation operation, String targetId, UpsertCommand command,
                                                     Instant now, List<StoredContact> loaded, Map<Identifier, String> owners,
                                                     long seq, Supplier<String> ids, IdentityRules rules) {
        List<StoredContact> ordered = new ArrayList<>(loaded);
        ordered.sort(Comparator.comparingLong(StoredContact::seq));
        ContactBook book = restoreAll(workspace, ordered, ids, rules);
        Map<String, StoredContact> byId = new LinkedHashMap<>();
        ordered.forEach(s -> byId.put(s.id(), s));
        if (operation == Operation.DELETE) {
            return book.delete(targetId).map(gone -> new Plan(operation, targetId, false, null, byId.get(targetId).seq(), null,
                    List.of(), List.of(), List.of(), null, Codec.deletion(targetId)));
        }
        Either<UpsertFailure, UpsertOutcome> result;
        switch (operation) {
            case UPSERT:
                result = book.upsert(command, now);
                break;
            case CREATE:
                result = book.create(command, now);
                break;
            default:
                result = book.update(targetId, command, now);
                break;
        }
        return result.map(outcome -> plan(operation, command, outcome, byId, book.lastAudit(seq), seq,
                book.stampsOf(outcome.contact().id()).orElseThrow().attributes().keySet()));
    }

    private static Plan plan(Operation operation, UpsertCommand command, UpsertOutcome outcome, Map<String, StoredContact> byId,
                             AuditEntry audit, long seq, Set<String> places) {
        Contact contact = outcome.contact();
        List<StoredContact> involved = new ArrayList<>();
        if (!outcome.created()) {
            involved.add(byId.get(contact.id()));
        }
        outcome.contactsMerged().forEach(m -> involved.add(byId.get(m)));
        ContactState state = stateAfter(command, contact, involved, seq, places);
        long contactSeq = outcome.created() ? seq : byId.get(contact.id()).seq();
        String decision = Codec.audit(audit, outcome.identifiersRemoved(), outcome.removalsIgnored());
        return new Plan(operation, contact.id(), outcome.created(), contact, contactSeq, state, outcome.contactsMerged(),
                outcome.identifiersAdded(), outcome.identifiersRemoved(), outcome, decision);
    }

    /**
     * The stored state after the command: the engine's contact, with each value's write sequence. A
     * merge keeps, per value, the most recent write among the contacts joined; the command's own
     * writes carry its sequence (a removal is recorded only where some value or removal was).
     * The attributes, removals included, are kept in the order of the engine's places for them ({@code places}: the
     * order first written, which a removal keeps and a value written again takes back), so that the contact's attributes
     * read back in the engine's order. Checked against the engine's result, so store and engine cannot drift apart silently.
     */
    public static ContactState stateAfter(UpsertCommand command, Contact contact, List<StoredContact> involved, long seq,
                                          Set<String> places) {
        Map<String, ContactState.Stamp> attributes = new LinkedHashMap<>();
        ContactState.Stamp owner = null;
        ContactState.Stamp language = null;
        for (StoredContact s : involved) {
            for (Map.Entry<String, ContactState.Stamp> e : s.state().attributes().entrySet()) {
                attributes.merge(e.getKey(), e.getValue(), Decider::newer);
            }
            owner = newer(owner, s.state().owner());
            language = newer(language, s.state().language());
        }
        for (Map.Entry<String, AttributeChange> e : command.attributes().entrySet()) {
            if (e.getValue() instanceof AttributeChange.Set set) {
                attributes.put(e.getKey(), new ContactState.Stamp(set.value(), seq));
            } else if (attributes.containsKey(e.getKey())) {
                attributes.put(e.getKey(), new ContactState.Stamp(null, seq));
            }
        }
        if (command.owner().isPresent()) {
            owner = new ContactState.Stamp(command.owner().get().isRemoval() ? null : AttributeValue.of(command.owner().get().newValue()), seq);
        }
        if (command.language().isPresent()) {
            language = new ContactState.Stamp(command.language().get().isRemoval() ? null : AttributeValue.of(command.language().get().newValue()), seq);
        }
        Map<String, ContactState.Stamp> ordered = new LinkedHashMap<>();
        places.forEach(name -> {
            if (attributes.containsKey(name)) {
                ordered.put(name, attributes.get(name));
            }
        });
        attributes.forEach(ordered::putIfAbsent);
        // the contacts absorbed over the contact's life: its own count, and each merged contact with its count
        int merges = Math.max(0, involved.size() - 1);
        for (StoredContact s : involved) {
            merges += s.state().merges();
        }
        ContactState state = new ContactState(contact.identifiers(), ordered, contact.lists(), contact.accounts(), owner, language, merges);
        Contact check = state.toContact(contact.id(), contact.workspace(), contact.createdAt(), contact.updatedAt());
        if (!check.equals(contact) || !sameAttributeOrder(check, contact)) {
            throw new IllegalStateException("the store's record of value writes disagrees with the engine for contact " + contact.id());
        }
        return state;
    }

    /** Whether two contacts hold their attributes in the same order (their maps compare equal in any order). */
    private static boolean sameAttributeOrder(Contact a, Contact b) {
        return List.copyOf(a.attributes().keySet()).equals(List.copyOf(b.attributes().keySet()));
    }

    private static ContactState.Stamp newer(ContactState.Stamp a, ContactState.Stamp b) {
        if (a == null) {
            return b;
        }
        return b == null || a.seq() >= b.seq() ? a : b;
    }

    /**
     * A book holding the given contacts (in creation order) with their values written in the order of
     * the commands that wrote them, removals included, so that a merge in this book resolves values
     * as it would have in a book that had seen every command; each contact's attributes keep their stored order.
     */
    public static ContactBook restoreAll(String workspace, List<StoredContact> ordered, Supplier<String> ids) {
        return restore(workspace, ordered, ids);
    }

    /**
     * As {@link #restoreAll(String, List, Supplier)}, the book then obeying the rules, with each
     * contact's count of merges restored for {@code maxMergesPerContact}.
     */
    public static ContactBook restoreAll(String workspace, List<StoredContact> ordered, Supplier<String> ids, IdentityRules rules) {
        return restoreAll(workspace, ordered, ids, rules, 0);
    }

    /**
     * As {@link #restoreAll(String, List, Supplier, IdentityRules)}, the book's tables sized from the start for about
     * {@code expectedContacts} contacts (the stored ones and those a run will create), so that they do not grow by copying
     * while a run decides; the book is the same whatever the size.
     */
    public static ContactBook restoreAll(String workspace, List<StoredContact> ordered, Supplier<String> ids, IdentityRules rules,
                                         int expectedContacts) {
        ContactBook book = restore(workspace, ordered, ids, expectedContacts);
        if (!rules.isNone()) {
            book.useRules(rules);
            for (StoredContact s : ordered) {
                if (s.state().merges() > 0) {
                    book.restoreMergeCount(s.id(), s.state().merges());
                }
            }
        }
        return book;
    }

    static ContactBook restore(String workspace, List<StoredContact> ordered, Supplier<String> ids) {
        return restore(workspace, ordered, ids, 0);
    }

    static ContactBook restore(String workspace, List<StoredContact> ordered, Supplier<String> ids, int expectedContacts) {
        ContactBook book = new ContactBook(workspace, ids, Math.max(ordered.size() + 1, expectedContacts));
        TreeMap<Long, Map<String, UpsertCommand.Builder>> writes = new TreeMap<>();
        for (StoredContact s : ordered) {
            ContactState st = s.state();
            Contact bare = Contact.builder(s.id(), workspace, s.createdAt()).updatedAt(s.updatedAt())
                    .identifiers(st.identifiers()).lists(st.lists()).accounts(st.accounts()).build();
            book.restore(bare).getOrElseThrow(f -> new IllegalStateException("stored contacts overlap: " + f.message()));
            // the engine records a removal only over an existing place, and places an attribute where it was first written:
            // when the stored order is not that of the writes, or holds a removal, every place is made first, in order
            boolean places = false;
            long last = Long.MIN_VALUE;
            for (ContactState.Stamp stamp : st.attributes().values()) {
                places |= stamp.value() == null || stamp.seq() < last;
                last = Math.max(last, stamp.seq());
            }
            UpsertCommand.Builder placed = places ? UpsertCommand.builder() : null;
            for (Map.Entry<String, ContactState.Stamp> e : st.attributes().entrySet()) {
                ContactState.Stamp stamp = e.getValue();
                UpsertCommand.Builder w = writes.computeIfAbsent(stamp.seq(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(s.id(), k -> UpsertCommand.builder());
                if (placed != null) {
                    placed.change(e.getKey(), AttributeChange.set(PLACEHOLDER));
                }
                if (stamp.value() == null) {
                    w.remove(e.getKey());
                } else {
                    w.change(e.getKey(), AttributeChange.set(stamp.value()));
                }
            }
            if (st.owner() != null) {
                writes.computeIfAbsent(st.owner().seq(), k -> new LinkedHashMap<>()).computeIfAbsent(s.id(), k -> UpsertCommand.builder())
                        .owner(st.owner().value() == null ? null : st.owner().value().toString());
            }
            if (st.language() != null) {
                writes.computeIfAbsent(st.language().seq(), k -> new LinkedHashMap<>()).computeIfAbsent(s.id(), k -> UpsertCommand.builder())
                        .language(st.language().value() == null ? null : st.language().value().toString());
            }
            if (placed != null) {
                write(book, s, placed);
            }
        }
        Map<String, StoredContact> byId = new LinkedHashMap<>();
        ordered.forEach(s -> byId.put(s.id(), s));
        writes.values().forEach(group -> group.forEach((id, w) -> write(book, byId.get(id), w)));
        for (StoredContact s : ordered) {
            Contact restored = book.get(s.id()).orElseThrow();
            Contact stored = s.toContact(workspace);
            if (!restored.equals(stored) || !sameAttributeOrder(restored, stored)) {
                throw new IllegalStateException("stored contact " + s.id() + " does not restore to itself");
            }
        }
        return book;
    }

    private static void write(ContactBook book, StoredContact s, UpsertCommand.Builder w) {
        var built = w.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalStateException("stored values of contact " + s.id() + " no longer validate: " + built.getError().mkString("; "));
        }
        UpsertCommand c = built.get();
        // stamped with the contact's own update time, which is what the engine would have left there
        book.update(s.id(), c, Objects.requireNonNull(s.updatedAt())).getOrElseThrow(f -> new IllegalStateException(f.message()));
    }
}
