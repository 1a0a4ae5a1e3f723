package io.contactkit.simulator.internal.bridge;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import java.util.Set;

/** How a Bridge contact is stored: names and e-mail as attributes under these keys, custom attributes under their key names. */
final class BridgeFields {

    static final String FIRST_NAME = "firstName";
    static final String LAST_NAME = "lastName";
    static final String EMAIL = "email";
    static final Set<String> STANDARD = Set.of(FIRST_NAME, LAST_NAME, EMAIL);

    private BridgeFields() {
    }

    static String text(Contact c, String attribute) {
        AttributeValue v = c.attributes().get(attribute);
        return v == null ? "" : v.toString();
    }
}
