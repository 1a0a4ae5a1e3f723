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

    public BirdIdentifier {
        Objects.requireNonNull(identifier, "identifier");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** An identifier without properties. */
    public static BirdIdentifier of(Identifier identifier) {
        return new BirdIdentifier(identifier, Map.of());
    }

    public String key() {
        return identifier.key();
    }

    public String value() {
        return identifier.value();
    }
}
