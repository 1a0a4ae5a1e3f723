package io.contactkit.simulator.internal.bridge;

import io.contactkit.domain.UpsertFailure;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathCodec;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bridge's error bodies: {@code {code, title, message}} for refusals, and FastAPI's validation shape
 * {@code 422 {"detail": [{"loc", "msg", "type"}]}} for invalid bodies, queries and paths.
 */
final class BridgeErrors {

    static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private BridgeErrors() {
    }

    static SimResponse unauthorized() {
        return error(401, "BRIDGE_AUTH_0001", "Unauthorized", "invalid, expired or missing API key");
    }

    static SimResponse forbiddenWorkspace() {
        return error(403, "BRIDGE_AUTH_0003", "Forbidden", "the API key has no access to this workspace");
    }

    static SimResponse noSuchEndpoint(SimRequest r) {
        return error(404, "BRIDGE_ROUTE_0404", "Not Found", "no such endpoint");
    }

    static SimResponse error(int status, String code, String title, String message) {
        ObjectNode o = Json.object();
        o.put("code", code);
        o.put("title", title);
        o.put("message", message);
        return SimResponse.of(status, o);
    }
    static SimResponse failure(UpsertFailure f) {
        if (f instanceof UpsertFailure.Conflict c) {
            return error(409, "BRIDGE_CONTACT_0409", "Conflict", "the cellphone already belongs to another contact: " + c.contactIds());
        }
        if (f instanceof UpsertFailure.NotFound n) {
            return notFound(n.contactId());
        }
        return invalid(new Problems().addAll(((UpsertFailure.Invalid) f).violations(), Map.of()));
    }
    static SimResponse notFound(String id) {
        return error(404, "BRIDGE_CONTACT_0404", "Not Found", "contact not found: " + id);
    }
    static SimResponse notAllowed(SimRequest r) {
        return error(405, "BRIDGE_ROUTE_0405", "Method Not Allowed", r.method() + " is not allowed here");
    }
    /** FastAPI's validation shape: {@code 422 {"detail": [{"loc", "msg", "type"}]}}. */
    static SimResponse invalid(Problems problems) {
        return detail("body", problems);
    }
    static SimResponse invalidQuery(Problems problems) {
        return detail("query", problems);
    }
    /**
     * The newer API types its {@code workspaceId} and {@code contactId} path parameters as UUIDs (seeds
     * 000 and 001), so FastAPI refuses anything else with 422 before looking anything up.
     */
    static SimResponse uuidPath(String name, String raw) {
        String value = PathCodec.decode(raw);
        if (value != null && UUID_TEXT.matcher(value).matches()) {
            return null;
        }
        return detail("path", new Problems().add(name, "value is not a valid uuid"));
    }
    static SimResponse detail(String where, Problems problems) {
        ObjectNode out = Json.object();
        ArrayNode detail = out.putArray("detail");
        problems.byField().forEach((field, messages) -> messages.forEach(m -> {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc").add(where);
            for (String part : field.split("\\.")) {
                loc.add(part);
            }
            item.put("msg", m);
            item.put("type", "value_error");
        }));
        return SimResponse.of(422, out);
    }
}
