package io.contactkit.domain;

import java.util.Map;

/**
 * When a contact's values were written, as a {@link ContactBook} records it to resolve merges by last
 * write: for each attribute the contact holds a value or a removal for, in the contact's order, and for
 * owner and language, the number of the command that last wrote it (the book numbers the commands it
 * applies 1, 2, 3, ...; see {@link ContactBook#commandsApplied()}), 0 for a value the contact was
 * restored with, and -1 for owner or language never written. A store that keeps contacts outside the
 * book keeps these to merge later exactly as the book would.
 *
 * @param attributes per attribute name, the number of the command that last wrote or removed it
 * @param owner      the number of the command that last wrote the owner, or -1
 * @param language   the number of the command that last wrote the language, or -1
 */
public record ValueStamps(Map<String, Long> attributes, long owner, long language) {

    /**
     * Keeps the attribute order and copies the map.
     *
     * @param attributes per attribute name, the number of the command that last wrote or removed it
     * @param owner      the number of the command that last wrote the owner, or -1
     * @param language   the number of the command that last wrote the language, or -1
     */
    public ValueStamps {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
