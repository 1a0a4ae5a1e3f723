package io.contactkit.domain;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of one contact inside a {@link ContactBook} beyond its identifiers and timestamps:
 * attributes, list and account memberships, owner and language, each remembering the number of the
 * command that wrote it (so that {@code merge} resolves them by last write). Only contacts that were
 * given such values have one, which keeps identifier-only contacts (the bulk of a deduplication run)
 * down to a few array slots. Never leaves the package.
 */
final class ContactValues {

    // the attributes in the order first written, in three small arrays rather than a map of Stamped
    // entries: a deduplication run keeps one of these per contact with attributes until its end, and
    // the arrays take about a third of a map's memory. names[i] was last written with values[i] by
    // command stamps[i]; a null value records a removal. stamps is null while every place was written by one command,
    // firstStamp (a new contact's values, most of a deduplication run's, which it keeps to the end: one array less each)
    private static final String[] NO_NAMES = {};
    private static final AttributeValue[] NO_VALUES = {};
    private static final long[] NO_STAMPS = {};
    private String[] names = NO_NAMES;
    private AttributeValue[] values = NO_VALUES;
    private long[] stamps = NO_STAMPS;
    private long firstStamp;
    private int size;
    // names and values are a command's arrays (see UpsertCommand.setNames), taken over by a new contact: read-only,
    // copied before the first write in place
    private boolean shared;
    private LinkedHashSet<String> lists;
    private LinkedHashSet<String> accounts;
    private Stamped owner;
    private Stamped language;

    ContactValues() {
    }

    /**
     * The values of a contact that {@link ContactTable} kept in its flat form (see {@link ContactTable#applyPatch}): the
     * names, read-only (a command's array), the first {@code n} values from {@code from} of {@code source}, copied, all
     * written by command {@code stamp}. The state is the one {@link #applyPatch} leaves after taking a command's arrays.
     */
    ContactValues(String[] names, Object[] source, int from, int n, long stamp) {
        load(names, source, from, n, stamp);
    }

    /**
     * Makes this (a reader's scratch, never written through) the values of a contact kept in flat form, as the
     * constructor does, reusing its own array of values when it has room.
     */
    void load(String[] names, Object[] source, int from, int n, long stamp) {
        AttributeValue[] into = values.length >= n && values != NO_VALUES ? values : new AttributeValue[Math.max(n, 4)];
        for (int k = 0; k < n; k++) {
            into[k] = (AttributeValue) source[from + k];
        }
        this.names = names;
        this.values = into;
        this.shared = true;
        this.size = n;
        this.stamps = null;
        this.firstStamp = stamp;
    }

    /** The position of an attribute, or -1. */
    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes an attribute: in its place when it was written before, else after the others. */
    void putAttribute(String name, AttributeValue value, long stamp) {
        int i = indexOf(name);
        if (i < 0) {
            append(name, value, stamp);
        } else {
            own();
            values[i] = value;
            stamps[i] = stamp;
        }
    }

    /**
     * Copies the names and values taken over from a command, and makes the stamps of places written by one command an
     * array, before they are written in place.
     */
    private void own() {
        if (shared) {
            names = names.clone();
            values = values.clone();
            shared = false;
        }
        if (stamps == null) {
            stamps = new long[names.length];
            Arrays.fill(stamps, 0, size, firstStamp);
        }
    }

    /** The number of the command that last wrote place {@code i}, as {@link #stamps()} gives it. */
    long stampAt(int i) {
        return stamps == null ? firstStamp : stamps[i];
    }

    /** Writes an attribute not held yet, after the others. */
    private void append(String name, AttributeValue value, long stamp) {
        own();
        if (size == names.length) {
            int capacity = Math.max(4, size * 2);
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
            stamps = Arrays.copyOf(stamps, capacity);
        }
        int i = size++;
        names[i] = name;
        values[i] = value;
        stamps[i] = stamp;
    }

