package io.contactkit.cli.internal;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierNames;
import io.contactkit.domain.Limits;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a CSV column or an NDJSON field holds: an identifier of a key, or an attribute of a name.
 * {@code email}/{@code emailaddress}, {@code phone}/{@code phonenumber} and {@code visitorid} are the
 * well-known identifiers, in any case and with their words joined or separated by spaces, hyphens,
 * underscores or dots ({@code Email}, {@code E-mail}, {@code Email Address}, {@code phone_number},
 * {@code Phone Number}, {@code visitor_id}, {@code Visitor ID}), as contact exports name them;
 * {@code id:<key>} is a custom identifier ({@link IdentifierNames}, which rules files' keys are read by too). The attributes the domain and the providers read by name,
 * {@code firstName}, {@code lastName}, {@code displayName} and {@code languageCode}, are recognized the
 * same way ({@code First Name}, {@code last_name}, {@code Display-Name}, {@code LANGUAGE CODE}) and
 * named as the domain names them; every other name is an attribute, exactly as written.
 *
 * @param name       the column or field name as written
 * @param identifier true for an identifier
 * @param key        the identifier key, or the attribute name; null for a CSV column whose header cell is empty
 *                   ({@link #unnamed()})
 */
public record Field(String name, boolean identifier, String key) {

    /** Bridge's language field, as its adapter reads it from an attribute. */
    private static final String LANGUAGE_CODE = "languageCode";

    /**
     * Maps a name. @throws IllegalArgumentException saying what is wrong with the name
     */
    public static Field of(String rawName) {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a column has no name");
        }
        Optional<String> key = IdentifierNames.key(name);
        if (key.isPresent()) {
            if (!Identifier.isValidKey(key.get())) {
                throw new IllegalArgumentException("column '" + abbreviate(name) + "': an identifier key must be 1-64 letters, digits, '_' or '-'");
            }
            return new Field(name, true, key.get());
        }
        switch (IdentifierNames.comparable(name)) {
            case "firstname":
                return new Field(name, false, Contact.FIRST_NAME);
            case "lastname":
                return new Field(name, false, Contact.LAST_NAME);
            case "displayname":
                return new Field(name, false, Contact.DISPLAY_NAME);
            case "languagecode":
                return new Field(name, false, LANGUAGE_CODE);
            default:
                break;
        }
        if (name.length() > Limits.MAX_ATTRIBUTE_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("column '" + abbreviate(name) + "': an attribute name must be 1-"
                    + Limits.MAX_ATTRIBUTE_NAME_LENGTH + " characters without control characters");
        }
        return new Field(name, false, name);
    }

    /**
     * Maps a header's names, in order. @throws IllegalArgumentException starting {@code column N: }
     * when a name is invalid, is written twice, or names an attribute that an earlier column names
     * too ({@code firstName} and {@code First Name}). An empty or blank name is no error: that column is
     * {@link #unnamed()}.
     */
    public static Field[] header(List<String> names) {
        Field[] fields = new Field[names.size()];
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> attributes = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            String raw = names.get(i);
            if (raw == null || raw.isBlank()) {
                // a spreadsheet's export often ends its header with empty cells (a column once formatted, a trailing
                // comma): such a column holds nothing to map, and a record with a value there is rejected (RecordMapper)
                fields[i] = new Field(raw == null ? "" : raw, false, null);
                continue;
            }
            try {
                fields[i] = of(names.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + (i + 1) + ": " + e.getMessage(), e);
            }
            Field f = fields[i];
            Integer before = seen.putIfAbsent(f.name(), i + 1);
            if (before != null) {
                throw new IllegalArgumentException("column " + (i + 1) + ": duplicate column '" + abbreviate(f.name()) + "' (also column " + before + ")");
            }
            before = f.identifier() ? null : attributes.putIfAbsent(f.key(), i + 1);
            if (before != null) {
                throw new IllegalArgumentException("column " + (i + 1) + ": '" + abbreviate(f.name()) + "' names the attribute " + f.key()
                        + ", as column " + before + " ('" + abbreviate(fields[before - 1].name()) + "') does");
            }
        }
        return fields;
    }

    /** Whether this is a CSV column whose header cell is empty: it maps to nothing, and a value in it rejects its record. */
    public boolean unnamed() {
        return key == null;
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
