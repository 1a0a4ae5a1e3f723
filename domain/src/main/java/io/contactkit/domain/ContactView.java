package io.contactkit.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One contact of a {@link ContactBook} at a time, read in place from the book's state: what the
 * {@link Contact} built from it gives for its id, identifiers, attributes, display name and anonymity
 * (and, in a deduplication run, the records behind it), without building that contact, its lists,
 * its map or its identifiers. For writing many contacts out: a walk
 * ({@link ContactBook#viewContacts}, {@link Deduplicator#viewContacts}) moves one view from contact
 * to contact, so a view is valid only inside the call that hands it over. Reads only, and tidies
 * nothing; not thread-safe: each walk has a view of its own.
 *
 * <p>Identifiers and attributes are read with a cursor: {@link #nextIdentifier()} moves to the
 * contact's next identifier (the first, after the view moved to a contact), in the order of
 * {@link Contact#identifiers()}; {@link #nextAttribute()} likewise through {@link Contact#attributes()}.
 */
public final class ContactView {

    private final ContactIds ids;
    private final ContactTable table;
    private final IdentifierLists lists;

    private int contact = ContactTable.NONE;
    private IdentifierTable index;
    private int ref = IdentifierTable.NO_REF;
    private int nextRef = IdentifierTable.NO_REF;
    private ContactValues values;
    // where the values of a contact the table keeps flat are loaded, so that a walk builds no object per contact
    private final ContactValues scratch = new ContactValues();
    private int attribute;
    private int nextAttribute;
    private long[] sources;
    private int sourceCount;

    ContactView(ContactIds ids, ContactTable table, IdentifierLists lists) {
        this.ids = ids;
        this.table = table;
        this.lists = lists;
    }

    /** Moves to contact number {@code c}, a live one; with no records behind it until {@link #sources(long[], int)} gives them. */
    void moveTo(int c) {
        contact = c;
        index = lists.index();
        ref = IdentifierTable.NO_REF;
        nextRef = table.head(c);
        values = table.values(c, scratch);
        attribute = -1;
        nextAttribute = 0;
        sources = null;
        sourceCount = 0;
    }

    /** The contact's source records: the first {@code n} of {@code records}, ascending (the array stays the caller's, reused). */
    void sources(long[] records, int n) {
        sources = records;
        sourceCount = n;
    }

    /**
     * Gives the contact the view is at its source records, for {@link #hasSources()}, {@link #sourceCount()} and
     * {@link #source(int)} until the view moves on: the first {@code n} of {@code records}, ascending (the array stays
     * the caller's, and must not change while the view is at the contact). For a walk of a {@link ContactBook} by a
     * caller that knows the records behind each contact itself (by its {@link #position()}), as a deduplication run
     * into a store does; a {@link Deduplicator}'s walk gives them itself.
     *
     * @param records the records, ascending, in its first {@code n} places
     * @param n       how many
     * @throws IndexOutOfBoundsException when {@code n} is negative or more than {@code records} holds
     */
    public void withSources(long[] records, int n) {
        Objects.checkFromToIndex(0, n, records.length);
        sources(records, n);
    }

    /** {@return the contact's creation position in its book, as {@link ContactBook#positionOf(String)} gives for its id} */
    public long position() {
        return contact;
    }

    /** {@return the contact's id, as {@link Contact#id()}} */
    public String id() {
        return ids.id(contact);
    }

    /**
     * The contact's id as a prefix and a number, for writing it without building it: while the book numbers its own
     * ids, every id is this prefix followed by the decimal {@link #position()} + 1, and this gives the prefix;
     * otherwise {@code null}, and {@link #id()} gives the id.
     *
     * @return the prefix of the derived id, or {@code null}
     */
    public @Nullable String derivedIdPrefix() {
        return ids.derivedPrefix();
    }

    /**
     * Moves to the contact's next identifier: the first one after the view moved to the contact.
     *
     * @return false when there is none left
     */
    public boolean nextIdentifier() {
        if (nextRef == IdentifierTable.NO_REF) {
            ref = IdentifierTable.NO_REF;
            return false;
        }
        ref = nextRef;
        nextRef = index.next(ref);
        return true;
    }

    /**
     * The key of the identifier the cursor is at, as {@link Identifier#key()}.
     *
     * @return the key
     * @throws IllegalStateException when the cursor is at no identifier
     */
    public String key() {
        return index.key(current());
    }

    /**
     * Copies the value of the identifier the cursor is at, as {@link Identifier#value()}, into the start
     * of {@code into}, building no string.
     *
     * @param into where the characters go: {@link Identifier#MAX_VALUE_LENGTH} characters always suffice
     * @return how many characters the value has
     * @throws IllegalStateException     when the cursor is at no identifier
     * @throws IndexOutOfBoundsException when {@code into} is shorter than the value
     */
    public int value(char[] into) {
        return index.value(current(), into);
    }

    /**
     * Copies the value of the identifier the cursor is at, as {@link Identifier#value()}, into {@code into} at
     * {@code at} as ISO-8859-1 bytes (one per character) when every character of it is below U+0100, building
     * nothing; otherwise copies nothing (then {@link #value(char[])} gives it).
     *
     * @param into where the bytes go: {@link Identifier#MAX_VALUE_LENGTH} bytes from {@code at} always suffice
     * @param at   where the first byte goes
     * @return how many bytes (characters) were copied, or -1 when the value has a character beyond ISO-8859-1
     * @throws IllegalStateException     when the cursor is at no identifier
     * @throws IndexOutOfBoundsException when {@code into} has no room for the value at {@code at}
     */
    public int latin1Value(byte[] into, int at) {
        return index.latin1Value(current(), into, at);
    }

    /**
     * The value of the identifier the cursor is at, as {@link Identifier#value()}, as a new string.
     *
     * @return the value
     * @throws IllegalStateException when the cursor is at no identifier
     */
    public String value() {
        return index.identifier(current()).value();
    }

    /**
     * Whether the identifier the cursor is at is a visitor id ({@link Identifier#isVisitor()}).
     *
     * @return true for a {@code visitorid}
     * @throws IllegalStateException when the cursor is at no identifier
     */
    public boolean isVisitor() {
        return Identifier.VISITOR.equals(key());
    }

    private int current() {
        if (ref == IdentifierTable.NO_REF) {
            throw new IllegalStateException("the cursor is at no identifier: call nextIdentifier() first");
        }
        return ref;
    }

    /**
     * Moves to the contact's next attribute: the first one after the view moved to the contact.
     *
     * @return false when there is none left
     */
    public boolean nextAttribute() {
        ContactValues v = values;
        if (v == null) {
            return false;
        }
        int n = v.attributePlaces();
        int i = nextAttribute;
        // a removed attribute keeps its place with no value: a built contact leaves it out
        while (i < n && v.valueAt(i) == null) {
            i++;
        }
        if (i >= n) {
            attribute = -1;
            nextAttribute = n;
            return false;
        }
        attribute = i;
        nextAttribute = i + 1;
        return true;
    }

    /**
     * The name of the attribute the cursor is at.
     *
     * @return the name
     * @throws IllegalStateException when the cursor is at no attribute
     */
    public String attributeName() {
        return values.nameAt(currentAttribute());
    }

    /**
     * The value of the attribute the cursor is at.
     *
     * @return the value
     * @throws IllegalStateException when the cursor is at no attribute
     */
    public AttributeValue attributeValue() {
        return values.valueAt(currentAttribute());
    }

    private int currentAttribute() {
        if (attribute < 0) {
            throw new IllegalStateException("the cursor is at no attribute: call nextAttribute() first");
        }
        return attribute;
    }

    /**
     * The display name, as {@link Contact#displayName()}: the {@code displayName} text attribute, else the
     * {@code firstName} one (each stripped, and only when not blank), else the value of the first e-mail
     * identifier, else of the first phone identifier. Moves neither cursor.
     *
     * @return the name, or {@code null} when there is none
     */
    public @Nullable String displayName() {
        String named = text(Contact.DISPLAY_NAME);
        if (named == null) {
            named = text(Contact.FIRST_NAME);
        }
        if (named != null) {
            return named;
        }
        int phone = IdentifierTable.NO_REF;
        for (int r = table.head(contact); r != IdentifierTable.NO_REF; r = index.next(r)) {
            String key = index.key(r);
            if (Identifier.EMAIL.equals(key)) {
                return index.identifier(r).value();
            }
            if (phone == IdentifierTable.NO_REF && Identifier.PHONE.equals(key)) {
                phone = r;
            }
        }
        return phone == IdentifierTable.NO_REF ? null : index.identifier(phone).value();
    }

    private @Nullable String text(String name) {
        ContactValues v = values;
        if (v == null) {
            return null;
        }
        for (int i = 0, n = v.attributePlaces(); i < n; i++) {
            if (v.nameAt(i).equals(name)) {
                return v.valueAt(i) instanceof AttributeValue.Text t && !t.value().isBlank() ? t.value().strip() : null;
            }
        }
        return null;
    }

    /**
     * Whether the contact is anonymous, as {@link Contact#isAnonymous()}: no identifiers, or only visitor
     * ids. Moves neither cursor.
     *
     * @return true when anonymous
     */
    public boolean isAnonymous() {
        for (int r = table.head(contact); r != IdentifierTable.NO_REF; r = index.next(r)) {
            if (!Identifier.VISITOR.equals(index.key(r))) {
                return false;
            }
        }
        return true;
    }

    /** {@return when the contact was created, as {@link Contact#createdAt()}} */
    public Instant createdAt() {
        return table.createdAt(contact);
    }

    /** {@return when the contact last changed, as {@link Contact#updatedAt()}} */
    public Instant updatedAt() {
        return table.updatedAt(contact);
    }

    /**
     * How many attribute places the contact has: its attributes and the ones removed from it (a removal keeps its place,
     * with no value), in the order first written, as {@link ContactBook#stampsOf} gives them. Moves neither cursor.
     *
     * @return the number of places
     */
    public int attributePlaces() {
        return values == null ? 0 : values.attributePlaces();
    }

    /**
     * The name of attribute place {@code i}.
     *
     * @param i the place, from 0 to {@link #attributePlaces()} - 1
     * @return the name
     * @throws IndexOutOfBoundsException when {@code i} is no place
     */
    public String attributeNameAt(int i) {
        return values.nameAt(Objects.checkIndex(i, attributePlaces()));
    }

    /**
     * The value at attribute place {@code i}, as {@link Contact#attributes()} holds it for the place's name.
     *
     * @param i the place, from 0 to {@link #attributePlaces()} - 1
     * @return the value, or {@code null} when the attribute was removed
     * @throws IndexOutOfBoundsException when {@code i} is no place
     */
    public @Nullable AttributeValue attributeValueAt(int i) {
        return values.valueAt(Objects.checkIndex(i, attributePlaces()));
    }

    /**
     * The number of the command that last wrote attribute place {@code i}, as {@link ValueStamps#attributes()} gives
     * it for the place's name.
     *
     * @param i the place, from 0 to {@link #attributePlaces()} - 1
     * @return the command's number
     * @throws IndexOutOfBoundsException when {@code i} is no place
     */
    public long attributeStampAt(int i) {
        return values.stampAt(Objects.checkIndex(i, attributePlaces()));
    }

    /** {@return the ids of the lists the contact is on, in order, as {@link Contact#lists()}} */
    public Collection<String> lists() {
        Set<String> lists = values == null ? null : values.listsOrNull();
        return lists == null ? Set.of() : Collections.unmodifiableSet(lists);
    }

    /** {@return the ids of the accounts the contact belongs to, in order, as {@link Contact#accounts()}} */
    public Collection<String> accounts() {
        Set<String> accounts = values == null ? null : values.accountsOrNull();
        return accounts == null ? Set.of() : Collections.unmodifiableSet(accounts);
    }

    /** {@return the owner, as {@link Contact#owner()}, or {@code null}} */
    public @Nullable String owner() {
        return text(values == null ? null : values.ownerStamped());
    }

    /** {@return the number of the command that last wrote the owner, as {@link ValueStamps#owner()}: -1 when none did} */
    public long ownerStamp() {
        Stamped s = values == null ? null : values.ownerStamped();
        return s == null ? -1 : s.stamp();
    }

    /** {@return the language, as {@link Contact#language()}, or {@code null}} */
    public @Nullable String language() {
        return text(values == null ? null : values.languageStamped());
    }

    /** {@return the number of the command that last wrote the language, as {@link ValueStamps#language()}: -1 when none did} */
    public long languageStamp() {
        Stamped s = values == null ? null : values.languageStamped();
        return s == null ? -1 : s.stamp();
    }

    private static @Nullable String text(@Nullable Stamped s) {
        return s == null || s.value() == null ? null : s.value().toString();
    }

    /**
     * Whether the walk gives the records behind the contact (a deduplication run's does).
     *
     * @return true when {@link #sourceCount()} and {@link #source(int)} tell them
     */
    public boolean hasSources() {
        return sources != null;
    }

    /**
     * How many records are behind the contact.
     *
     * @return the number of source records, 0 when the walk gives none
     */
    public int sourceCount() {
        return sourceCount;
    }

    /**
     * A record behind the contact, as {@link DedupContact#sourceRecords()}: ascending.
     *
     * @param k the position, from 0 to {@link #sourceCount()} - 1
     * @return the record's number
     * @throws IndexOutOfBoundsException when {@code k} is not such a position
     */
    public long source(int k) {
        Objects.checkIndex(k, sourceCount);
        return sources[k];
    }
}
