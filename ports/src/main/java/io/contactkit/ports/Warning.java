package io.contactkit.ports;

import io.contactkit.domain.SkippedIdentifier;
import java.util.Objects;

/**
 * Something a request did not do as asked although it succeeded: an identifier the provider cannot
 * hold, an attribute the workspace does not define, an identifier owned by another contact, ...
 *
 * @param code a stable machine-readable code
 * @param message what was not done, for people
 */
public record Warning(String code, String message) {

    /**
     * Checks both parts are present.
     *
     * @param code a stable machine-readable code
     * @param message what was not done, for people
     */
    public Warning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The warning for an identifier of an upsert its contact did not take, as every store deciding with
     * the domain reports it: {@code identifier_skipped} (another contact owns it), {@code identifier_not_added}
     * (the {@code first} strategy adds none), {@code identifier_blocked}, {@code identifier_limit} and
     * {@code merge_protected} (the identity rules).
     *
     * @param s the skipped identifier
     * @return the warning
     */
    public static Warning skipped(SkippedIdentifier s) {
        switch (s.reason()) {
            case OWNED_BY_ANOTHER_CONTACT:
                return new Warning("identifier_skipped", s.identifier() + " belongs to contact " + s.ownerId());
            case STRATEGY_ADDS_NONE:
                return new Warning("identifier_not_added", s.identifier() + " was not added: the first strategy adds no identifiers");
            case BLOCKED:
                return new Warning("identifier_blocked", s.identifier() + " is blocked by the identity rules: it was ignored");
            case LIMIT:
                return new Warning("identifier_limit", s.identifier() + " was not added: the contact would hold more identifiers of its key than the identity rules allow");
            default:
                return new Warning("merge_protected", s.identifier() + " belongs to contact " + s.ownerId()
                        + ", which the identity rules' merge caps keep from being merged");
        }
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
