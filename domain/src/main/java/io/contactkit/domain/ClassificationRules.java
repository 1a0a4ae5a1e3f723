package io.contactkit.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration behind Bridge's classification: which custom attributes the workspace marks
 * required (Bridge serves them as attribute settings with {@code isRequired: true} and no
 * {@code deletedAt}). Immutable.
 */
public final class ClassificationRules {

    private static final ClassificationRules NONE = new ClassificationRules(Set.of());

    private final Set<String> requiredCustomAttributes;

    private ClassificationRules(Set<String> required) {
        this.requiredCustomAttributes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(required));
    }

    /** {@return rules requiring no custom attribute} */
    public static ClassificationRules none() {
        return NONE;
    }

    /**
     * Rules requiring custom attributes.
     *
     * @param customAttributes the names of the required custom attributes
     * @return the rules
     */
    public static ClassificationRules requiring(Iterable<String> customAttributes) {
        Set<String> s = new LinkedHashSet<>();
        customAttributes.forEach(s::add);
        return new ClassificationRules(s);
    }

    /**
     * Rules requiring custom attributes.
     *
     * @param customAttributes the names of the required custom attributes
     * @return the rules
     */
    public static ClassificationRules requiring(String... customAttributes) {
        return requiring(List.of(customAttributes));
    }

    /** {@return the names of the required custom attributes, in order} */
    public Set<String> requiredCustomAttributes() {
        return requiredCustomAttributes;
    }

    /**
     * What a contact lacks to be NORMAL: {@code cellphone}, {@code firstName}, {@code lastName},
     * {@code language}, then each missing required custom attribute, in that order. Empty for NORMAL.
     *
     * @param contact the contact
     * @return what it lacks, in that order
     */
    public List<String> missingFor(Contact contact) {
        List<String> missing = new ArrayList<>();
        if (contact.firstIdentifier(Identifier.PHONE).isEmpty()) {
            missing.add("cellphone");
        }
        if (!Contact.hasValue(contact.attributes().get(Contact.FIRST_NAME))) {
            missing.add(Contact.FIRST_NAME);
        }
        if (!Contact.hasValue(contact.attributes().get(Contact.LAST_NAME))) {
            missing.add(Contact.LAST_NAME);
        }
        if (contact.language().map(String::isBlank).orElse(true)) {
            missing.add("language");
        }
        for (String attribute : requiredCustomAttributes) {
            if (!Contact.hasValue(contact.attributes().get(attribute))) {
                missing.add(attribute);
            }
        }
        return missing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationRules r && r.requiredCustomAttributes.equals(requiredCustomAttributes);
    }

    @Override
    public int hashCode() {
        return requiredCustomAttributes.hashCode();
    }

    @Override
    public String toString() {
        return "ClassificationRules" + requiredCustomAttributes;
    }
}
