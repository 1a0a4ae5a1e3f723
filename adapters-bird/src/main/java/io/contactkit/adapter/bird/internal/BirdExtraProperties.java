package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bird's "Other properties: any" (both the create and the upsert page): body fields contactkit does
 * not model, given as JSON text per field name. Each must parse as exactly one JSON value and must
 * not name a field contactkit writes itself (that field has its own typed option, and sending it twice
 * would let one silently win).
 */
public final class BirdExtraProperties {

    /** Fields of the identifier upsert and the update by id that contactkit writes. */
    public static final Set<String> PATCH_FIELDS = Set.of("strategy", "allowWritingReadOnly", "attributes", "addIdentifiers",
            "removeIdentifiers", "addToLists", "removeFromLists", "listIds", "addToAccounts", "removeFromAccounts", "accountIds");
    /** Fields of the plain create that contactkit writes. */
    public static final Set<String> CREATE_FIELDS = Set.of("displayName", "identifiers", "attributes", "listIds", "accountIds",
            "companyRefs", "allowWritingReadOnly");

    private static final int MAX_NAME = 128;

    private BirdExtraProperties() {
    }

    /** Every problem with the extra properties of a request whose modelled fields are {@code modelled}. */
    public static void check(Map<String, String> extra, Set<String> modelled, List<Violation> problems) {
        extra.forEach((name, json) -> {
            String field = "otherProperties." + name;
            if (name.isEmpty() || name.length() > MAX_NAME || BirdValidation.unsendable(name)) {
                problems.add(Violation.of("otherProperties", "invalid_name", "an extra property name must be 1-" + MAX_NAME
                        + " characters without control characters"));
            } else if (modelled.contains(name)) {
                problems.add(Violation.of(field, "modelled_field", name + " is a field contactkit writes itself: use its own option"));
            }
            if (parse(json) == null) {
                problems.add(Violation.of(field, "invalid_json", "the value of " + name + " must be one JSON value (text, number, true, false,"
                        + " null, array or object)"));
            }
        });
    }

    /** Adds the (checked) extra properties to a request body. */
    public static void write(ObjectNode body, Map<String, String> extra) {
        extra.forEach((name, json) -> body.set(name, parse(json)));
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JsonSupport.mapper().readTree(json);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }
}
