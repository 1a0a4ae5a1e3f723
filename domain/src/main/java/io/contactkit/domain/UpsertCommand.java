package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A validated command to create or update one contact: identifiers in priority order (the first is
 * the primary identifier), an attribute patch, identifiers to remove, list and account changes,
 * owner and language changes, and the {@link Strategy} that picks the contact.
 *
 * <p>Only {@link Builder#build(IdentifierPolicy)} makes one, so every command holds canonical,
 * distinct identifiers and respects {@link Limits}. Immutable.
 */
public final class UpsertCommand {

    private final List<Identifier> identifiers;
    // per identifier, IdentifierTable.hash of it: computed where the command is built (the mapping threads of a
    // deduplication run), so the engine's one thread reads them from one small array instead of walking to each
    // identifier's strings, in its read-ahead and again in its lookups
    private final int[] hashes;
    // the attribute patch in its order, each name once: the names (null when there is none) and, unless every change sets
    // a value, the changes; no map is made for the engine (a map per command cost a file's mapping threads about a sixth
    // of what they allocated): attributes() makes its read-only view on first use
    private final String @Nullable [] patchNames;
    private final AttributeChange @Nullable [] patchChanges;
    private volatile @Nullable Map<String, AttributeChange> attributesView;
    // when every change of the patch sets a value (what a file's columns give), its values in order (the names are
    // patchNames), made where the command is built: a new contact's values take these arrays over, read-only, instead of
    // copying them
    private final AttributeValue @Nullable [] setValues;
    // the parts few commands hold (removals, memberships, owner, language), or null when the command holds none of them, as
    // the commands of a file's rows: a command of a million is then seven fields smaller and its build sets none of them
    private final @Nullable Rare rare;
    private final Strategy strategy;
    // which kinds of change the command holds besides the identifiers it names (none, for the bulk of deduplication
    // input): the engine tests one bit instead of asking each collection whether it is empty
    private final int changes;
    private static final int ATTRIBUTES = 1;
    private static final int MEMBERSHIPS = 2;
    private static final int TEXTS = 4;
    private static final int REMOVALS = 8;
    // per number of names, the names of the last command built with every change a set, on any thread (a file's rows
    // leave different cells blank: the usual combinations differ in their number of names)
    private static final int RECENT_SLOTS = 8;
    private static final AtomicReferenceArray<String[]> RECENT_NAMES = new AtomicReferenceArray<>(RECENT_SLOTS);
    private static final String[] NO_NAMES = {};
    private static final AttributeChange[] NO_CHANGES = {};
    private static final Identifier[] NO_IDENTIFIERS = {};
    // the empty list a builder's rarely used lists hold until something is added to them (then a list of their own): a
    // test of identity says a list is empty without a call through the List interface for each (see Builder.build)
    private static final List<?> NONE = List.of();
    // a builder looks a name up along its array up to this many names, in a map beyond
    private static final int INDEXED_NAMES = 16;

    /** The parts of a command few commands hold; made only for a command that holds at least one of them. */
    private static final class Rare {
        final List<Identifier> removeIdentifiers;
        final List<String> addToLists;
        final List<String> removeFromLists;
        final List<String> addToAccounts;
        final List<String> removeFromAccounts;
        final @Nullable TextChange owner;
        final @Nullable TextChange language;

        Rare(List<Identifier> removeIdentifiers, List<String> addToLists, List<String> removeFromLists, List<String> addToAccounts,
                List<String> removeFromAccounts, @Nullable TextChange owner, @Nullable TextChange language) {
            this.removeIdentifiers = removeIdentifiers;
            this.addToLists = addToLists;
            this.removeFromLists = removeFromLists;
            this.addToAccounts = addToAccounts;
            this.removeFromAccounts = removeFromAccounts;
            this.owner = owner;
            this.language = language;
        }
    }

    private UpsertCommand(List<Identifier> identifiers, Builder b, List<Identifier> removeIdentifiers) {
        this(List.copyOf(identifiers), null, b, removeIdentifiers, false);
    }

    /**
     * @param identifiers the command's own list (immutable)
     * @param ids         the same identifiers at the start of an array, or null
     * @param plain       true when the builder holds nothing but identifiers and attributes (see
     *                    Builder.onlyIdentifiersAndAttributes): its other parts are then not looked at
     */
    private UpsertCommand(List<Identifier> identifiers, Identifier @Nullable [] ids, Builder b, List<Identifier> removeIdentifiers,
            boolean plain) {
        this.identifiers = identifiers;
        this.hashes = new int[identifiers.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = IdentifierTable.hash(ids != null ? ids[i] : identifiers.get(i));
        }
        int n = b.attributeCount;
        AttributeValue[] values = n == 0 ? null : new AttributeValue[n];
        for (int k = 0; k < n && values != null; k++) {
            if (b.attributeChanges[k] instanceof AttributeChange.Set set) {
                values[k] = set.value();
            } else {
                values = null;
            }
        }
        String[] names = null;
        if (values != null) {
            names = recentNames(b.attributeNames, n);
        } else if (n > 0) {
            names = Arrays.copyOf(b.attributeNames, n);
        }
        this.patchNames = names;
        this.patchChanges = n > 0 && values == null ? Arrays.copyOf(b.attributeChanges, n) : null;
        this.setValues = values;
        boolean removals = !plain && removeIdentifiers != NONE && !removeIdentifiers.isEmpty();
        // most commands change no membership: each list is then the empty list List.copyOf would give, asked once (and not
        // asked at all when the builder never made the lists its own: see Builder.onlyIdentifiersAndAttributes)
        boolean memberships = !plain && !b.noMemberships() && (!b.addToLists.isEmpty() || !b.removeFromLists.isEmpty()
                || !b.addToAccounts.isEmpty() || !b.removeFromAccounts.isEmpty());
        boolean texts = !plain && (b.owner != null || b.language != null);
        this.rare = !removals && !memberships && !texts ? null : new Rare(removals ? List.copyOf(removeIdentifiers) : List.of(),
                memberships ? List.copyOf(b.addToLists) : List.of(), memberships ? List.copyOf(b.removeFromLists) : List.of(),
                memberships ? List.copyOf(b.addToAccounts) : List.of(), memberships ? List.copyOf(b.removeFromAccounts) : List.of(),
                b.owner, b.language);
        this.strategy = b.strategy;
        this.changes = (n == 0 ? 0 : ATTRIBUTES) | (memberships ? MEMBERSHIPS : 0) | (texts ? TEXTS : 0) | (removals ? REMOVALS : 0);
    }

    // a command of identifiers and values set only, its content trusted: see rebuiltChecked
    private UpsertCommand(List<Identifier> identifiers, Strategy strategy, String[] names, AttributeValue[] values, int n) {
        this.identifiers = List.copyOf(identifiers);
        this.hashes = new int[this.identifiers.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = IdentifierTable.hash(this.identifiers.get(i));
        }
        AttributeValue[] set = null;
        if (n > 0) {
            set = new AttributeValue[n];
            for (int k = 0; k < n; k++) {
                set[k] = Objects.requireNonNull(values[k], "value");
            }
        }
        this.patchNames = n == 0 ? null : recentNames(names, n);
        this.patchChanges = null;
        this.setValues = set;
        this.rare = null;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.changes = n == 0 ? 0 : ATTRIBUTES;
    }

    /**
     * The first {@code n} of {@code names} as a command's own array: the commands of one file mostly name the same columns in
     * the same order, so one array for all of them, since a new contact keeps its command's names to the end of a run
     * (read-only: ContactValues copies before writing).
     */
    private static String[] recentNames(String[] names, int n) {
        int slot = n & (RECENT_SLOTS - 1);
        String[] recent = RECENT_NAMES.getAcquire(slot);
        if (recent != null && Arrays.equals(names, 0, n, recent, 0, recent.length)) {
            return recent;
        }
        String[] own = Arrays.copyOf(names, n);
        RECENT_NAMES.setRelease(slot, own);
        return own;
    }

    /**
     * Makes again a command that {@link Builder#build(IdentifierPolicy)} made and that holds identifiers and attribute values
     * set only (no removal, membership, owner or language change), from its content, without a builder and without
     * normalizing or checking it a second time: the same command {@link Builder#rebuildChecked()} makes of the same content,
     * for a built command carried elsewhere in a compact form (another machine, a later stage) and made whole there.
     * Content that no built command had gives a command no check has seen: use {@link Builder#build} for that.
     *
     * @param strategy    the command's strategy
     * @param identifiers canonical identifiers in the policy's order, each once: kept exactly as given
     * @param names       the attribute patch's names in order, each once (the first {@code count}; copied)
     * @param values      the values they are set to, in the same order (the first {@code count}; copied)
     * @param count       how many attributes the command sets
     * @return the command
     * @throws NullPointerException when the strategy or one of the values is null
     */
    public static UpsertCommand rebuiltChecked(Strategy strategy, List<Identifier> identifiers, String[] names, AttributeValue[] values, int count) {
        return new UpsertCommand(identifiers, strategy, names, values, count);
    }

    /** True when the command changes anything besides identifiers: attributes, memberships, owner or language. */
    boolean hasValueChanges() {
        return (changes & (ATTRIBUTES | MEMBERSHIPS | TEXTS)) != 0;
    }

    /** True when the command changes list or account memberships. */
    boolean hasMembershipChanges() {
        return (changes & MEMBERSHIPS) != 0;
    }

    /** True when the command changes the owner or the language. */
    boolean hasTextChanges() {
        return (changes & TEXTS) != 0;
    }

    /** True when the command takes identifiers off the contact ({@link #removeIdentifiers()} is not empty). */
    boolean hasRemovals() {
        return (changes & REMOVALS) != 0;
    }

    /**
     * The names of {@link #attributes()} in order when every change sets a value, else {@code null}; shared, not to be
     * changed (see {@link ContactValues}).
     */
    String @Nullable [] setNames() {
        return setValues == null ? null : patchNames;
    }

    /** The values {@link #setNames()} are set to, in the same order, or {@code null}; shared, not to be changed. */
    AttributeValue @Nullable [] setValues() {
        return setValues;
    }

    /**
     * {@return how many changes {@link #attributes()} holds} Read with {@link #attributeName(int)} and
     * {@link #attributeValue(int)}, no map is made.
     */
    public int attributeCount() {
        return patchNames == null ? 0 : patchNames.length;
    }

    /**
     * The name of a change of {@link #attributes()}.
     *
     * @param k the change's place in the patch's order, from 0 to {@link #attributeCount()} - 1
     * @return its attribute's name
     */
    public String attributeName(int k) {
        return patchNames[k];
    }

    /**
     * The value a change of {@link #attributes()} sets.
     *
     * @param k the change's place in the patch's order, from 0 to {@link #attributeCount()} - 1
     * @return the value it sets, or {@code null} for a change that removes the attribute
     */
    public @Nullable AttributeValue attributeValue(int k) {
        if (patchChanges == null) {
            return setValues[k];
        }
        return patchChanges[k] instanceof AttributeChange.Set set ? set.value() : null;
    }

    /** The {@code k}th change of {@link #attributes()}, in its order. */
    AttributeChange attributeChange(int k) {
        return patchChanges != null ? patchChanges[k] : AttributeChange.set(setValues[k]);
    }

    /** Per identifier of {@link #identifiers()}, in its order, {@link IdentifierTable#hash(Identifier)} of it; not to be changed. */
    int[] identifierHashes() {
        return hashes;
    }

    /** {@return an empty builder; the strategy defaults to {@code strict_alias}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this command's content, to derive a variant (for example another strategy)} */
    public Builder toBuilder() {
        Builder b = new Builder();
        identifiers.forEach(b::identifier);
        for (int k = 0; k < attributeCount(); k++) {
            b.change(patchNames[k], attributeChange(k));
        }
        if (rare != null) {
            rare.removeIdentifiers.forEach(i -> b.removeIdentifier(i.key(), i.value()));
            rare.addToLists.forEach(b::addToList);
            rare.removeFromLists.forEach(b::removeFromList);
            rare.addToAccounts.forEach(b::addToAccount);
            rare.removeFromAccounts.forEach(b::removeFromAccount);
            b.owner = rare.owner;
            b.language = rare.language;
        }
        b.strategy = strategy;
        return b;
    }

    /** {@return canonical identifiers in priority order, each once} */
    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** {@return the first identifier: the one Bird puts in the URL path} */
    public Optional<Identifier> primaryIdentifier() {
        return identifiers.isEmpty() ? Optional.empty() : Optional.of(identifiers.get(0));
    }

    /** {@return the attribute patch: a set value sets, a removal removes, absence keeps} */
    public Map<String, AttributeChange> attributes() {
        Map<String, AttributeChange> view = attributesView;
        if (view == null) {
            int n = attributeCount();
            if (n == 0) {
                view = Collections.emptyMap();
            } else {
                Map<String, AttributeChange> m = new LinkedHashMap<>((int) (n / 0.75f) + 1);
                for (int k = 0; k < n; k++) {
                    m.put(patchNames[k], attributeChange(k));
                }
                view = Collections.unmodifiableMap(m);
            }
            // made again by a thread that finds none yet: equal, and safely published through the view's final field
            attributesView = view;
        }
        return view;
    }

    /** {@return identifiers to take off the contact} */
    public List<Identifier> removeIdentifiers() {
        return rare == null ? List.of() : rare.removeIdentifiers;
    }

    /** {@return ids of lists to put the contact on} */
    public List<String> addToLists() {
        return rare == null ? List.of() : rare.addToLists;
    }

    /** {@return ids of lists to take the contact off} */
    public List<String> removeFromLists() {
        return rare == null ? List.of() : rare.removeFromLists;
    }

    /** {@return ids of accounts to add the contact to} */
    public List<String> addToAccounts() {
        return rare == null ? List.of() : rare.addToAccounts;
    }

    /** {@return ids of accounts to take the contact out of} */
    public List<String> removeFromAccounts() {
        return rare == null ? List.of() : rare.removeFromAccounts;
    }

    /** {@return the change of the owner; empty keeps it} */
    public Optional<TextChange> owner() {
        return Optional.ofNullable(rare == null ? null : rare.owner);
    }

    /** {@return the change of the language; empty keeps it} */
    public Optional<TextChange> language() {
        return Optional.ofNullable(rare == null ? null : rare.language);
    }

    /** {@return how the command finds the contact it applies to} */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The same command with another strategy.
     *
     * @param s the strategy
     * @return the command
     * @throws NullPointerException when {@code s} is null (a command always has a strategy)
     */
    public UpsertCommand withStrategy(Strategy s) {
        Objects.requireNonNull(s, "strategy");
        Builder b = toBuilder();
        b.strategy(s);
        return new UpsertCommand(identifiers, b, removeIdentifiers());
    }

    /** The same command with only these identifiers (a subset of its own, in its order) and this strategy: what the identity rules leave of it. */
    UpsertCommand withIdentifiers(List<Identifier> kept, Strategy s) {
        Builder b = toBuilder();
        b.strategy(s);
        return new UpsertCommand(kept, b, removeIdentifiers());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpsertCommand c && identifiers.equals(c.identifiers) && attributes().equals(c.attributes())
                && removeIdentifiers().equals(c.removeIdentifiers()) && addToLists().equals(c.addToLists())
                && removeFromLists().equals(c.removeFromLists()) && addToAccounts().equals(c.addToAccounts())
                && removeFromAccounts().equals(c.removeFromAccounts())
                && owner().equals(c.owner()) && language().equals(c.language()) && strategy == c.strategy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifiers, attributes(), removeIdentifiers(), strategy);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UpsertCommand[").append(strategy).append(' ').append(identifiers);
        if (attributeCount() > 0) {
            s.append(" attributes=").append(attributes());
        }
        if (!removeIdentifiers().isEmpty()) {
            s.append(" remove=").append(removeIdentifiers());
        }
        if (!addToLists().isEmpty() || !removeFromLists().isEmpty()) {
            s.append(" lists+").append(addToLists()).append("-").append(removeFromLists());
        }
        if (!addToAccounts().isEmpty() || !removeFromAccounts().isEmpty()) {
            s.append(" accounts+").append(addToAccounts()).append("-").append(removeFromAccounts());
        }
        TextChange owner = rare == null ? null : rare.owner;
        if (owner != null) {
            s.append(" owner=").append(owner.newValue());
        }
        TextChange language = rare == null ? null : rare.language;
        if (language != null) {
            s.append(" language=").append(language.newValue());
        }
        return s.append(']').toString();
    }

    /**
     * Collects raw input for a command. Nothing is checked until {@link #build(IdentifierPolicy)},
     * which reports every problem at once.
     */
    public static final class Builder {
        // the identifiers as given, keys and values in two arrays (no pair object per identifier)
        private String[] rawKeys = NO_NAMES;
        private String[] rawValues = NO_NAMES;
        private int rawCount;
        // room for the normalized identifiers of a build, kept for the next one (emptied after each)
        private Identifier[] normalized = NO_IDENTIFIERS;
        // the rest is made on first use: most commands (a deduplication run builds one per record) set few of them
        // the attribute patch in its order, each name once (a later change of a name replaces the earlier one in its place,
        // as in an insertion-ordered map): a command copies the arrays, so the builder may go on writing them
        private String[] attributeNames = NO_NAMES;
        private AttributeChange[] attributeChanges = NO_CHANGES;
        private int attributeCount;
        // name to position, once a patch has more names than a look along the array is worth
        private @Nullable Map<String, Integer> attributeIndex;
        private List<String[]> rawRemovals = none();
        private List<String> addToLists = none();
        private List<String> removeFromLists = none();
        private List<String> addToAccounts = none();
        private List<String> removeFromAccounts = none();
        private List<Violation> early = none();
        private TextChange owner;
        private TextChange language;
        private Strategy strategy = Strategy.STRICT_ALIAS;

        private Builder() {
        }

        /**
         * Empties this builder: it then holds what {@link UpsertCommand#builder()} makes, and builds exactly the command a new
         * builder fed the same later calls would. The room it made for identifiers and attributes is kept, so a caller that
         * builds many commands one after the other (the mapping of a file's rows) makes it once; commands built earlier
         * share nothing with it (each copies what it keeps).
         *
         * @return this builder
         */
        public Builder clear() {
            // the arrays' entries past the counts are never read; they are overwritten as the builder fills again
            rawCount = 0;
            attributeCount = 0;
            attributeIndex = null;
            rawRemovals = none();
            addToLists = none();
            removeFromLists = none();
            addToAccounts = none();
            removeFromAccounts = none();
            early = none();
            owner = null;
            language = null;
            strategy = Strategy.STRICT_ALIAS;
            return this;
        }

        @SuppressWarnings("unchecked")
        private static <T> List<T> none() {
            return (List<T>) NONE;
        }

        /**
         * True when the builder holds nothing but identifiers, attribute changes and its strategy, as every command of a file's
         * rows does: no removal, membership, owner or language, and no problem found early. Each list it tests is {@link #NONE}
         * until something is added to it (then a writable list of its own), so a test of identity is exact here: a false
         * answer only sends the build through the checks of those parts, which find nothing in empty lists.
         */
        private boolean onlyIdentifiersAndAttributes() {
            return rawRemovals == NONE && early == NONE && owner == null && language == null && noMemberships();
        }

        /** True when no membership list was ever made the builder's own (all four are then empty). */
        private boolean noMemberships() {
            return addToLists == NONE && removeFromLists == NONE && addToAccounts == NONE && removeFromAccounts == NONE;
        }

        /** Sets the change of an attribute: in the place of an earlier change of the same name, else after the others. */
        private void put(String name, AttributeChange change) {
            int at = attributeIndexOf(name);
            if (at >= 0) {
                attributeChanges[at] = change;
                return;
            }
            int n = attributeCount;
            if (n == 0 && attributeNames.length == 0) {
                // made directly: Arrays.copyOf of an empty array makes its copy through reflection
                attributeNames = new String[4];
                attributeChanges = new AttributeChange[4];
            } else if (n == attributeNames.length) {
                attributeNames = Arrays.copyOf(attributeNames, 2 * n);
                attributeChanges = Arrays.copyOf(attributeChanges, 2 * n);
            }
            attributeNames[n] = name;
            attributeChanges[n] = change;
            attributeCount = n + 1;
            if (attributeIndex != null) {
                attributeIndex.put(name, n);
            } else if (attributeCount > INDEXED_NAMES) {
                attributeIndex = new HashMap<>();
                for (int k = 0; k < attributeCount; k++) {
                    attributeIndex.put(attributeNames[k], k);
                }
            }
        }

        private int attributeIndexOf(String name) {
            if (attributeIndex != null) {
                Integer at = attributeIndex.get(name);
                return at == null ? -1 : at;
            }
            for (int k = 0; k < attributeCount; k++) {
                if (Objects.equals(attributeNames[k], name)) {
                    return k;
                }
            }
            return -1;
        }

        /** A list, made writable on first use. */
        private static <T> List<T> writable(List<T> list) {
            return list instanceof ArrayList ? list : new ArrayList<>(list);
        }

        /**
         * Appends an identifier from raw input; it is normalized by {@link #build(IdentifierPolicy)}.
         *
         * @param key the identifier's key, such as {@code emailaddress}
         * @param rawValue the value as entered
         * @return this builder
         */
        public Builder identifier(String key, String rawValue) {
            int n = rawCount;
            if (n == 0 && rawKeys.length == 0) {
                rawKeys = new String[4];
                rawValues = new String[4];
            } else if (n == rawKeys.length) {
                rawKeys = Arrays.copyOf(rawKeys, 2 * n);
                rawValues = Arrays.copyOf(rawValues, 2 * n);
            }
            rawKeys[n] = key;
            rawValues[n] = rawValue;
            rawCount = n + 1;
            return this;
        }

        /**
         * Appends an identifier (normalized again on build, which leaves canonical values unchanged).
         *
         * @param identifier the identifier
         * @return this builder
         */
        public Builder identifier(Identifier identifier) {
            return identifier(identifier.key(), identifier.value());
        }

        /**
         * Sets an attribute.
         *
         * @param attribute the attribute's name
         * @param value its value; {@code null} removes it
         * @return this builder
         */
        public Builder set(String attribute, @Nullable AttributeValue value) {
            if (value == null) {
                return remove(attribute);
            }
            put(attribute, AttributeChange.set(value));
            return this;
        }

        /**
         * Sets a text attribute.
         *
         * @param attribute the attribute's name
         * @param value its text; {@code null} removes it
         * @return this builder
         */
        public Builder set(String attribute, @Nullable String value) {
            return set(attribute, value == null ? null : AttributeValue.of(value));
        }

        /**
         * Removes an attribute (a provider's explicit {@code null}).
         *
         * @param attribute the attribute's name
         * @return this builder
         */
        public Builder remove(String attribute) {
            put(attribute, AttributeChange.remove());
            return this;
        }

        /**
         * Sets the change of an attribute.
         *
         * @param attribute the attribute's name
         * @param change the change
         * @return this builder
         */
        public Builder change(String attribute, AttributeChange change) {
            put(attribute, Objects.requireNonNull(change, "change"));
            return this;
        }

        /**
         * Takes an identifier off the contact; normalized by {@link #build(IdentifierPolicy)}.
         *
         * @param key the identifier's key
         * @param rawValue the value as entered
         * @return this builder
         */
        public Builder removeIdentifier(String key, String rawValue) {
            rawRemovals = writable(rawRemovals);
            rawRemovals.add(new String[] {key, rawValue});
            return this;
        }

        /**
         * Puts the contact on a list.
         *
         * @param listId the list's id
         * @return this builder
         */
        public Builder addToList(String listId) {
            addToLists = writable(addToLists);
            addToLists.add(listId);
            return this;
        }

        /**
         * Takes the contact off a list.
         *
         * @param listId the list's id
         * @return this builder
         */
        public Builder removeFromList(String listId) {
            removeFromLists = writable(removeFromLists);
            removeFromLists.add(listId);
            return this;
        }

        /**
         * Adds the contact to an account.
         *
         * @param accountId the account's id
         * @return this builder
         */
        public Builder addToAccount(String accountId) {
            addToAccounts = writable(addToAccounts);
            addToAccounts.add(accountId);
            return this;
        }

        /**
         * Takes the contact out of an account.
         *
         * @param accountId the account's id
         * @return this builder
         */
        public Builder removeFromAccount(String accountId) {
            removeFromAccounts = writable(removeFromAccounts);
            removeFromAccounts.add(accountId);
            return this;
        }

        /**
         * Sets the owner; {@code null} removes it.
         *
         * @param value the owner; {@code null} removes it
         * @return this builder
         */
        public Builder owner(String value) {
            this.owner = value == null ? TextChange.remove() : TextChange.set(value);
            return this;
        }

        /**
         * Sets the language; {@code null} removes it.
         *
         * @param value the language; {@code null} removes it
         * @return this builder
         */
        public Builder language(String value) {
            this.language = value == null ? TextChange.remove() : TextChange.set(value);
            return this;
        }

        /**
         * Sets how the command finds the contact it applies to.
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder strategy(Strategy value) {
            if (value == null) {
                early = writable(early);
                early.add(Violation.of("strategy", "missing_strategy", "a strategy is required"));
            } else {
                this.strategy = value;
            }
            return this;
        }

        /**
         * Normalizes and checks everything, and orders identifiers by the policy's key priority.
         * Every problem is reported, not only the first.
         *
         * @param policy how identifiers are normalized and ordered
         * @return the command, or every violation found
         */
        public Validation<Seq<Violation>, UpsertCommand> build(IdentifierPolicy policy) {
            // no room for a problem until there is one: most commands have none
            List<Violation> problems = new ArrayList<>(0);
            // an array of its own: building leaves the builder as it was, as it always did
            UpsertCommand command = build(policy, problems, rawCount == 0 ? NO_IDENTIFIERS : new Identifier[rawCount]);
            return command != null ? Validation.valid(command) : Validation.invalid(io.vavr.collection.List.ofAll(problems));
        }

        /**
         * {@link #build(IdentifierPolicy)} without its wrappers, for a caller that builds many commands one after the other
         * (the mapping of a file's rows) and keeps one list for their problems: the same command, or the same violations in
         * the same order. It normalizes into room the builder keeps for the next build, so one builder is not to be built on
         * two threads at once this way.
         *
         * @param policy   how identifiers are normalized and ordered
         * @param problems where every violation found is added, after what it holds already (the caller empties it)
         * @return the command, or {@code null} when a violation was found (then added to {@code problems})
         */
        public @Nullable UpsertCommand build(IdentifierPolicy policy, List<Violation> problems) {
            if (normalized.length < rawCount) {
                normalized = new Identifier[Math.max(4, rawCount)];
            }
            return build(policy, problems, normalized);
        }

        /** @param ids room for the normalized identifiers, at least {@code rawCount}; left empty */
        private @Nullable UpsertCommand build(IdentifierPolicy policy, List<Violation> problems, Identifier[] ids) {
            int before = problems.size();
            // nothing but identifiers and attributes (a file's rows): the checks of the other parts, each of which finds
            // nothing to check in an empty list or a null change, are not run (each asked its lists through the interface)
            boolean plain = onlyIdentifiersAndAttributes();
            if (!plain && !early.isEmpty()) {
                // (addAll of the empty list would make an empty array for every command)
                problems.addAll(early);
            }
            // normalized into one array, then put in the policy's order in place: no list until the command's own
            int valid = 0;
            for (int i = 0; i < rawCount; i++) {
                Object v = policy.normalized(rawKeys[i], rawValues[i]);
                if (v instanceof Identifier id) {
                    ids[valid++] = id;
                } else {
                    // the path is built only for a problem: most identifiers have none
                    problems.add(((Violation) v).under("identifiers[" + i + "]"));
                }
            }
            if (rawCount > Limits.MAX_IDENTIFIERS_PER_COMMAND) {
                problems.add(Violation.of("identifiers", "too_many",
                        rawCount + " identifiers; at most " + Limits.MAX_IDENTIFIERS_PER_COMMAND + " per command"));
            }
            List<Identifier> removals = plain ? none() : normalizeAll(policy, rawRemovals, "removeIdentifiers", problems);
            if (removals != NONE && !removals.isEmpty()) {
                Set<Identifier> given = new HashSet<>(Arrays.asList(ids).subList(0, valid));
                // by index: an iterator of the empty list, made for every command, cost the mapping threads more than the loop
                for (int i = 0; i < removals.size(); i++) {
                    Identifier r = removals.get(i);
                    if (given.contains(r)) {
                        problems.add(Violation.of("removeIdentifiers", "contradiction",
                                "identifier " + r + " is both given and removed"));
                    }
                }
            }
            CommandChecks.attributes(attributeNames, attributeChanges, attributeCount, problems);
            if (!plain) {
                CommandChecks.memberships("addToLists", addToLists, problems);
                CommandChecks.memberships("removeFromLists", removeFromLists, problems);
                CommandChecks.memberships("addToAccounts", addToAccounts, problems);
                CommandChecks.memberships("removeFromAccounts", removeFromAccounts, problems);
                CommandChecks.contradictions("lists", addToLists, removeFromLists, problems);
                CommandChecks.contradictions("accounts", addToAccounts, removeFromAccounts, problems);
                CommandChecks.text("owner", owner, Limits.MAX_OWNER_LENGTH, problems);
                CommandChecks.language(language, problems);
            }
            if (problems.size() > before) {
                Arrays.fill(ids, 0, valid, null);
                return null;
            }
            int n = policy.order(ids, valid);
            // what the command's List.copyOf would make of a list of them (the usual one or two without an array)
            List<Identifier> ordered = switch (n) {
                case 0 -> List.of();
                case 1 -> List.of(ids[0]);
                case 2 -> List.of(ids[0], ids[1]);
                case 3 -> List.of(ids[0], ids[1], ids[2]);
                default -> List.of(Arrays.copyOf(ids, n));
            };
            UpsertCommand command = new UpsertCommand(ordered, ids, this, dedupe(removals), plain);
            // the room keeps no identifier of a built command
            Arrays.fill(ids, 0, valid, null);
            return command;
        }

        /**
         * Makes the command again from the content of one that {@link #build(IdentifierPolicy)} made, without
         * normalizing or checking it a second time: its identifiers canonical, in the policy's order and each once,
         * everything else checked. For a built command carried elsewhere in a compact form (another machine, a
         * later stage) and made whole there; the identifiers are kept exactly as given and in the order given.
         * Content that no built command had gives a command no check has seen: use {@link #build} for that.
         *
         * @return the command
         * @throws IllegalStateException when the builder holds a problem found early (a missing strategy)
         * @throws IllegalArgumentException when an identifier is not even well formed
         */
        public UpsertCommand rebuildChecked() {
            if (!early.isEmpty()) {
                throw new IllegalStateException("not the content of a built command: " + early);
            }
            List<Identifier> given = new ArrayList<>(rawCount);
            for (int i = 0; i < rawCount; i++) {
                given.add(new Identifier(rawKeys[i], rawValues[i]));
            }
            return new UpsertCommand(given, this, asGiven(rawRemovals));
        }

        private static List<Identifier> asGiven(List<String[]> raw) {
            if (raw.isEmpty()) {
                return List.of();
            }
            List<Identifier> out = new ArrayList<>(raw.size());
            for (String[] kv : raw) {
                out.add(new Identifier(kv[0], kv[1]));
            }
            return out;
        }

        private static List<Identifier> dedupe(List<Identifier> ids) {
            return ids == NONE || ids.isEmpty() ? ids : new ArrayList<>(new LinkedHashSet<>(ids));
        }

        private static List<Identifier> normalizeAll(IdentifierPolicy policy, List<String[]> raw, String field, List<Violation> problems) {
            if (raw.isEmpty()) {
                return none();
            }
            List<Identifier> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                String[] kv = raw.get(i);
                Object v = policy.normalized(kv[0], kv[1]);
                if (v instanceof Identifier id) {
                    out.add(id);
                } else {
                    // the path is built only for a problem: most identifiers have none
                    problems.add(((Violation) v).under(field + "[" + i + "]"));
                }
            }
            return out;
        }
    }
}
