package io.contactkit.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How people name identifier keys: a CSV column or an NDJSON field, a {@code --priority} entry, a key under
 * {@code identifiers} in an identity rules file. {@code email}/{@code emailaddress}, {@code phone}/{@code phonenumber} and
 * {@code visitorid} name the well-known keys, in any case and with their words joined or separated by spaces, hyphens,
 * underscores or dots ({@code E-mail}, {@code Email Address}, {@code Phone Number}, {@code visitor_id}); {@code id:<key>}
 * (the prefix in any case) names the key {@code <key>}. The command line and the Spring Boot starter read names through this
 * class, so that one rules file means the same rules to both.
 */
public final class IdentifierNames {

    private static final String CUSTOM_PREFIX = "id:";

    private IdentifierNames() {
    }

    /**
     * A name as names are compared: lower-cased, without the spaces, hyphens, underscores and dots between its words
     * ({@code Phone Number} and {@code phone_number} are both {@code phonenumber}).
     *
     * @param name the name, stripped of the white space around it
     * @return the name as compared
     */
    public static String comparable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder b = null;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean separator = c == ' ' || c == '-' || c == '_' || c == '.';
            if (separator && b == null) {
                b = new StringBuilder(lower.length()).append(lower, 0, i);
            } else if (!separator && b != null) {
                b.append(c);
            }
        }
        return b == null ? lower : b.toString();
    }

    /**
     * The identifier key a name names: a well-known key, or for {@code id:<key>} the key after the prefix, stripped and
     * not checked (see {@link Identifier#isValidKey}); empty for any other name, which names no identifier.
     *
     * @param name the name, stripped of the white space around it
     * @return the key, or empty
     */
    public static Optional<String> key(String name) {
        switch (comparable(name)) {
            case "email", "emailaddress":
                return Optional.of(Identifier.EMAIL);
            case "phone", "phonenumber":
                return Optional.of(Identifier.PHONE);
            case "visitorid":
                return Optional.of(Identifier.VISITOR);
            default:
                break;
        }
        if (name.toLowerCase(Locale.ROOT).startsWith(CUSTOM_PREFIX)) {
            return Optional.of(name.substring(CUSTOM_PREFIX.length()).strip());
        }
        return Optional.empty();
    }

    /**
     * The identifier key a rules file's key under {@code identifiers} names: the key a name names ({@link #key}, the
     * white space around it ignored) when that is a valid key ({@code Phone} is {@code phonenumber}, {@code id:crm} is
     * {@code crm}); otherwise the key as written ({@value IdentityRules#EVERY_KEY}, a custom key, or a name
     * {@link IdentityRules#fromFile} refuses as no key).
     *
     * @param written the key as the file wrote it
     * @return the identifier key
     */
    public static String ruleKey(String written) {
        if (written.equals(IdentityRules.EVERY_KEY)) {
            return written;
        }
        return key(written.strip()).filter(Identifier::isValidKey).orElse(written);
    }

    /**
     * The first two keys under a rules file's {@code identifiers} that name one identifier key ({@link #ruleKey}), such as
     * {@code email} and {@code emailaddress}: whose rules were meant cannot be told, so {@link IdentityRules#fromFile}
     * refuses such a file.
     *
     * @param tree the parsed rules file, or {@code null}
     * @return the two keys, or empty when every key names a key of its own (or there are no identifiers)
     */
    public static Optional<Clash> clash(@Nullable Map<?, ?> tree) {
        if (tree == null || !(tree.get("identifiers") instanceof Map<?, ?> identifiers)) {
            return Optional.empty();
        }
        Map<String, String> first = new HashMap<>();
        for (Object k : identifiers.keySet()) {
            String as = String.valueOf(k);
            String key = ruleKey(as);
            String before = first.putIfAbsent(key, as);
            if (before != null) {
                return Optional.of(new Clash(before, as, key));
            }
        }
        return Optional.empty();
    }

    /**
     * Two keys of a rules file that name one identifier key.
     *
     * @param first  the first of them, as written
     * @param second the second, as written
     * @param key    the identifier key both name
     */
    public record Clash(String first, String second, String key) {

        /**
         * What is wrong, as {@link IdentityRules#fromFile} reports it: a violation of {@code identifiers} with the code
         * {@code duplicate_key}.
         *
         * @return the violation
         */
        public Violation violation() {
            return Violation.of("identifiers", "duplicate_key", message(IdentifierPolicy::abbreviate));
        }

        /**
         * What is wrong, in a sentence: {@code identifiers.email and identifiers.emailaddress both name the identifier key
         * emailaddress: give its rules under one of them}.
         *
         * @param shown how a key is shown (shortened, its control characters escaped) where the sentence goes
         * @return the sentence
         */
        public String message(UnaryOperator<String> shown) {
            return "identifiers." + shown.apply(first) + " and identifiers." + shown.apply(second) + " both name the identifier key "
                    + shown.apply(key) + ": give its rules under one of them";
        }
    }
}
