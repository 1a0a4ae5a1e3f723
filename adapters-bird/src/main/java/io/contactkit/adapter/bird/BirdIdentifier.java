package io.contactkit.adapter.bird;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An identifier as Bird's identifier endpoints hold it: the identifier and its {@code properties}
 * (for example {@code {"countryCode": "US", "isGmail": true}}). Property keys are 1-64 letters or digits.
 */
public record BirdIdentifier(Identifier identifier, Map<String, AttributeValue> properties) {

    /**
     * Checks the components and copies the collections.
     *
     * @param identifier the identifier
     * @param properties the properties
     */
    public BirdIdentifier {
        Objects.requireNonNull(identifier, "identifier");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * An identifier without properties.
     *
     * @param identifier the identifier
     * @return the identifier
     */
    public static BirdIdentifier of(Identifier identifier) {
        return new BirdIdentifier(identifier, Map.of());
    }

    /** {@return the identifier's key} */
    public String key() {
        return identifier.key();
    }

    /** {@return the identifier's canonical value} */
    public String value() {
        return identifier.value();
    }
}
