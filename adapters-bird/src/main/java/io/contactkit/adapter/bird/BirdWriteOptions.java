package io.contactkit.adapter.bird;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of Bird's create, upsert and update bodies that an {@link io.contactkit.domain.UpsertCommand}
 * does not carry: replacing memberships ({@code listIds}, {@code accountIds}), company references,
 * an explicit display name for a create, identifier properties, {@code allowWritingReadOnly}, and any
 * other body field (Bird's pages allow "Other properties: any") as JSON text.
 * Immutable; {@link #none()} adds nothing.
 *
 * <pre>{@code
 * BirdWriteOptions options = BirdWriteOptions.builder()
 *         .otherProperty("externalSource", "\"crm\"")
 *         .otherProperty("consent", "{\"marketing\": true}")
 *         .build();
 * }</pre>
 */
public final class BirdWriteOptions {

    private static final BirdWriteOptions NONE = builder().build();

    private final List<String> listIds;
    private final List<String> accountIds;
    private final List<String> companyRefs;
    private final String displayName;
    private final Map<Identifier, Map<String, AttributeValue>> identifierProperties;
    private final boolean allowWritingReadOnly;
    private final Map<String, String> otherProperties;

    private BirdWriteOptions(Builder b) {
        this.listIds = b.listIds == null ? null : List.copyOf(b.listIds);
        this.accountIds = b.accountIds == null ? null : List.copyOf(b.accountIds);
        this.companyRefs = b.companyRefs == null ? null : List.copyOf(b.companyRefs);
        this.displayName = b.displayName;
        Map<Identifier, Map<String, AttributeValue>> props = new LinkedHashMap<>();
        b.identifierProperties.forEach((k, v) -> props.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        this.identifierProperties = Collections.unmodifiableMap(props);
        this.allowWritingReadOnly = b.allowWritingReadOnly;
        this.otherProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.otherProperties));
    }

    /** {@return options that add nothing to the request} */
    public static BirdWriteOptions none() {
        return NONE;
    }

    /** {@return a builder of options} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the lists that replace the contact's lists (at most 10 UUIDs); empty when not replacing} */
    public Optional<List<String>> listIds() {
        return Optional.ofNullable(listIds);
    }

    /** {@return the accounts that replace the contact's accounts (1-10 UUIDs); empty when not replacing} */
    public Optional<List<String>> accountIds() {
        return Optional.ofNullable(accountIds);
    }

    /** {@return company references of a created contact} */
    public Optional<List<String>> companyRefs() {
        return Optional.ofNullable(companyRefs);
    }

    /** {@return the display name of a created contact; empty: derived from the command (Bird's rule)} */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /**
     * Properties sent with identifiers the request adds.
     *
     * @param identifier the identifier
     * @return the properties
     */
    public Map<String, AttributeValue> propertiesOf(Identifier identifier) {
        return identifierProperties.getOrDefault(identifier, Map.of());
    }

    /** {@return the properties to send with each identifier} */
    public Map<Identifier, Map<String, AttributeValue>> identifierProperties() {
        return identifierProperties;
    }

    /** {@return whether writing read-only attributes is allowed; Bird allows it only for requests from flows and journeys} */
    public boolean allowWritingReadOnly() {
        return allowWritingReadOnly;
    }

    /**
     * Body fields contactkit does not model, each as JSON text, sent as given. A request checks them
     * before sending: every value must be one JSON value, and no name may be a field contactkit writes.
     *
     * @return the properties by name
     */
    public Map<String, String> otherProperties() {
        return otherProperties;
    }

    @Override
    public String toString() {
        return "BirdWriteOptions[listIds=" + listIds + ", accountIds=" + accountIds + ", companyRefs=" + companyRefs
                + ", displayName=" + displayName + ", identifierProperties=" + identifierProperties
                + ", allowWritingReadOnly=" + allowWritingReadOnly + ", otherProperties=" + otherProperties.keySet() + "]";
    }

    /** Builds {@link BirdWriteOptions}; the values are checked when a request uses them. */
    public static final class Builder {
        private List<String> listIds;
        private List<String> accountIds;
        private List<String> companyRefs;
        private String displayName;
        private final Map<Identifier, Map<String, AttributeValue>> identifierProperties = new LinkedHashMap<>();
        private boolean allowWritingReadOnly;
        private final Map<String, String> otherProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the {@code listIds} sent.
         *
         * @param value the list ids
         * @return this builder
         */
        public Builder listIds(List<String> value) {
            this.listIds = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the {@code accountIds} sent.
         *
         * @param value the account ids
         * @return this builder
         */
        public Builder accountIds(List<String> value) {
            this.accountIds = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the {@code companyRefs} sent.
         *
         * @param value the company references
         * @return this builder
         */
        public Builder companyRefs(List<String> value) {
            this.companyRefs = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the {@code displayName} sent.
         *
         * @param value the display name
         * @return this builder
         */
        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        /**
         * Sets the properties sent with one identifier.
         *
         * @param identifier the identifier
         * @param properties its properties
         * @return this builder
         */
        public Builder identifierProperties(Identifier identifier, Map<String, AttributeValue> properties) {
            identifierProperties.put(Objects.requireNonNull(identifier, "identifier"), Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /**
         * Allows writing attributes Bird marks read-only.
         *
         * @param value true to allow it
         * @return this builder
         */
        public Builder allowWritingReadOnly(boolean value) {
            this.allowWritingReadOnly = value;
            return this;
        }

        /**
         * A body field contactkit does not model, with its value as JSON text ({@code "\"text\""}, {@code "42"}, {@code "{...}"}).
         *
         * @param json a body field contactkit does not model, with its value as JSON text ({@code "\"text\""}, {@code "42"}, {@code "{...}"})
         * @param name the property's name
         * @return this builder
         */
        public Builder otherProperty(String name, String json) {
            otherProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(json, "json"));
            return this;
        }

        /** {@return the options} */
        public BirdWriteOptions build() {
            return new BirdWriteOptions(this);
        }
    }
}
