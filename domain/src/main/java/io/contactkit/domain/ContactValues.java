package io.contactkit.domain;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * The values of one contact inside a {@link ContactBook} beyond its identifiers and timestamps:
 * attributes, list and account memberships, owner and language, each remembering the number of the
 * command that wrote it (so that {@code merge} resolves them by last write). Only contacts that were
 * given such values have one, which keeps identifier-only contacts (the bulk of a deduplication run)
 * down to a few array slots. Never leaves the package.
 */
final class ContactValues {

    private LinkedHashMap<String, Stamped> attributes;
    private LinkedHashSet<String> lists;
    private LinkedHashSet<String> accounts;
    private Stamped owner;
    private Stamped language;

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
    void absorb(ContactValues gone) {
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

    /** When each value was written. */
    ValueStamps stamps() {
        Map<String, Long> names = new java.util.LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, s) -> names.put(name, s.stamp()));
        }
        return new ValueStamps(names, owner == null ? -1 : owner.stamp(), language == null ? -1 : language.stamp());
    }

    /** Adds these values to a contact being built. */
    void addTo(Contact.Builder b) {
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
    }

    /** Values restored from a contact read elsewhere; they count as written before any command. */
    static ContactValues of(Contact contact) {
        ContactValues v = new ContactValues();
        contact.attributes().forEach((k, value) -> v.putAttribute(k, value, 0));
        contact.lists().forEach(v::addList);
        contact.accounts().forEach(v::addAccount);
        contact.owner().ifPresent(o -> v.owner = new Stamped(new AttributeValue.Text(o), 0));
        contact.language().ifPresent(l -> v.language = new Stamped(new AttributeValue.Text(l), 0));
        return v;
    }
}
