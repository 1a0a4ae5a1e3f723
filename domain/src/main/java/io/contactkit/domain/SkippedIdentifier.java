package io.contactkit.domain;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An identifier of a command that was not added to the chosen contact, and why.
 *
 * @param identifier the identifier
 * @param ownerId    the contact that owns it, or {@code null} when nobody does
 * @param reason     why it was not added
 */
public record SkippedIdentifier(Identifier identifier, @Nullable String ownerId, Reason reason) {

    /** Why an identifier was not added. */
    public enum Reason {
        /** Another contact owns it ({@code first_alias} and {@code first} do not move identifiers). */
        OWNED_BY_ANOTHER_CONTACT,
        /** The {@code first} strategy adds no identifiers to an existing contact. */
        STRATEGY_ADDS_NONE,
        /** The identity rules block the value: it was dropped before matching, as if absent. */
        BLOCKED,
        /** Taking it would give the contact more identifiers of its key than the identity rules allow. */
        LIMIT,
        /** Another contact owns it, and merging that contact would break the identity rules' merge caps. */
        MERGE_PROTECTED;

        /** {@return the name written in outputs: {@code owned_by_another_contact}, {@code blocked}, {@code limit}, ...} */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@return the contact that owns the identifier, when another one does} */
    public Optional<String> owner() {
        return Optional.ofNullable(ownerId);
    }

    @Override
    public String toString() {
        return identifier + (ownerId == null ? "" : " (owned by " + ownerId + ")") + " " + reason;
    }
}
