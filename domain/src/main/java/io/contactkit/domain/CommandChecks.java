package io.contactkit.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks behind {@link UpsertCommand.Builder#build(IdentifierPolicy)}, each adding to a list of violations. */
final class CommandChecks {

    private CommandChecks() {
    }

    // attribute names found valid lately (a file's commands name the same few, the very same strings row after row)
    private static final CheckedStrings CHECKED_NAMES = new CheckedStrings(64);

    /** Whether this very string (not only an equal one) was found a valid attribute name before; strings do not change. */
    static boolean isCheckedName(String name) {
        return CHECKED_NAMES.contains(name);
    }

    /** The first {@code count} names and changes of a patch, in its order. */
    static void attributes(String[] names, AttributeChange[] changes, int count, List<Violation> problems) {
        if (count > Limits.MAX_ATTRIBUTES_PER_COMMAND) {
            problems.add(Violation.of("attributes", "too_many",
                    count + " attributes; at most " + Limits.MAX_ATTRIBUTES_PER_COMMAND + " per command"));
            return;
        }
        for (int k = 0; k < count; k++) {
            String name = names[k];
            if (!isCheckedName(name)) {
                if (name == null || name.isBlank() || name.length() > Limits.MAX_ATTRIBUTE_NAME_LENGTH
                        || IdentifierPolicy.hasControlCharacter(name)) {
                    problems.add(Violation.of("attributes", "invalid_name", "attribute name '"
                            + (name == null ? "null" : IdentifierPolicy.abbreviate(name)) + "' must be 1-"
                            + Limits.MAX_ATTRIBUTE_NAME_LENGTH + " characters without control characters"));
                    continue;
                }
                CHECKED_NAMES.add(name);
            }
            if (changes[k] instanceof AttributeChange.Set set) {
                value(name, set.value(), problems);
            }
        }
    }

    // the field path is built only for a violation: this runs for every attribute of every command
    private static void value(String name, AttributeValue value, List<Violation> problems) {
        if (value instanceof AttributeValue.Text t && t.value().length() <= Limits.MAX_TEXT_VALUE_LENGTH) {
            return;
        }
        String field = "attributes." + name;
        // each message names the attribute: a caller that shows the message alone (a command line's result) still says which
        String attribute = "attribute '" + IdentifierPolicy.abbreviate(name) + "': ";
        if (!value.isWritable()) {
            problems.add(Violation.of(field, "invalid_value",
                    attribute + "an attribute value must be a string, number, boolean or a non-empty list of those"));
            return;
        }
        if (value instanceof AttributeValue.Multi m && m.values().size() > Limits.MAX_LIST_VALUE_SIZE) {
            problems.add(Violation.of(field, "too_many", attribute + "a list value holds at most " + Limits.MAX_LIST_VALUE_SIZE + " items, this one holds "
                    + m.values().size()));
            return;
        }
        List<AttributeValue> items = value instanceof AttributeValue.Multi m ? m.values() : List.of(value);
        for (AttributeValue item : items) {
            if (item instanceof AttributeValue.Text t && t.value().length() > Limits.MAX_TEXT_VALUE_LENGTH) {
                problems.add(Violation.of(field, "too_long", attribute + "a text value is at most " + Limits.MAX_TEXT_VALUE_LENGTH
                        + " characters, this one has " + t.value().length()));
                return;
            }
            if (item instanceof AttributeValue.Num n && !Limits.isNumberInRange(n.value())) {
                problems.add(Violation.of(field, "out_of_range", attribute + "a number has at most " + Limits.MAX_NUMBER_DIGITS
                        + " digits before its decimal point and as many after it"));
                return;
            }
        }
    }

    static void memberships(String field, List<String> ids, List<Violation> problems) {
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > Limits.MAX_MEMBERSHIP_IDS) {
            problems.add(Violation.of(field, "too_many",
                    ids.size() + " ids; at most " + Limits.MAX_MEMBERSHIP_IDS + " per change"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String path = field + "[" + i + "]";
            if (id == null || id.isBlank() || id.length() > Limits.MAX_MEMBERSHIP_ID_LENGTH || IdentifierPolicy.hasControlCharacter(id)) {
                problems.add(Violation.of(path, "invalid_id", "an id must be 1-" + Limits.MAX_MEMBERSHIP_ID_LENGTH
                        + " characters without control characters"));
            } else if (!seen.add(id)) {
                problems.add(Violation.of(path, "duplicate", "id " + IdentifierPolicy.abbreviate(id) + " is given twice"));
            }
        }
    }

    static void contradictions(String what, List<String> add, List<String> remove, List<Violation> problems) {
        if (add.isEmpty() || remove.isEmpty()) {
            return;
        }
        Set<String> added = new HashSet<>(add);
        for (String id : remove) {
            if (id != null && added.contains(id)) {
                problems.add(Violation.of(what, "contradiction", "id " + IdentifierPolicy.abbreviate(id) + " is both added to and removed from " + what));
            }
        }
    }

    static void text(String field, TextChange change, int max, List<Violation> problems) {
        if (change == null || change.isRemoval()) {
            return;
        }
        String v = change.newValue();
        if (v.isBlank() || v.length() > max || IdentifierPolicy.hasControlCharacter(v)) {
            problems.add(Violation.of(field, "invalid_value", field + " must be 1-" + max + " characters without control characters"));
        }
    }

    static void language(TextChange change, List<Violation> problems) {
        if (change == null || change.isRemoval()) {
            return;
        }
        String v = change.newValue();
        boolean ok = !v.isEmpty() && v.length() <= Limits.MAX_LANGUAGE_LENGTH;
        for (int i = 0; ok && i < v.length(); i++) {
            char c = v.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!ok) {
            problems.add(Violation.of("language", "invalid_value",
                    "language must be a language tag such as EN or pt-BR (1-" + Limits.MAX_LANGUAGE_LENGTH + " letters, digits, '-')"));
        }
    }
}
