package io.contactkit.examples.webflux;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A contact as the service answers it. */
record ContactView(String id, String workspace, List<IdentifierView> identifiers, Map<String, Object> attributes,
                   String displayName, Instant createdAt, Instant updatedAt) {

    static ContactView of(Contact c) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        c.attributes().forEach((name, value) -> attributes.put(name, json(value)));
        return new ContactView(c.id(), c.workspace(), c.identifiers().stream().map(i -> new IdentifierView(i.key(), i.value())).toList(),
                attributes, c.displayName().orElse(null), c.createdAt(), c.updatedAt());
    }

    private static Object json(AttributeValue value) {
        if (value instanceof AttributeValue.Text t) {
            return t.value();
        }
        if (value instanceof AttributeValue.Num n) {
            return n.value();
        }
        if (value instanceof AttributeValue.Bool b) {
            return b.value();
        }
        if (value instanceof AttributeValue.Multi m) {
            return m.values().stream().map(ContactView::json).toList();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        ((AttributeValue.Struct) value).fields().forEach((k, v) -> fields.put(k, json(v)));
        return fields;
    }
}
