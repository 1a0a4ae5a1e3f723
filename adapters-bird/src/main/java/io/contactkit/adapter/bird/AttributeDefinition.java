package io.contactkit.adapter.bird;

import java.util.Objects;

/**
 * One attribute a Bird workspace defines. Fields Bird leaves out read as {@code null} (type,
 * cardinality) or {@code false}.
 *
 * @param key         the attribute name, e.g. {@code firstName}
 * @param type        Bird's type name, e.g. {@code string}, {@code number}, {@code boolean}
 * @param cardinality {@code one} or {@code many}
 * @param readOnly    written only by Bird itself (identifier mirrors such as {@code emailaddress})
 * @param pii         holds personal data
 * @param builtin     defined by Bird rather than the workspace
 */
public record AttributeDefinition(String key, String type, String cardinality, boolean readOnly, boolean pii, boolean builtin) {

    public AttributeDefinition {
        Objects.requireNonNull(key, "key");
    }

    /** True when values are lists. */
    public boolean isMultiValued() {
        return "many".equalsIgnoreCase(cardinality);
    }
}
