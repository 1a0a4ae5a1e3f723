package io.contactkit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The mutable state of one contact inside a {@link ContactBook}. Never leaves the package. */
final class ContactRecord {

    final String id;
    final long position;
    final Instant createdAt;
    Instant updatedAt;
    // a list, not a set: distinct by construction, since only identifiers the index maps to no
    // contact are ever added (and a command's own identifiers are distinct)
    final ArrayList<Identifier> identifiers = new ArrayList<>(4);
    private LinkedHashMap<String, Stamped> attributes;
    private LinkedHashSet<String> lists;
    private LinkedHashSet<String> accounts;
    Stamped owner;
    Stamped language;
    boolean dead;
    boolean mark;
    Contact cached;
    /** The source records behind this contact when a {@link Deduplicator} drives the book; slot 0 holds the count. */
    long[] sources;

    ContactRecord(String id, long position, Instant createdAt) {
        this.id = id;
        this.position = position;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Created earlier: by creation time, then by creation position. */
    boolean isOlderThan(ContactRecord o) {
        int c = createdAt.compareTo(o.createdAt);
        return c != 0 ? c < 0 : position < o.position;
    }

    void putAttribute(String name, AttributeValue value, long stamp) {
        if (attributes == null) {
            attributes = new LinkedHashMap<>(8);
        }
        attributes.put(name, new Stamped(value, stamp));
    }

    void addList(String listId) {
        if (lists == null) {
            lists = new LinkedHashSet<>(4);
        }
        lists.add(listId);
    }

    void addAccount(String accountId) {
        if (accounts == null) {
            accounts = new LinkedHashSet<>(4);
        }
        accounts.add(accountId);
    }

    /** Applies attribute, membership, owner and language changes; true when anything changed. */
    boolean applyPatch(UpsertCommand c, long stamp) {
        boolean changed = false;
        for (Map.Entry<String, AttributeChange> e : c.attributes().entrySet()) {
            AttributeValue next = e.getValue() instanceof AttributeChange.Set s ? s.value() : null;
            Stamped current = attributes == null ? null : attributes.get(e.getKey());
            AttributeValue before = current == null ? null : current.value();
            if (next == null && current == null) {
                continue;
            }
            changed |= !Objects.equals(before, next);
            putAttribute(e.getKey(), next, stamp);
        }
        for (String l : c.addToLists()) {
            if (lists == null || !lists.contains(l)) {
                addList(l);
                changed = true;
            }
        }
        for (String l : c.removeFromLists()) {
            changed |= lists != null && lists.remove(l);
        }
        for (String a : c.addToAccounts()) {
            if (accounts == null || !accounts.contains(a)) {
                addAccount(a);
                changed = true;
            }
        }
        for (String a : c.removeFromAccounts()) {
            changed |= accounts != null && accounts.remove(a);
        }
        if (c.owner().isPresent()) {
            Stamped next = text(c.owner().get(), stamp);
            changed |= !sameValue(owner, next);
            owner = next;
        }
        if (c.language().isPresent()) {
            Stamped next = text(c.language().get(), stamp);
            changed |= !sameValue(language, next);
            language = next;
        }
        return changed;
    }

    private static Stamped text(TextChange change, long stamp) {
        return new Stamped(change.isRemoval() ? null : new AttributeValue.Text(change.newValue()), stamp);
    }

    private static boolean sameValue(Stamped a, Stamped b) {
        return Objects.equals(a == null ? null : a.value(), b == null ? null : b.value());
    }

    /** Takes over another contact's values: the last write wins, memberships are united. */
    void absorbValues(ContactRecord gone) {
        if (gone.attributes != null) {
            for (Map.Entry<String, Stamped> e : gone.attributes.entrySet()) {
                Stamped mine = attributes == null ? null : attributes.get(e.getKey());
                if (mine == null || e.getValue().stamp() > mine.stamp()) {
                    if (attributes == null) {
                        attributes = new LinkedHashMap<>(8);
                    }
                    attributes.put(e.getKey(), e.getValue());
                }
            }
        }
        if (gone.lists != null) {
            gone.lists.forEach(this::addList);
        }
        if (gone.accounts != null) {
            gone.accounts.forEach(this::addAccount);
        }
        owner = newer(owner, gone.owner);
        language = newer(language, gone.language);
    }

    private static Stamped newer(Stamped mine, Stamped theirs) {
        if (theirs == null) {
            return mine;
        }
        return mine == null || theirs.stamp() > mine.stamp() ? theirs : mine;
    }

    Contact snapshot(String workspace) {
        Contact c = cached;
        if (c == null) {
            Contact.Builder b = Contact.builder(id, workspace, createdAt).updatedAt(updatedAt).identifiers(identifiers);
            if (attributes != null) {
                for (Map.Entry<String, Stamped> e : attributes.entrySet()) {
                    if (e.getValue().value() != null) {
                        b.attribute(e.getKey(), e.getValue().value());
                    }
                }
            }
            if (lists != null) {
                b.lists(lists);
            }
            if (accounts != null) {
                b.accounts(accounts);
            }
            b.owner(owner == null || owner.value() == null ? null : owner.value().toString());
            b.language(language == null || language.value() == null ? null : language.value().toString());
            c = b.build();
            cached = c;
        }
        return c;
    }

    List<Identifier> identifierList() {
        return new ArrayList<>(identifiers);
    }
}
