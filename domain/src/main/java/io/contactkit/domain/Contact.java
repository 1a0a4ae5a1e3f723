package io.contactkit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A contact: an opaque id, a workspace, an ordered set of identifiers, attributes, list and account
 * memberships, an optional owner and language, and its timestamps.
 *
 * <p>Immutable. The display name, anonymity and Bridge classification are derived, never stored.
 */
public final class Contact {

    /** Attribute naming the display name. */
    public static final String DISPLAY_NAME = "displayName";
    /** Attribute naming the first name. */
    public static final String FIRST_NAME = "firstName";
    /** Attribute naming the last name. */
    public static final String LAST_NAME = "lastName";

    private final String id;
    private final String workspace;
    private final List<Identifier> identifiers;
    private final Map<String, AttributeValue> attributes;
    private final List<String> lists;
    private final List<String> accounts;
    private final String owner;
    private final String language;
    private final Instant createdAt;
    private final Instant updatedAt;

    private Contact(Builder b) {
        this.id = requireText(b.id, "id");
        this.workspace = Objects.requireNonNull(b.workspace, "workspace");
        this.identifiers = distinct(b.identifiers);
        // contacts without attributes or memberships (most of a deduplication run) copy nothing
        this.attributes = b.attributes == null || b.attributes.isEmpty()
                ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.lists = b.lists == null ? List.of() : List.copyOf(b.lists);
        this.accounts = b.accounts == null ? List.of() : List.copyOf(b.accounts);
        this.owner = b.owner;
        this.language = b.language;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
    }

    /** The identifiers without repetitions, each at its first position; few identifiers are compared pairwise, without a set. */
    private static List<Identifier> distinct(List<Identifier> given) {
        int n = given.size();
        if (n > 16) {
            return List.copyOf(new LinkedHashSet<>(given));
        }
        for (int i = 1; i < n; i++) {
            Identifier id = given.get(i);
            for (int k = 0; k < i; k++) {
                if (id.equals(given.get(k))) {
                    return List.copyOf(new LinkedHashSet<>(given));
                }
            }
        }
        return List.copyOf(given);
    }

