package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Warning;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The older API's body of the create and of the update by id: the shared fields ({@link BridgeFields}),
 * the owner as {@code ownerId}, and every other attribute as a custom attribute {@code {key, value}}.
 */
public final class LegacyBodyWriter {

    private LegacyBodyWriter() {
    }

    /** The body of the command; it has no problems of its own (the validator and the capability gate have them). */
    public static WritePlan write(UpsertCommand c) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        List<Warning> warnings = new ArrayList<>();
        BridgeFields.writeCommon(c, body, warnings);
        c.owner().ifPresent(o -> BridgeFields.putText(body, "ownerId", o.value().orElse(null)));
        ArrayNode custom = JsonSupport.nodes().arrayNode();
        c.attributes().forEach((name, change) -> {
            if (!BridgeFields.STANDARD.contains(name)) {
                ObjectNode item = custom.addObject().put("key", name);
                if (change instanceof AttributeChange.Set set) {
                    item.set("value", JsonSupport.toJson(set.value()));
                } else {
                    item.putNull("value");
                }
            }
        });
        if (!custom.isEmpty()) {
            body.set("customAttributes", custom);
        }
        return new WritePlan(body, warnings, List.of());
    }
}
