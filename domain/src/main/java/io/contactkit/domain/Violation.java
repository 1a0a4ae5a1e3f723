package io.contactkit.domain;

import java.util.Objects;

/**
 * One problem found while validating input: the field it concerns (a path such as
 * {@code identifiers[2].value}), a stable machine-readable code and a human message.
 *
 * <p>Violations never contain secrets; they may quote the offending value when it is user data.
 */
public record Violation(String field, String code, String message) {

    /**
     * Checks the components are present.
     *
     * @param field the field it concerns, a path such as {@code identifiers[2].value}
     * @param code a stable machine-readable code
     * @param message a human message
     */
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A violation.
     *
     * @param field the field it concerns
     * @param code a stable machine-readable code
     * @param message a human message
     * @return the violation
     */
    public static Violation of(String field, String code, String message) {
        return new Violation(field, code, message);
    }

    /**
     * The same violation reported under a parent path, e.g. {@code value} becomes {@code identifiers[0].value}.
     *
     * @param parent the parent path
     * @return the violation
     */
    public Violation under(String parent) {
        return new Violation(field.isEmpty() ? parent : parent + "." + field, code, message);
    }

    @Override
    public String toString() {
        return field + ": " + message + " (" + code + ")";
    }
}