    private static String requireText(String s, String name) {
        Objects.requireNonNull(s, name);
        if (s.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return s;
    }

    /**
     * A builder of a contact.
     *
     * @param id the contact's id
     * @param workspace its workspace
     * @param createdAt when it was made
     * @return the builder
     */
    public static Builder builder(String id, String workspace, Instant createdAt) {
        return new Builder(id, workspace, createdAt);
    }

    /**
     * A builder holding this contact's content, to derive a changed copy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id, workspace, createdAt);
        b.identifiers.addAll(identifiers);
        b.attributes(attributes);
        b.lists(lists);
        b.accounts(accounts);
        b.owner = owner;
        b.language = language;
        b.updatedAt = updatedAt;
        return b;
    }

    /** {@return the contact's id} */
    public String id() {
        return id;
    }

    /** {@return the workspace the contact belongs to} */
    public String workspace() {
        return workspace;
    }

    /** {@return identifiers in order, each once} */
    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** {@return attributes in insertion order} */
    public Map<String, AttributeValue> attributes() {
        return attributes;
    }

    /**
     * One attribute.
     *
     * @param name the attribute's name
     * @return its value; empty when the contact has none
     */
    public Optional<AttributeValue> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** {@return the ids of the lists the contact is on, in order} */
    public List<String> lists() {
        return lists;
    }

    /** {@return the ids of the accounts the contact belongs to, in order} */
    public List<String> accounts() {
        return accounts;
    }

    /** {@return the contact's owner, if it has one} */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /** {@return the contact's language, if known} */
    public Optional<String> language() {
        return Optional.ofNullable(language);
    }

    /** {@return when the contact was made} */
    public Instant createdAt() {
        return createdAt;
    }

    /** {@return when the contact last changed} */
    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * Whether the contact holds an identifier.
     *
     * @param identifier the identifier
     * @return true when it is among the contact's identifiers
     */
    public boolean owns(Identifier identifier) {
        return identifiers.contains(identifier);
    }

    /**
     * The first identifier of a key.
     *
     * @param key an identifier key
     * @return the identifier; empty when the contact has none of the key
     */
    public Optional<Identifier> firstIdentifier(String key) {
        for (Identifier i : identifiers) {
            if (i.key().equals(key)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Bird's {@code computedDisplayName}: the {@code displayName} attribute; else the {@code firstName}
     * attribute; else the first {@code emailaddress} identifier; else the first {@code phonenumber}
     * identifier; else none. Only text attributes count, stripped of surrounding white space; blank
     * ones do not.
     *
     * @return the name; empty when none of these is present
     */
    public Optional<String> displayName() {
        Optional<String> named = textOf(DISPLAY_NAME);
        if (named.isPresent()) {
            return named;
        }
        named = textOf(FIRST_NAME);
        if (named.isPresent()) {
            return named;
        }
        Optional<Identifier> email = firstIdentifier(Identifier.EMAIL);
        if (email.isPresent()) {
            return Optional.of(email.get().value());
        }
        return firstIdentifier(Identifier.PHONE).map(Identifier::value);
    }

    // only text names a contact: a number, a boolean or a list in a name attribute is data, not a name
    private Optional<String> textOf(String attribute) {
        return attributes.get(attribute) instanceof AttributeValue.Text t && !t.value().isBlank()
                ? Optional.of(t.value().strip())
                : Optional.empty();
    }

    /** {@return true when anonymous: no identifiers, or only {@code visitorid} identifiers} */
    public boolean isAnonymous() {
        for (Identifier i : identifiers) {
            if (!i.isVisitor()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bridge's classification: {@link Classification#NORMAL} when a cellphone ({@code phonenumber}
     * identifier), first name, last name and language are present and every custom attribute the
     * rules mark required has a value; {@link Classification#PARTIAL} otherwise.
     *
     * @param rules the custom attributes the workspace requires
     * @return the classification
     */
    public Classification classify(ClassificationRules rules) {
        return rules.missingFor(this).isEmpty() ? Classification.NORMAL : Classification.PARTIAL;
    }

    /**
     * Whether a value counts as present: not null, not blank text, not an empty list or object.
     *
     * @param v the value, or {@code null}
     * @return true when present
     */
    public static boolean hasValue(@Nullable AttributeValue v) {
        if (v == null || v == AttributeValue.Null.INSTANCE) {
            return false;
        }
        if (v instanceof AttributeValue.Text t) {
            return !t.value().isBlank();
        }
        if (v instanceof AttributeValue.Multi m) {
            return m.values().stream().anyMatch(Contact::hasValue);
        }
        if (v instanceof AttributeValue.Struct s) {
            return !s.fields().isEmpty();
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Contact c)) {
            return false;
        }
        return id.equals(c.id) && workspace.equals(c.workspace) && identifiers.equals(c.identifiers)
                && attributes.equals(c.attributes) && lists.equals(c.lists) && accounts.equals(c.accounts)
                && Objects.equals(owner, c.owner) && Objects.equals(language, c.language)
                && createdAt.equals(c.createdAt) && updatedAt.equals(c.updatedAt);
    }

    /**
     * Whether two contacts are equal in everything but the timestamps.
     *
     * @param c the other contact
     * @return true when equal but for the timestamps
     */
    public boolean sameContentAs(Contact c) {
        return id.equals(c.id) && workspace.equals(c.workspace) && identifiers.equals(c.identifiers)
                && attributes.equals(c.attributes) && lists.equals(c.lists) && accounts.equals(c.accounts)
                && Objects.equals(owner, c.owner) && Objects.equals(language, c.language);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, workspace, identifiers, attributes);
    }

    @Override
    public String toString() {
        return "Contact[id=" + id + ", workspace=" + workspace + ", identifiers=" + identifiers
                + ", attributes=" + attributes + ", lists=" + lists + ", accounts=" + accounts
                + (owner == null ? "" : ", owner=" + owner) + (language == null ? "" : ", language=" + language)
                + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
    }

    /** Builds a {@link Contact}. */
    public static final class Builder {
        private final String id;
        private final String workspace;
        private final Instant createdAt;
        private final List<Identifier> identifiers = new ArrayList<>();
        // made on first use: most contacts of a deduplication run have none of these
        private Map<String, AttributeValue> attributes;
        private Set<String> lists;
        private Set<String> accounts;
        private String owner;
        private String language;
        private Instant updatedAt;

        private Builder(String id, String workspace, Instant createdAt) {
            this.id = id;
            this.workspace = workspace;
            this.createdAt = createdAt;
        }

        /**
         * Adds an identifier (once).
         *
         * @param identifier the identifier
         * @return this builder
         */
        public Builder identifier(Identifier identifier) {
            identifiers.add(Objects.requireNonNull(identifier, "identifier"));
            return this;
        }

        /**
         * Adds identifiers, in order.
         *
         * @param values the identifiers
         * @return this builder
         */
        public Builder identifiers(Collection<Identifier> values) {
            values.forEach(this::identifier);
            return this;
        }

        /**
         * Removes every identifier.
         *
         * @return this builder
         */
        public Builder clearIdentifiers() {
            identifiers.clear();
            return this;
        }

        /**
         * Sets an attribute.
         *
         * @param name its name
         * @param value its value
         * @return this builder
         */
        public Builder attribute(String name, AttributeValue value) {
            if (attributes == null) {
                attributes = new LinkedHashMap<>();
            }
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets attributes, in order.
         *
         * @param values the values by name
         * @return this builder
         */
        public Builder attributes(Map<String, AttributeValue> values) {
            values.forEach(this::attribute);
            return this;
        }

        /**
         * Removes every attribute.
         *
         * @return this builder
         */
        public Builder clearAttributes() {
            attributes = null;
            return this;
        }

        /**
         * Puts the contact on a list.
         *
         * @param listId the list's id
         * @return this builder
         */
        public Builder list(String listId) {
            if (lists == null) {
                lists = new LinkedHashSet<>();
            }
            lists.add(Objects.requireNonNull(listId, "listId"));
            return this;
        }

        /**
         * Puts the contact on lists.
         *
         * @param listIds the lists' ids
         * @return this builder
         */
        public Builder lists(Collection<String> listIds) {
            listIds.forEach(this::list);
            return this;
        }

        /**
         * Adds the contact to an account.
         *
         * @param accountId the account's id
         * @return this builder
         */
        public Builder account(String accountId) {
            if (accounts == null) {
                accounts = new LinkedHashSet<>();
            }
            accounts.add(Objects.requireNonNull(accountId, "accountId"));
            return this;
        }

        /**
         * Adds the contact to accounts.
         *
         * @param accountIds the accounts' ids
         * @return this builder
         */
        public Builder accounts(Collection<String> accountIds) {
            accountIds.forEach(this::account);
            return this;
        }

        /**
         * Sets the owner.
         *
         * @param value the owner, or {@code null} for none
         * @return this builder
         */
        public Builder owner(@Nullable String value) {
            this.owner = value;
            return this;
        }

        /**
         * Sets the language.
         *
         * @param value the language, or {@code null} for unknown
         * @return this builder
         */
        public Builder language(@Nullable String value) {
            this.language = value;
            return this;
        }

        /**
         * Sets when the contact last changed.
         *
         * @param value the time; {@code null} for its creation time
         * @return this builder
         */
        public Builder updatedAt(@Nullable Instant value) {
            this.updatedAt = value;
            return this;
        }

        /**
         * The contact.
         *
         * @return the contact
         */
        public Contact build() {
            return new Contact(this);
        }
    }
}
