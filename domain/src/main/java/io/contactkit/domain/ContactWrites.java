package io.contactkit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change a {@link ContactBook} makes to its contacts, once a command has been planned (so a
 * failed command never gets here): creating and updating the contact a {@link StrategyPlanner}
 * chose, absorbing merged contacts into their survivor, removing identifiers, deleting and
 * restoring contacts. Each applied command is numbered, and attribute, owner and language values
 * remember the number of the command that wrote them (how {@code merge} resolves them by last
 * write). Every write counts in {@link ContactTable#mutations} and drops the contacts it changes from
 * the {@link SnapshotCache}. Not thread-safe; never leaves the package.
 */
final class ContactWrites {

    private final ContactTable table;
    private final ContactIds ids;
    private final IdentifierLists lists;
    private final UnionFind merges;
    private final SnapshotCache cache;
    private long commandCount;

    ContactWrites(ContactTable table, ContactIds ids, IdentifierLists lists, UnionFind merges, SnapshotCache cache) {
        this.table = table;
        this.ids = ids;
        this.lists = lists;
        this.merges = merges;
        this.cache = cache;
    }

    /**
     * Creates a contact for the traced command with all its identifiers, or only the first when
     * {@code adds} is {@link DecisionTrace#ADD_FIRST}; returns {@link DecisionTrace#APPLIED}.
     */
    int create(DecisionTrace t, int adds, Instant now) {
        int c = newContact(ids.derived() ? null : ids.next(), now);
        t.created = true;
        List<Identifier> given = t.command.identifiers();
        int[] hashes = t.command.identifierHashes();
        int n = adds == DecisionTrace.ADD_FIRST ? 1 : given.size();
        for (int i = 0; i < n; i++) {
            lists.add(c, given.get(i), hashes[i]);
        }
        return finish(t, c, adds, true, now);
    }

    /**
     * Applies the traced command to contact {@code c}: adds the identifiers nobody owned when
     * {@code adds} is {@link DecisionTrace#ADD_UNOWNED}; returns {@link DecisionTrace#APPLIED}.
     */
    int update(DecisionTrace t, int c, int adds, Instant now) {
        boolean changed = t.mergedCount > 0;
        if (adds == DecisionTrace.ADD_UNOWNED) {
            List<Identifier> given = t.command.identifiers();
            int[] owners = t.owners;
            int[] hashes = t.command.identifierHashes();
            for (int i = 0, n = given.size(); i < n; i++) {
                if (owners[i] == ContactTable.NONE) {
                    lists.add(c, given.get(i), hashes[i]);
                    changed = true;
                }
            }
        }
        return finish(t, c, adds, changed, now);
    }

    /** How many commands have been applied: the number of the last one, which stamps its writes. */
    long commandCount() {
        return commandCount;
    }

    private int finish(DecisionTrace t, int c, int adds, boolean changed, Instant now) {
        long stamp = ++commandCount;
        UpsertCommand command = t.command;
        if (command.hasRemovals()) {
            changed |= removeIdentifiers(t, c);
            lists.compactIfWasteful();
        }
        if (command.hasValueChanges()) {
            changed |= table.applyPatch(c, command, stamp);
        }
        table.mutations++;
        t.target = c;
        t.adds = adds;
        t.changed = changed;
        if (changed) {
            cache.forget(c);
            if (!t.created) {
                table.setUpdatedAt(c, now);
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

    /** Retires {@code gone} into {@code survivor}: its identifiers join the survivor's list, its values are absorbed. */
    void absorb(int survivor, int gone) {
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

    private int newContact(String id, Instant created) {
        int c = table.add(created);
        ids.assign(c, id);
        return c;
    }

    /** Deletes live contact {@code c}, whose id is {@code contactId}, and frees its identifiers. */
    void delete(int c, String contactId) {
        lists.clear(c);
        table.setFlags(c, ContactTable.DELETED);
        table.setValues(c, null);
        cache.forget(c);
        ids.forget(contactId);
        table.live--;
        table.mutations++;
        lists.compactIfWasteful();
    }

    /** Adds a contact whose id and identifiers are known to be free, with its id, timestamps and values; returns its number. */
    int restore(Contact contact) {
        // an id from outside could be one the counter will produce later: from now on ids are stored and checked
        ids.store(table);
        table.mutations++;
        int c = newContact(contact.id(), contact.createdAt());
        table.setUpdatedAt(c, contact.updatedAt());
        for (Identifier i : contact.identifiers()) {
            lists.add(c, i, IdentifierTable.hash(i));
        }
        if (!contact.attributes().isEmpty() || !contact.lists().isEmpty() || !contact.accounts().isEmpty()
                || contact.owner().isPresent() || contact.language().isPresent()) {
            table.setValues(c, ContactValues.of(contact));
        }
        return c;
    }
}
