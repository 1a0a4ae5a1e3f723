package io.contactkit.adapter.bird;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
public record AttributeDefinition(String key, @Nullable String type, @Nullable String cardinality, boolean readOnly, boolean pii,
                                  boolean builtin) {

    /**
     * Checks the components and copies the collections.
     *
     * @param key the attribute name, e.g. {@code firstName}
     * @param type Bird's type name, e.g. {@code string}, {@code number}, {@code boolean}
     * @param cardinality {@code one} or {@code many}
     * @param readOnly written only by Bird itself (identifier mirrors such as {@code emailaddress})
     * @param pii holds personal data
     * @param builtin defined by Bird rather than the workspace
     */
    public AttributeDefinition {
        Objects.requireNonNull(key, "key");
    }

    /** {@return true when values are lists} */
    public boolean isMultiValued() {
        return "many".equalsIgnoreCase(cardinality);
    }
}
