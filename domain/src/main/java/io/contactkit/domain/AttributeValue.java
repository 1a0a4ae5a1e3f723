package io.contactkit.domain;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value of a contact attribute.
 *
 * <p>What a command may write is a {@link Text}, a {@link Num}, a {@link Bool}, or a non-empty
 * {@link Multi} of those. Providers also return values no command writes: {@link Null} (Bird
 * reports defined-but-empty attributes as {@code null}) and {@link Struct} (nested system attributes);
 * they are kept so that what a provider said survives the trip into the domain.
 */
public sealed interface AttributeValue permits AttributeValue.Text, AttributeValue.Num, AttributeValue.Bool,
        AttributeValue.Multi, AttributeValue.Struct, AttributeValue.Null {

    /**
     * A text value.
     *
     * @param value the text
     * @return the value
     */
    static Text of(String value) {
        return new Text(value);
    }

    /**
     * A whole number.
     *
     * @param value the number
     * @return the value
     */
    static Num of(long value) {
        return new Num(BigDecimal.valueOf(value));
    }

    /**
     * A decimal number.
     *
     * @param value the number
     * @return the value
     */
    static Num of(BigDecimal value) {
        return new Num(value);
    }

    /**
     * A boolean value.
     *
     * @param value the boolean
     * @return the value
     */
    static Bool of(boolean value) {
        return new Bool(value);
    }

    /**
     * A list of values.
     *
     * @param values the values, in order
     * @return the value
     */
    static Multi of(List<? extends AttributeValue> values) {
        return new Multi(List.copyOf(values));
    }

    /** {@return true for text, number and boolean values: the kinds a list may hold} */
    default boolean isScalar() {
        return this instanceof Text || this instanceof Num || this instanceof Bool;
    }

    /** {@return true for the kinds a command may write} */
    default boolean isWritable() {
        return isScalar() || (this instanceof Multi m && !m.values().isEmpty() && m.values().stream().allMatch(AttributeValue::isScalar));
    }

    /** A string value. */
    record Text(String value) implements AttributeValue {
        /**
         * Checks the text is present.
         *
         * @param value the text
         */
        public Text {
            Objects.requireNonNull(value, "value");
        }

        // the record's own equals and hashCode, written out: the generated ones go through method handles, which the
        // client compiler runs markedly slower (a deduplication run compares values on every update), and spin their
        // classes on first use; same results (the generated hashCode of a one-component record is the component's)
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Text t && value.equals(t.value));
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A number, exact. */
    record Num(BigDecimal value) implements AttributeValue {
        /**
         * Checks the number is present.
         *
         * @param value the number
         */
        public Num {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.stripTrailingZeros().hashCode();
        }

        /** The number written out in full; beyond {@link Limits#MAX_NUMBER_DIGITS} (which commands refuse), with an exponent. */
        @Override
        public String toString() {
            return Limits.isNumberInRange(value) ? value.toPlainString() : value.toString();
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements AttributeValue {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A list of values; commands may write only non-empty lists of scalars. */
    record Multi(List<AttributeValue> values) implements AttributeValue {
        /**
         * Copies the values.
         *
         * @param values the values, in order
         */
        public Multi {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /** A nested object, as providers return for some system attributes. Read-only. */
    record Struct(Map<String, AttributeValue> fields) implements AttributeValue {
        /**
         * Copies the fields, keeping their order.
         *
         * @param fields the fields by name
         */
        public Struct(Map<String, AttributeValue> fields) {
            this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }

    /** An attribute a provider reports as defined but empty. Read-only. */
    enum Null implements AttributeValue {
        /**
         * The null value.
         */
        INSTANCE;

        @Override
        public String toString() {
            return "null";
        }
    }
}
