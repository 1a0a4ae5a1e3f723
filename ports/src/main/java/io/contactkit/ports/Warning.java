package io.contactkit.ports;

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

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