    /** Room for the names of a command's patch not held yet, so that the arrays grow at most once per command, to just the size needed. */
    private void reserve(UpsertCommand c) {
        int more = 0;
        for (int k = 0, n = c.attributeCount(); k < n; k++) {
            if (indexOf(c.attributeName(k)) < 0) {
                more++;
            }
        }
        if (size + more > names.length) {
            own();
            int capacity = size + more;
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
            stamps = Arrays.copyOf(stamps, capacity);
        }
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
        int patched = c.attributeCount();
        String[] setNames = c.setNames();
        if (size == 0 && setNames != null) {
            // a new contact's first values (most of a deduplication run's): the command's arrays taken over as they are
            names = setNames;
            values = c.setValues();
            shared = true;
            size = setNames.length;
            stamps = null;
            firstStamp = stamp;
            changed = true;
        } else if (setNames != null && sameNames(setNames)) {
            // every place written again, in its order (a file's row updating a contact made from a row with the same
            // columns filled): the state is the one a new contact taking the command's arrays has, with no copy
            AttributeValue[] setValues = c.setValues();
            for (int k = 0; k < size; k++) {
                changed |= !Objects.equals(values[k], setValues[k]);
            }
            names = setNames;
            values = setValues;
            shared = true;
            stamps = null;
            firstStamp = stamp;
        } else if (patched > 0) {
            // a contact's first values: every name of the patch (each once) is new, no need to look for it
            boolean fresh = size == 0;
            if (fresh) {
                if (patched > names.length) {
                    names = new String[patched];
                    values = new AttributeValue[patched];
                    stamps = new long[patched];
                }
            } else if (size + patched > names.length) {
                reserve(c);
            }
            if (setNames != null) {
                // every change sets a value: the command's arrays, in the patch's order
                AttributeValue[] setValues = c.setValues();
                for (int k = 0; k < setNames.length; k++) {
                    changed |= write(setNames[k], setValues[k], fresh, stamp);
                }
            } else {
                for (int k = 0; k < patched; k++) {
                    AttributeValue next = c.attributeChange(k) instanceof AttributeChange.Set s ? s.value() : null;
                    changed |= write(c.attributeName(k), next, fresh, stamp);
                }
            }
        }
        if (c.hasMembershipChanges()) {
            changed |= applyMemberships(c);
        }
        if (c.hasTextChanges()) {
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
        }
        return changed;
    }

    /** Whether the places are exactly these names, in this order (a command's names are distinct). */
    private boolean sameNames(String[] setNames) {
        if (setNames.length != size) {
            return false;
        }
        if (setNames == names) {
            return true;
        }
        for (int k = 0; k < size; k++) {
            if (!names[k].equals(setNames[k])) {
                return false;
            }
        }
        return true;
    }

    /** One change of a patch: sets (or, {@code next} null, removes) a value; whether the contact changed. */
    private boolean write(String name, AttributeValue next, boolean fresh, long stamp) {
        int i = fresh ? -1 : indexOf(name);
        if (i >= 0) {
            boolean changed = !Objects.equals(values[i], next);
            own();
            values[i] = next;
            stamps[i] = stamp;
            return changed;
        }
        if (next != null) {
            append(name, next, stamp);
            return true;
        }
        return false;
    }

    private boolean applyMemberships(UpsertCommand c) {
        boolean changed = false;
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
        return changed;
    }

    private static Stamped text(TextChange change, long stamp) {
        String value = change.newValue();
        return new Stamped(value == null ? null : new AttributeValue.Text(value), stamp);
    }

    private static boolean sameValue(Stamped a, Stamped b) {
        return Objects.equals(a == null ? null : a.value(), b == null ? null : b.value());
    }

    /** Takes over another contact's values: the last write wins, memberships are united. */
    void absorb(ContactValues gone) {
        for (int g = 0; g < gone.size; g++) {
            int mine = indexOf(gone.names[g]);
            if (mine < 0 || gone.stampAt(g) > stampAt(mine)) {
                putAttribute(gone.names[g], gone.values[g], gone.stampAt(g));
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
        Map<String, Long> written = new java.util.LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            written.put(names[i], stampAt(i));
        }
        return new ValueStamps(written, owner == null ? -1 : owner.stamp(), language == null ? -1 : language.stamp());
    }

    /** How many attribute places there are: {@link #nameAt} and {@link #valueAt} read them in the order first written. */
    int attributePlaces() {
        return size;
    }

    String nameAt(int i) {
        return names[i];
    }

    /** The attribute's value, or {@code null} when it was removed (a contact built from these values leaves it out). */
    AttributeValue valueAt(int i) {
        return values[i];
    }

    /** The owner and the number of the command that wrote it, or {@code null} when never written. */
    Stamped ownerStamped() {
        return owner;
    }

    /** The language and the number of the command that wrote it, or {@code null} when never written. */
    Stamped languageStamped() {
        return language;
    }

    /** The lists, in the order joined, or {@code null} for none. */
    Set<String> listsOrNull() {
        return lists;
    }

    /** The accounts, in the order joined, or {@code null} for none. */
    Set<String> accountsOrNull() {
        return accounts;
    }

    /** Adds these values to a contact being built. */
    void addTo(Contact.Builder b) {
        for (int i = 0; i < size; i++) {
            if (values[i] != null) {
                b.attribute(names[i], values[i]);
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
