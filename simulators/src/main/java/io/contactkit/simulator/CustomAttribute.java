package io.contactkit.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A custom attribute setting of a Bridge workspace, as {@code GET .../settings/attributes} serves it.
 * Required settings that are not archived decide, with cellphone, names and language, whether a
 * contact is {@code NORMAL} or {@code PARTIAL}. Ids are derived from the key name unless given, so
 * tests can name them without asking the simulator.
 *
 * @param id           the setting's id (what {@code customAttributeId} refers to)
 * @param category     {@code OPEN} (free text) or {@code CLOSED} (a choice among values)
 * @param isRequired   whether NORMAL contacts must have it
 * @param keyName      the key contacts show it under
 * @param type         the type Bridge reports
 * @param closedValues for CLOSED settings: each choice's id and value, in order
 * @param deletedAt    when it was archived, or {@code null}
 */
public record CustomAttribute(String id, Category category, boolean isRequired, String keyName, String type,
                              Map<String, String> closedValues, @Nullable Instant deletedAt) {

    /** Bridge's two kinds of custom attributes. */
    public enum Category {
        /** Free text. */
        OPEN,
        /** One of the setting's values, written by the choice's id. */
        CLOSED
    }

    /**
     * Checks the components and copies the choices.
     *
     * @param id           the setting's id (what {@code customAttributeId} refers to)
     * @param category     {@code OPEN} (free text) or {@code CLOSED} (a choice among values)
     * @param isRequired   whether NORMAL contacts must have it
     * @param keyName      the key contacts show it under
     * @param type         the type Bridge reports
     * @param closedValues for CLOSED settings: each choice's id and value, in order
     * @param deletedAt    when it was archived, or {@code null}
     * @throws NullPointerException if {@code id}, {@code category}, {@code keyName}, {@code type} or {@code closedValues} is null
     */
    public CustomAttribute {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(type, "type");
        closedValues = Collections.unmodifiableMap(new LinkedHashMap<>(closedValues));
    }

    /**
     * An optional free-text attribute, of type {@code TEXT}, with an id derived from its key name.
     *
     * @param keyName the key contacts show it under
     * @return the setting, neither required nor archived
     */
    public static CustomAttribute open(String keyName) {
        return new CustomAttribute(idFor("open", keyName), Category.OPEN, false, keyName, "TEXT", Map.of(), null);
    }

    /**
     * An optional attribute whose values are chosen among these, of type {@code SELECT}; each choice's id is {@link #choiceId}.
     *
     * @param keyName the key contacts show it under
     * @param values  the choices, in order
     * @return the setting, neither required nor archived
     */
    public static CustomAttribute closed(String keyName, String... values) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (String v : values) {
            choices.put(idFor("choice:" + keyName, v), v);
        }
        return new CustomAttribute(idFor("closed", keyName), Category.CLOSED, false, keyName, "SELECT", choices, null);
    }

    /** {@return the same setting, required for NORMAL contacts} */
    public CustomAttribute required() {
        return new CustomAttribute(id, category, true, keyName, type, closedValues, deletedAt);
    }

    /**
     * The same setting, archived at this instant (archived settings no longer count as required).
     *
     * @param when when it was archived
     * @return the archived setting
     * @throws NullPointerException if {@code when} is null
     */
    public CustomAttribute archivedAt(Instant when) {
        return new CustomAttribute(id, category, isRequired, keyName, type, closedValues, Objects.requireNonNull(when, "when"));
    }

    /**
     * The same setting under another id.
     *
     * @param newId the id to serve it under
     * @return the setting with that id
     * @throws NullPointerException if {@code newId} is null
     */
    public CustomAttribute withId(String newId) {
        return new CustomAttribute(newId, category, isRequired, keyName, type, closedValues, deletedAt);
    }

    /**
     * The id of one of a CLOSED setting's choices.
     *
     * @param value the choice's value, compared exactly
     * @return the choice's id
     * @throws IllegalArgumentException if no choice has this value
     */
    public String choiceId(String value) {
        for (Map.Entry<String, String> e : closedValues.entrySet()) {
            if (e.getValue().equals(value)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no such choice: " + value);
    }

    /**
     * Whether it is archived at this instant.
     *
     * @param now the instant to judge at
     * @return {@code true} if {@code deletedAt} is set and not after {@code now}
     */
    public boolean archived(Instant now) {
        return deletedAt != null && !deletedAt.isAfter(now);
    }

    private static String idFor(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
