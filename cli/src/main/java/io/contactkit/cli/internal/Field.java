package io.contactkit.cli.internal;

import io.contactkit.domain.Identifier;
import io.contactkit.domain.Limits;
import java.util.Locale;

/**
 * What a CSV column or an NDJSON field holds: an identifier of a key, or an attribute of a name.
 * {@code email}/{@code emailaddress}, {@code phone}/{@code phonenumber} and {@code visitorid} are the
 * well-known identifiers, in any case and with their words joined or separated by spaces, hyphens,
 * underscores or dots ({@code Email}, {@code E-mail}, {@code Email Address}, {@code phone_number},
 * {@code Phone Number}, {@code visitor_id}, {@code Visitor ID}), as contact exports name them;
 * {@code id:<key>} is a custom identifier; every other name is an attribute, exactly as written.
 *
 * @param name       the column or field name as written
 * @param identifier true for an identifier
 * @param key        the identifier key, or the attribute name
 */
public record Field(String name, boolean identifier, String key) {

    private static final String CUSTOM_PREFIX = "id:";

    /**
     * Maps a name. @throws IllegalArgumentException saying what is wrong with the name
     */
    public static Field of(String rawName) {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a column has no name");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        switch (joined(lower)) {
            case "email", "emailaddress":
                return new Field(name, true, Identifier.EMAIL);
            case "phone", "phonenumber":
                return new Field(name, true, Identifier.PHONE);
            case "visitorid":
                return new Field(name, true, Identifier.VISITOR);
            default:
                break;
        }
        if (lower.startsWith(CUSTOM_PREFIX)) {
            String key = name.substring(CUSTOM_PREFIX.length()).strip();
            if (!Identifier.isValidKey(key)) {
                throw new IllegalArgumentException("column '" + abbreviate(name) + "': an identifier key must be 1-64 letters, digits, '_' or '-'");
            }
            return new Field(name, true, key);
        }
        if (name.length() > Limits.MAX_ATTRIBUTE_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("column '" + abbreviate(name) + "': an attribute name must be 1-"
                    + Limits.MAX_ATTRIBUTE_NAME_LENGTH + " characters without control characters");
        }
        return new Field(name, false, name);
    }

    /** The name without the spaces, hyphens, underscores and dots between its words. */
    private static String joined(String lower) {
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
     * The identifier key a {@code --priority} entry names: a well-known column name, {@code id:<key>},
     * or a key itself.
     */
    public static String priorityKey(String entry) {
        Field f;
        try {
            f = of(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid identifier key '" + abbreviate(entry == null ? "" : entry.strip()) + "' in --priority");
        }
        if (!Identifier.isValidKey(f.key())) {
            throw new IllegalArgumentException("invalid identifier key '" + abbreviate(f.key()) + "' in --priority");
        }
        return f.key();
    }

    static String abbreviate(String s) {
        return abbreviate(s, 64);
    }

    /** At most {@code max} characters of {@code s} (cut with "..."), its control characters escaped for a terminal. */
    static String abbreviate(String s, int max) {
        String shown = s.length() <= max ? s : s.substring(0, max - 3) + "...";
        StringBuilder b = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            b.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
