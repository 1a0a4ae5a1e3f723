package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Identity rules: which identifier values never identify anyone (blocked), how many identifiers of a
 * key one contact may hold, how far merges may go, and when a value is reported (or blocked) as a hub.
 * {@link #NONE} has no rule at all: every decision is the one the strategies alone make.
 *
 * <p>Rules are per canonical identifier key; the key {@value #EVERY_KEY} holds rules for every key (a
 * key's own rules add blocked values and patterns to them, and its own {@code maxPerContact} replaces
 * theirs). Blocked values are compared after normalization: a key's blocked values are normalized as
 * identifiers of that key are (so {@code +1 (555) 555-0100} blocks the phone number {@code +15555550100};
 * a blocked phone number need only be a possible one, not an assigned one),
 * and values under {@value #EVERY_KEY} are compared with the canonical value as written. Blocked
 * patterns are Java regular expressions searched for in the whole canonical value (anchor them with
 * {@code ^...$} to match all of it). Immutable and thread-safe.
 *
 * <p>Built in code with {@link #builder(IdentifierPolicy)}, or from a parsed file with
 * {@link #fromFile(Map, IdentifierPolicy)} (keys named as identifier columns are) or
 * {@link #fromTree(Map, IdentifierPolicy)} (canonical keys only), which report every problem as a {@link Violation}.
 * Serializable, so that engines running on other machines (Spark executors) apply the same rules.
 */
public final class IdentityRules implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The key whose rules apply to every identifier key. */
    public static final String EVERY_KEY = "*";

    /** No rules: the strategies alone decide. */
    public static final IdentityRules NONE = new IdentityRules(Map.of(), 0, -1, null);

    /** The rules by canonical key, {@value #EVERY_KEY} included when present; unmodifiable. */
    private final Map<String, KeyRules> keys;
    /** The rules under {@value #EVERY_KEY}, or {@code null} when there are none. */
    private final @Nullable KeyRules every;
    /** The most contacts one merge may join; 0 for no cap. */
    private final int maxContactsPerMerge;
    /** The most contacts merged into one contact over its life; -1 for no cap. */
    private final int maxMergesPerContact;
    /** Hub detection in batch runs, or {@code null} for none. */
    private final @Nullable HubRule hubs;
    /** Whether any key caps how many of its identifiers one contact may hold. */
    private final boolean limits;

    private IdentityRules(Map<String, KeyRules> keys, int maxContactsPerMerge, int maxMergesPerContact, HubRule hubs) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.every = keys.get(EVERY_KEY);
        this.maxContactsPerMerge = maxContactsPerMerge;
        this.maxMergesPerContact = maxMergesPerContact;
        this.hubs = hubs;
        this.limits = keys.values().stream().anyMatch(k -> k.maxPerContact() > 0);
    }

    /**
     * The rules of one key.
     *
     * @param blocked         canonical values that never identify anyone
     * @param blockedPatterns regular expressions: a value in which one is found is blocked
     * @param maxPerContact   how many identifiers of the key one contact may hold; 0 for no limit
     * @serial exclude a record's serial form is its components, documented above (JDK 17's javadoc would
     *         otherwise ask for comments on the fields it derives from them)
     */
    public record KeyRules(Set<String> blocked, List<Pattern> blockedPatterns, int maxPerContact) implements java.io.Serializable {
        /**
         * Checks the components and copies the collections.
         *
         * @param blocked canonical values that never identify anyone
         * @param blockedPatterns regular expressions: a value in which one is found is blocked
         * @param maxPerContact how many identifiers of the key one contact may hold; 0 for no limit
         */
        public KeyRules {
            blocked = Collections.unmodifiableSet(new LinkedHashSet<>(blocked));
            blockedPatterns = List.copyOf(blockedPatterns);
            if (maxPerContact < 0) {
                throw new IllegalArgumentException("maxPerContact must be 0 (no limit) or more, got " + maxPerContact);
            }
        }
    }

    /**
     * Hub detection in batch runs: a value carried by records of more than {@code threshold} otherwise
     * separate contacts is a hub; with {@code autoBlock} hubs are blocked for the run.
     *
     * @param threshold the fewest records an identifier must join to count as a hub, 1 or more
     * @param autoBlock whether hubs are blocked for the run
     * @serial exclude a record's serial form is its components, documented above (JDK 17's javadoc would
     *         otherwise ask for comments on the fields it derives from them)
     */
    public record HubRule(int threshold, boolean autoBlock) implements java.io.Serializable {
        /**
         * Checks the threshold.
         *
         * @param threshold the fewest records an identifier must join to count as a hub, 1 or more
         * @param autoBlock whether hubs are blocked for the run
         */
        public HubRule {
            if (threshold < 1) {
                throw new IllegalArgumentException("the hub threshold must be 1 or more, got " + threshold);
            }
        }
    }

    /**
     * A builder of rules.
     *
     * @param policy how blocked values are normalized
     * @return the builder
     */
    public static Builder builder(IdentifierPolicy policy) {
        return new Builder(policy);
    }

    /** {@return true when there is no rule at all} */
    public boolean isNone() {
        return keys.isEmpty() && maxContactsPerMerge == 0 && maxMergesPerContact < 0 && hubs == null;
    }

    /** True when any rule can change a single command's decision (hubs alone cannot: they act on a whole run). */
    boolean guardsCommands() {
        return !keys.isEmpty() || maxContactsPerMerge > 0 || maxMergesPerContact >= 0;
    }

    /** {@return the rules by key, {@value #EVERY_KEY} included when present} */
    public Map<String, KeyRules> keys() {
        return keys;
    }

    /** {@return the most contacts one merge may join; empty for no cap} */
    public OptionalInt maxContactsPerMerge() {
        return maxContactsPerMerge == 0 ? OptionalInt.empty() : OptionalInt.of(maxContactsPerMerge);
    }

    /** {@return the most contacts merged into one contact over its life; empty for no cap} */
    public OptionalInt maxMergesPerContact() {
        return maxMergesPerContact < 0 ? OptionalInt.empty() : OptionalInt.of(maxMergesPerContact);
    }

    /** {@return the hub rule; empty for none} */
    public Optional<HubRule> hubs() {
        return Optional.ofNullable(hubs);
    }

    /**
     * The most identifiers of the key one contact may hold.
     *
     * @param key an identifier key
     * @return the limit, 0 for none
     */
    public int maxPerContact(String key) {
        KeyRules own = keys.get(key);
        if (own != null && own.maxPerContact() > 0) {
            return own.maxPerContact();
        }
        return every == null ? 0 : every.maxPerContact();
    }

    boolean hasLimits() {
        return limits;
    }

    /**
     * The rule that blocks the identifier.
     *
     * @param identifier the identifier
     * @return the rule, such as {@code identifiers.emailaddress.blocked}, or {@code null} when none does
     */
    public @Nullable String blockedBy(Identifier identifier) {
        KeyRules own = keys.get(identifier.key());
        String rule = blockedBy(own, identifier.key(), identifier.value());
        return rule != null ? rule : blockedBy(every, EVERY_KEY, identifier.value());
    }

    /**
     * Whether a rule blocks the identifier.
     *
     * @param identifier the identifier
     * @return true when blocked
     */
    public boolean isBlocked(Identifier identifier) {
        return blockedBy(identifier) != null;
    }

    private static String blockedBy(KeyRules rules, String key, String value) {
        if (rules == null) {
            return null;
        }
        if (rules.blocked().contains(value)) {
            return "identifiers." + key + ".blocked";
        }
        for (Pattern p : rules.blockedPatterns()) {
            if (p.matcher(value).find()) {
                return "identifiers." + key + ".blockedPatterns";
            }
        }
        return null;
    }

    /**
     * The command without the identifiers these rules block (the same command when none is): what a
     * client sends to a provider that cannot apply the rules itself.
     *
     * @param command the command
     * @return the command without blocked identifiers
     */
    public UpsertCommand withoutBlocked(UpsertCommand command) {
        List<Identifier> kept = new ArrayList<>(command.identifiers().size());
        for (Identifier i : command.identifiers()) {
            if (!isBlocked(i)) {
                kept.add(i);
            }
        }
        return kept.size() == command.identifiers().size() ? command : command.withIdentifiers(kept, command.strategy());
    }

    /** {@return true when the rules hold a limit per contact or a merge cap: rules only a store that sees all contacts can apply} */
    public boolean needsStore() {
        return limits || maxContactsPerMerge > 0 || maxMergesPerContact >= 0;
    }

    /**
     * These rules with the identifiers blocked as well (for example the hubs of a run, or a value found to be shared).
     *
     * @param identifiers the identifiers to block
     * @return the rules
     */
    public IdentityRules withBlocked(Collection<Identifier> identifiers) {
        Map<String, KeyRules> out = new LinkedHashMap<>(keys);
        for (Identifier i : identifiers) {
            KeyRules k = out.get(i.key());
            Set<String> blocked = new LinkedHashSet<>(k == null ? Set.of() : k.blocked());
            blocked.add(i.value());
            out.put(i.key(), new KeyRules(blocked, k == null ? List.of() : k.blockedPatterns(), k == null ? 0 : k.maxPerContact()));
        }
        return new IdentityRules(out, maxContactsPerMerge, maxMergesPerContact, hubs);
    }

    /**
     * Rules from a parsed JSON or YAML document (maps, lists, strings, numbers and booleans):
     * <pre>{@code
     * {"identifiers": {"emailaddress": {"blocked": [...], "blockedPatterns": [...], "maxPerContact": 5}, ...},
     *  "merge": {"maxContactsPerMerge": 10, "maxMergesPerContact": 100},
     *  "hubs": {"threshold": 50, "autoBlock": false}}
     * }</pre>
     * Unknown fields, wrong types, invalid keys, values that fail normalization and patterns that do
     * not compile are violations, each with its path; nothing is silently ignored.
     *
     * @param tree the parsed document
     * @param policy how blocked values are normalized
     * @return the rules, or every violation found
     */
    public static Validation<Seq<Violation>, IdentityRules> fromTree(Map<?, ?> tree, IdentifierPolicy policy) {
        return new RulesReader(policy, false).read(tree);
    }

    /**
     * Rules from a parsed identity rules file, as the command line's {@code --rules} and the Spring Boot starter read one:
     * {@link #fromTree}, with each key under {@code identifiers} read as an identifier column's name is
     * ({@link IdentifierNames#ruleKey}): {@code email}, {@code E-mail}, {@code Phone Number}, {@code visitor_id} are the
     * well-known keys, {@code id:<key>} is the key {@code <key>}, any other key is taken as written. Violations name a key
     * as the file wrote it ({@code identifiers.Phone.blocked[0]}). Two keys that name one identifier key
     * ({@code email} and {@code emailaddress}) are the one violation reported ({@link IdentifierNames.Clash#violation}).
     *
     * @param tree the parsed document
     * @param policy how blocked values are normalized
     * @return the rules, or every violation found
     */
    public static Validation<Seq<Violation>, IdentityRules> fromFile(Map<?, ?> tree, IdentifierPolicy policy) {
        Optional<IdentifierNames.Clash> clash = IdentifierNames.clash(tree);
        if (clash.isPresent()) {
            return Validation.invalid(io.vavr.collection.List.of(clash.get().violation()));
        }
        return new RulesReader(policy, true).read(tree);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityRules r && maxContactsPerMerge == r.maxContactsPerMerge && maxMergesPerContact == r.maxMergesPerContact
                && Objects.equals(hubs, r.hubs) && keysEqual(keys, r.keys);
    }

    private static boolean keysEqual(Map<String, KeyRules> a, Map<String, KeyRules> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, KeyRules> e : a.entrySet()) {
            KeyRules x = e.getValue();
            KeyRules y = b.get(e.getKey());
            if (!x.blocked().equals(y.blocked()) || x.maxPerContact() != y.maxPerContact()
                    || !patterns(x.blockedPatterns()).equals(patterns(y.blockedPatterns()))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> patterns(List<Pattern> ps) {
        List<String> out = new ArrayList<>(ps.size());
        ps.forEach(p -> out.add(p.pattern()));
        return out;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys.keySet(), maxContactsPerMerge, maxMergesPerContact, hubs);
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "IdentityRules[none]";
        }
        StringBuilder b = new StringBuilder("IdentityRules[");
        keys.forEach((k, r) -> b.append(k).append(": blocked=").append(r.blocked().size()).append(" patterns=")
                .append(patterns(r.blockedPatterns())).append(r.maxPerContact() > 0 ? " maxPerContact=" + r.maxPerContact() : "").append("; "));
        maxContactsPerMerge().ifPresent(m -> b.append("maxContactsPerMerge=").append(m).append("; "));
        maxMergesPerContact().ifPresent(m -> b.append("maxMergesPerContact=").append(m).append("; "));
        hubs().ifPresent(h -> b.append("hubs=").append(h));
        return b.append(']').toString();
    }

    /** Builds rules in code; blocked values are normalized with the policy given. */
    public static final class Builder {
        private final IdentifierPolicy policy;
        private final Map<String, Set<String>> blocked = new LinkedHashMap<>();
        private final Map<String, List<Pattern>> patterns = new LinkedHashMap<>();
        private final Map<String, Integer> max = new LinkedHashMap<>();
        private int maxContactsPerMerge;
        private int maxMergesPerContact = -1;
        private HubRule hubs;

        private Builder(IdentifierPolicy policy) {
            // a blocked number need not be an assigned one (555 test numbers are the usual culprits): only a possible one
            this.policy = Objects.requireNonNull(policy, "policy").toBuilder().phoneCheck(PhoneCheck.POSSIBLE).build();
        }

        /**
         * Blocks a value of a key (normalized as identifiers of that key are; under {@value #EVERY_KEY}, trimmed).
         *
         * @param key the identifier key, or {@value #EVERY_KEY}
         * @param value the value to block
         * @return this builder
         *
         * @throws IllegalArgumentException when the key is not a valid key or the value fails normalization
         */
        public Builder blocked(String key, String value) {
            String canonical = canonical(key, value).fold(v -> {
                throw new IllegalArgumentException(v.toString());
            }, c -> c);
            blocked.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(canonical);
            return this;
        }

        /**
         * Blocks every value of the key in which the regular expression is found.
         *
         * @param key the identifier key, or {@value #EVERY_KEY}
         * @param regex the regular expression
         * @return this builder
         * @throws java.util.regex.PatternSyntaxException for a bad expression
         */
        public Builder blockedPattern(String key, String regex) {
            checkKey(key);
            patterns.computeIfAbsent(key, k -> new ArrayList<>()).add(Pattern.compile(regex));
            return this;
        }

        /**
         * At most {@code limit} (1 or more) identifiers of the key on one contact.
         *
         * @param key the identifier key
         * @param limit the limit, 1 or more
         * @return this builder
         */
        public Builder maxPerContact(String key, int limit) {
            checkKey(key);
            if (limit < 1) {
                throw new IllegalArgumentException("maxPerContact must be 1 or more, got " + limit);
            }
            max.put(key, limit);
            return this;
        }

        /**
         * A merge may join at most {@code limit} (1 or more) contacts.
         *
         * @param limit the limit, 1 or more
         * @return this builder
         */
        public Builder maxContactsPerMerge(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxContactsPerMerge must be 1 or more, got " + limit);
            }
            maxContactsPerMerge = limit;
            return this;
        }

        /**
         * At most {@code limit} (0 or more) contacts merged into one contact over its life.
         *
         * @param limit the limit, 0 or more
         * @return this builder
         */
        public Builder maxMergesPerContact(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("maxMergesPerContact must be 0 or more, got " + limit);
            }
            maxMergesPerContact = limit;
            return this;
        }

        /**
         * Sets the hub rule.
         *
         * @param threshold the fewest records an identifier must join to count as a hub
         * @param autoBlock whether hubs are blocked for the run
         * @return this builder
         */
        public Builder hubs(int threshold, boolean autoBlock) {
            hubs = new HubRule(threshold, autoBlock);
            return this;
        }

        /** {@return the rules} */
        public IdentityRules build() {
            Set<String> all = new LinkedHashSet<>();
            all.addAll(blocked.keySet());
            all.addAll(patterns.keySet());
            all.addAll(max.keySet());
            Map<String, KeyRules> keys = new LinkedHashMap<>();
            for (String k : all) {
                keys.put(k, new KeyRules(blocked.getOrDefault(k, Set.of()), patterns.getOrDefault(k, List.of()), max.getOrDefault(k, 0)));
            }
            return new IdentityRules(keys, maxContactsPerMerge, maxMergesPerContact, hubs);
        }

        Validation<Violation, String> canonical(String key, String value) {
            if (EVERY_KEY.equals(key)) {
                String v = value == null ? "" : value.strip();
                return v.isEmpty() ? Validation.invalid(Violation.of("value", "missing_value", "a blocked value must not be empty"))
                        : Validation.valid(v);
            }
            return policy.normalize(key, value).map(Identifier::value);
        }

        static void checkKey(String key) {
            if (!EVERY_KEY.equals(key) && !Identifier.isValidKey(key)) {
                throw new IllegalArgumentException("identifier key must be 1-64 letters, digits, '_' or '-', or " + EVERY_KEY);
            }
        }
    }
}
