package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.Identifier;
import io.contactkit.simulator.internal.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** An attribute definition as Bird serves it. */
public record BirdDefinition(String key, String type, String cardinality, boolean readOnly, boolean pii, boolean builtin) {

    /** The definitions every workspace has. */
    static final List<BirdDefinition> BUILT_IN = List.of(
            new BirdDefinition("displayName", "string", "one", false, true, true),
            new BirdDefinition("firstName", "string", "one", false, true, true),
            new BirdDefinition("lastName", "string", "one", false, true, true),
            new BirdDefinition(Identifier.EMAIL, "string", "many", true, true, true),
            new BirdDefinition(Identifier.PHONE, "string", "many", true, true, true),
            new BirdDefinition("timezone", "string", "one", false, false, true),
            new BirdDefinition("initialReference", "string", "one", true, false, true));

    /** A custom definition: single-valued, writable, not personal data. */
    public static BirdDefinition custom(String key, String type) {
        return new BirdDefinition(key, type, "one", false, false, false);
    }

    ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("key", key);
        o.put("type", type);
        o.put("cardinality", cardinality);
        o.put("readOnly", readOnly);
        o.put("pii", pii);
        o.put("builtin", builtin);
        return o;
    }
}
