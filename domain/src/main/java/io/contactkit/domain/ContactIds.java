package io.contactkit.domain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The id scheme of a {@link ContactBook}: contact number to id and back.
 *
 * <p>Ids come from the caller's generator, or, in a book that numbers its own, from a counter:
 * {@code prefix1}, {@code prefix2}, ... in creation order. While every contact's id is the prefix
 * followed by its number + 1, ids are <em>derived</em>: nothing is stored, and an id is read back
 * by parsing it. Once an id from outside arrives ({@link ContactBook#restore}), it could be one the
 * counter will produce later, so from then on every id is stored and checked ({@link #store}).
 * Not thread-safe; never leaves the package.
 */
final class ContactIds {

    private final Supplier<String> generator;
    // non-null for books that number their own ids: prefix1, prefix2, ...
    private final String prefix;
    private long counted;
    // true while every contact's id is prefix + (number + 1), so ids need not be stored
    private boolean derived;
    // live and retired contacts by id (deleted ones are dropped); null while ids are derived
    private HashMap<String, Integer> byId;
    private String[] idOf;

    /** Ids from {@code generator}, or counted after {@code prefix} when it is not {@code null}. */
    ContactIds(Supplier<String> generator, String prefix, int expectedContacts) {
        this.generator = generator;
        this.prefix = prefix;
        this.derived = prefix != null;
        if (!derived) {
            byId = new HashMap<>();
            idOf = new String[Math.max(16, expectedContacts)];
        }
    }

    /** True while ids are derived from contact numbers: a new contact needs no id of its own. */
    boolean derived() {
        return derived;
    }

    /**
     * A fresh id for a new contact, when ids are stored.
     *
     * @throws IllegalStateException when the generator returns an empty or repeated id
     */
    String next() {
        String id = prefix != null ? prefix + (++counted) : generator.get();
        if (id == null || id.isEmpty() || byId.containsKey(id)) {
            throw new IllegalStateException("the id generator returned an empty or repeated id: " + id);
        }
        return id;
    }

    /** Gives contact {@code c}, just numbered, its id: {@code null} while ids are derived. */
    void assign(int c, String id) {
        if (derived) {
            counted++;
            return;
        }
        if (c >= idOf.length) {
            idOf = Arrays.copyOf(idOf, Math.max(c + 1, ContactTable.grownCapacity(idOf.length)));
        }
        idOf[c] = id;
        byId.put(id, c);
    }

    /** The prefix of every id while ids are derived (contact number {@code c}'s id is the prefix followed by {@code c + 1}), else {@code null}. */
    String derivedPrefix() {
        return derived ? prefix : null;
    }

    /** The id of a contact number. */
    String id(int c) {
        return derived ? prefix + (c + 1) : idOf[c];
    }

    /** The number of a live or retired contact, or {@link ContactTable#NONE} (also for deleted ones). */
    int number(String contactId, ContactTable contacts) {
        if (contactId == null) {
            return ContactTable.NONE;
        }
        if (!derived) {
            Integer c = byId.get(contactId);
            return c == null ? ContactTable.NONE : c;
        }
        // prefix followed by the decimal number from 1, as next() writes it
        int p = prefix.length();
        int digits = contactId.length() - p;
        if (digits < 1 || digits > 10 || !contactId.startsWith(prefix) || contactId.charAt(p) == '0') {
            return ContactTable.NONE;
        }
        long n = 0;
        for (int i = p; i < contactId.length(); i++) {
            char ch = contactId.charAt(i);
            if (ch < '0' || ch > '9') {
                return ContactTable.NONE;
            }
            n = n * 10 + (ch - '0');
        }
        if (n > contacts.count) {
            return ContactTable.NONE;
        }
        int c = (int) (n - 1);
        return contacts.isDeleted(c) ? ContactTable.NONE : c;
    }

    /** Each stored id with the number it finds (live and retired contacts); only when ids are not {@link #derived()}. */
    void forEachStored(ObjIntConsumer<String> action) {
        byId.forEach(action::accept);
    }

    /** Forgets the id of a deleted contact, so that it no longer finds a number. */
    void forget(String contactId) {
        if (byId != null) {
            byId.remove(contactId);
        }
    }

    /** Stops deriving ids from numbers: from now on each contact's id is stored. */
    void store(ContactTable contacts) {
        if (!derived) {
            return;
        }
        int count = contacts.count;
        idOf = new String[contacts.capacity()];
        byId = new HashMap<>(Math.max(16, count * 2));
        for (int c = 0; c < count; c++) {
            idOf[c] = prefix + (c + 1);
            if (!contacts.isDeleted(c)) {
                byId.put(idOf[c], c);
            }
        }
        derived = false;
    }
}
