package io.contactkit.domain;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A change to a single-valued text field of a contact (its owner or language): set to a value, or
 * remove when the value is absent. A command that does not mention the field carries no change.
 *
 * @param newValue the new value, or {@code null} to remove the field
 */
public record TextChange(@Nullable String newValue) {

    /**
     * A change that sets the field.
     *
     * @param value the new value
     * @return the change
     */
    public static TextChange set(String value) {
        return new TextChange(java.util.Objects.requireNonNull(value, "value"));
    }

    /** {@return the change that removes the field} */
    public static TextChange remove() {
        return new TextChange(null);
    }

    /** {@return true when the change removes the field} */
    public boolean isRemoval() {
        return newValue == null;
    }

    /** {@return the new value; empty for a removal} */
    public Optional<String> value() {
        return Optional.ofNullable(newValue);
    }
}
