package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model of Bridge's server-side merge of a newer-API write body into a contact: what the contact
 * holds after Bridge has applied the body. Used to predict Bridge's classification before sending.
 */
public final class BridgeMergeModel {

    private BridgeMergeModel() {
    }

    /**
     * The contact Bridge holds after receiving a newer-API body: {@code base} (the current contact, or
     * {@code null} for a new one) with every field the body sends applied, a {@code null} removing the
     * field. Only what is sent counts: an attribute the workspace does not define, a choice it does not
     * offer, an identifier Bridge cannot hold are not in the body and change nothing here either.
     */
    public static Contact merged(String workspace, ObjectNode body, List<CustomAttributeSetting> settings, Contact base) {
        Contact.Builder b = base == null ? Contact.builder("draft", workspace, Instant.EPOCH) : base.toBuilder();
        JsonNode phone = body.get("cellphone");
        if (phone != null) {
            List<Identifier> others = base == null ? List.of() : base.identifiers().stream().filter(i -> !i.isPhone()).toList();
            b.clearIdentifiers().identifiers(others);
            if (phone.isString()) {
                b.identifier(Identifier.of(Identifier.PHONE, phone.stringValue()));
            }
        }
        for (String field : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, BridgeFields.EMAIL_ATTRIBUTE)) {
            JsonNode v = body.get(field);
            if (v != null) {
                b.attribute(field, v.isString() ? AttributeValue.of(v.stringValue()) : AttributeValue.Null.INSTANCE);
            }
        }
        JsonNode language = body.get("languageCode");
        if (language != null) {
            b.language(language.isString() ? language.stringValue() : null);
        }
        JsonNode custom = body.get("customAttributes");
        if (custom != null && custom.isObject()) {
            for (JsonNode item : custom.path("openAttributes")) {
                setting(settings, item).ifPresent(s -> b.attribute(s.keyName(),
                        item.path("content").isString() ? AttributeValue.of(item.get("content").stringValue()) : AttributeValue.Null.INSTANCE));
            }
            for (JsonNode item : custom.path("closedAttributes")) {
                setting(settings, item).ifPresent(s -> {
                    List<AttributeValue> chosen = new ArrayList<>();
                    item.path("closedCustomAttributeIds").forEach(id -> {
                        String value = s.choices().get(id.asString());
                        if (value != null) {
                            chosen.add(AttributeValue.of(value));
                        }
                    });
                    b.attribute(s.keyName(), chosen.isEmpty() ? AttributeValue.Null.INSTANCE
                            : chosen.size() == 1 ? chosen.get(0) : AttributeValue.of(chosen));
                });
            }
        }
        return b.build();
    }

    /** The setting a custom-attribute item of a body names by {@code customAttributeId}. */
    static Optional<CustomAttributeSetting> setting(List<CustomAttributeSetting> settings, JsonNode item) {
        String id = item.path("customAttributeId").asString();
        return settings.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
