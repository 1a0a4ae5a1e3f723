package io.contactkit.domain;

import java.util.Optional;

/**
 * A change to a single-valued text field of a contact (its owner or language): set to a value, or
 * remove when the value is absent. A command that does not mention the field carries no change.
 */
public record TextChange(String newValue) {

    public static TextChange set(String value) {
        return new TextChange(java.util.Objects.requireNonNull(value, "value"));
    }

    public static TextChange remove() {
        return new TextChange(null);
    }

    public boolean isRemoval() {
        return newValue == null;
    }

    public Optional<String> value() {
        return Optional.ofNullable(newValue);
    }
}
