package io.contactkit.domain;

import java.util.Objects;

/** One entry of an attribute patch: set a value, or remove the attribute. Absence from the patch keeps it. */
public sealed interface AttributeChange permits AttributeChange.Set, AttributeChange.Remove {

    /**
     * A change that sets the attribute.
     *
     * @param value the new value
     * @return the change
     */
    static AttributeChange set(AttributeValue value) {
        return new Set(value);
    }

    /** {@return the change that removes the attribute} */
    static AttributeChange remove() {
        return Remove.INSTANCE;
    }

    /** Sets the attribute to a value. */
    record Set(AttributeValue value) implements AttributeChange {
        /**
         * Checks the value is present.
         *
         * @param value the new value
         */
        public Set {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Removes the attribute (an explicit {@code null} in a provider's patch). */
    enum Remove implements AttributeChange {
        /**
         * The removal.
         */
        INSTANCE
    }
}
