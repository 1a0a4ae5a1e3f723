package io.contactkit.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An identifier of a contact: a {@code (key, value)} pair whose value is canonical.
 *
 * <p>Values are compared exactly, so two identifiers match only when both were normalized the same
 * way. Build identifiers from user input with {@link IdentifierPolicy#normalize(String, String)};
 * {@link #of(String, String)} is for values already known to be canonical (read back from a
 * provider, or normalized earlier) and checks only the syntax of key and value.
 */
public record Identifier(String key, String value) {

    /** The well-known key of e-mail addresses. */
    public static final String EMAIL = "emailaddress";
    /** The well-known key of phone numbers (E.164). */
    public static final String PHONE = "phonenumber";
    /** The well-known key of anonymous visitor ids. */
    public static final String VISITOR = "visitorid";

    /**
     * The longest key.
     */
    public static final int MAX_KEY_LENGTH = 64;
    /**
     * The longest value.
     */
    public static final int MAX_VALUE_LENGTH = 500;

    /**
     * Checks the key and the length of the value; the value is taken as canonical.
     *
     * @param key the key, such as {@code emailaddress}
     * @param value the canonical value
     */
    public Identifier {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("identifier key must be 1-64 letters, digits, '_' or '-'");
        }
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("identifier value must be 1-500 characters");
        }
    }

    /**
     * An identifier whose value is already canonical.
     *
     * @param key the key, such as {@code emailaddress}
     * @param value the canonical value
     * @return the identifier
     */
    public static Identifier of(String key, String value) {
        return new Identifier(key, value);
    }

    /**
     * Whether a key is well formed: 1-64 characters of ASCII letters, digits, {@code _} and {@code -}.
     *
     * @param key the key, or {@code null}
     * @return true when well formed
     */
    public static boolean isValidKey(@Nullable String key) {
        // the well-known keys, which most identifiers carry (the same instances: callers name them by these constants):
        // valid without a scan. Small, so that the client compiler inlines it where it is called for every identifier
        return key == EMAIL || key == PHONE || key == VISITOR || isValidOtherKey(key);
    }

    private static boolean isValidOtherKey(@Nullable String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        // a custom key (a file's "id:crm" column) is the very same string in every row: found valid once, then known by
        // identity
        if (CHECKED_KEYS.contains(key)) {
            return true;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        CHECKED_KEYS.add(key);
        return true;
    }

    private static final CheckedStrings CHECKED_KEYS = new CheckedStrings(16);

    /** {@return true for an {@code emailaddress} identifier} */
    public boolean isEmail() {
        return EMAIL.equals(key);
    }

    /** {@return true for a {@code phonenumber} identifier} */
    public boolean isPhone() {
        return PHONE.equals(key);
    }

    /** {@return true for a {@code visitorid} identifier} */
    public boolean isVisitor() {
        return VISITOR.equals(key);
    }

    /** {@return true for keys other than the three well-known ones (CRM ids, loyalty ids, ...)} */
    public boolean isCustom() {
        return !isEmail() && !isPhone() && !isVisitor();
    }

    // written out rather than generated: identifiers are the keys of the identity index, so these run
    // several times per command; the value is compared first, as it differs far more often than the key
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Identifier other && value.equals(other.value) && key.equals(other.key));
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
        return key + ":" + value;
    }
}
