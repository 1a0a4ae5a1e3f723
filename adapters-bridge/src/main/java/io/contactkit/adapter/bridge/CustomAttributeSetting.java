package io.contactkit.adapter.bridge;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One custom attribute a Bridge workspace defines, as {@code GET .../settings/attributes} serves it.
 *
 * @param id           what {@code customAttributeId} refers to
 * @param category     {@code OPEN} (free text, sent as {@code content}) or {@code CLOSED} (choices, sent as their ids)
 * @param required     whether NORMAL contacts must have it ({@code isRequired})
 * @param keyName      the key contacts show it under, and the attribute name commands use
 * @param type         the type Bridge reports, or {@code null}
 * @param choices      for CLOSED settings: each choice's id and value, in order
 * @param deletedAt    when it was archived, or {@code null}
 */
public record CustomAttributeSetting(String id, Category category, boolean required, String keyName, @Nullable String type,
                                     Map<String, String> choices, @Nullable Instant deletedAt) {

    /** Bridge's two kinds of custom attributes. */
    public enum Category {
        /** Free text, sent as {@code content}. */
        OPEN,
        /** One of the setting's choices, sent as the choice's id. */
        CLOSED
    }

    /**
     * Checks the components and copies the collections.
     *
     * @param id what {@code customAttributeId} refers to
     * @param category {@code OPEN} (free text, sent as {@code content}) or {@code CLOSED} (choices, sent as their ids)
     * @param required whether NORMAL contacts must have it ({@code isRequired})
     * @param keyName the key contacts show it under, and the attribute name commands use
     * @param type the type Bridge reports, or {@code null}
     * @param choices for CLOSED settings: each choice's id and value, in order
     * @param deletedAt when it was archived, or {@code null}
     */
    public CustomAttributeSetting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(keyName, "keyName");
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    /**
     * Archived at or before this instant: no longer writable, no longer required.
     *
     * @param now the instant to judge at
     * @return {@code true} if {@code deletedAt} is set and not after {@code now}
     */
    public boolean archived(Instant now) {
        return deletedAt != null && !deletedAt.isAfter(now);
    }

    /**
     * The id of the choice with exactly this value.
     *
     * @param value the choice's value, compared exactly (case included)
     * @return the choice's id, or empty when no choice has this value (always for an OPEN setting)
     */
    public Optional<String> choiceId(String value) {
        for (Map.Entry<String, String> e : choices.entrySet()) {
            if (e.getValue().equals(value)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
