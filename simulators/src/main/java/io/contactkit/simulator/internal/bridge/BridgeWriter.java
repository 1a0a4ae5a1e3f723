package io.contactkit.simulator.internal.bridge;

import static io.contactkit.simulator.internal.bridge.BridgeFields.EMAIL;
import static io.contactkit.simulator.internal.bridge.BridgeFields.FIRST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.LAST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.STANDARD;
import static io.contactkit.simulator.internal.bridge.BridgeFields.text;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.simulator.CustomAttribute;
import io.contactkit.simulator.internal.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bridge's JSON for contacts (each generation its own shape) and custom attribute settings. */
final class BridgeWriter {

    private BridgeWriter() {
    }

    static ObjectNode connect(Contact c, ClassificationRules rules) {
        ObjectNode o = common(c);
        o.put("type", c.classify(rules).name());
        ArrayNode custom = o.putArray("customAttributes");
        c.attributes().forEach((k, v) -> {
            if (!STANDARD.contains(k)) {
                ArrayNode values = custom.addObject().put("key", k).putArray("values");
                (v instanceof AttributeValue.Multi m ? m.values() : List.of(v)).forEach(x -> values.add(x.toString()));
            }
        });
        putText(o, "languageCode", c.language().orElse(null));
        putText(o, "ownerId", c.owner().orElse(null));
        return o;
    }
    static ObjectNode legacy(Contact c) {
        ObjectNode o = common(c);
        ArrayNode custom = o.putArray("customAttributes");
        c.attributes().forEach((k, v) -> {
            if (!STANDARD.contains(k)) {
                ObjectNode item = custom.addObject().put("key", k);
                if (v instanceof AttributeValue.Multi m) {
                    item.put("value", String.join(",", m.values().stream().map(Object::toString).toList()));
                } else {
                    item.set("value", Json.value(v));
                }
            }
        });
        putText(o, "ownerId", c.owner().orElse(null));
        return o;
    }
    private static ObjectNode common(Contact c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        o.put("workspaceId", c.workspace());
        o.put("createdAt", Json.timestamp(c.createdAt()));
        o.put("updatedAt", Json.timestamp(c.updatedAt()));
        putText(o, FIRST_NAME, c.attributes().containsKey(FIRST_NAME) ? text(c, FIRST_NAME) : null);
        putText(o, LAST_NAME, c.attributes().containsKey(LAST_NAME) ? text(c, LAST_NAME) : null);
        putText(o, EMAIL, c.attributes().containsKey(EMAIL) ? text(c, EMAIL) : null);
        putText(o, "cellphone", c.firstIdentifier(Identifier.PHONE).map(Identifier::value).orElse(null));
        return o;
    }
    private static void putText(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }
    /** One custom attribute setting, as the settings endpoint lists it. */
    static void setting(ArrayNode items, CustomAttribute a) {
        ObjectNode o = items.addObject();
        o.put("id", a.id());
        o.put("category", a.category().name());
        o.put("isRequired", a.isRequired());
        o.put("keyName", a.keyName());
        o.put("type", a.type());
        ArrayNode values = o.putArray("closedAttributesValues");
        a.closedValues().forEach((id, value) -> values.addObject().put("id", id).put("value", value));
        if (a.deletedAt() == null) {
            o.putNull("deletedAt");
        } else {
            o.put("deletedAt", Json.timestamp(a.deletedAt()));
        }
    }
}
