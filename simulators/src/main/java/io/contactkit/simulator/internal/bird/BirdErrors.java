package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.UpsertFailure;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bird's error bodies: {@code {code, message, details}}, with the status each goes with. */
final class BirdErrors {

    private BirdErrors() {
    }

    static SimResponse error(int status, String code, String message, ObjectNode details) {
        ObjectNode o = Json.object();
        o.put("code", code);
        o.put("message", message);
        if (details != null) {
            o.set("details", details);
        }
        return SimResponse.of(status, o);
    }

    static SimResponse unauthorized(String scheme) {
        return error(401, "Unauthorized", "missing or invalid credential: send Authorization: " + scheme + " <credential>", null);
    }

    static SimResponse forbiddenWorkspace() {
        return error(403, "Forbidden", "the access key has no access to this workspace", null);
    }

    static SimResponse noSuchEndpoint(SimRequest r) {
        return error(404, "NotFound", "no such endpoint", null);
    }

    static SimResponse notAllowed(SimRequest r) {
        return error(405, "MethodNotAllowed", r.method() + " is not allowed here", null);
    }

    static SimResponse notFound(String contactId) {
        return error(404, "NotFound", "contact not found: " + contactId, null);
    }

    /** 422 with the problems by field under {@code details}. */
    static SimResponse invalid(Problems problems) {
        ObjectNode details = Json.object();
        problems.byField().forEach((field, messages) -> {
            ArrayNode a = details.putArray(field);
            messages.forEach(a::add);
        });
        return error(422, "InvalidPayload", problems.summary(), details);
    }

    /** An identifier already belongs to another contact, as the create and the update by id answer it. */
    static SimResponse alreadyExists(String what, UpsertFailure.Conflict c) {
        return error(409, "ResourceAlreadyExists", what + c.message(), conflictDetails(c));
    }

    /** A failure of the domain's upsert, update or delete. */
    static SimResponse failure(UpsertFailure f) {
        if (f instanceof UpsertFailure.Conflict c) {
            return error(409, "IdentifierConflict", c.message(), conflictDetails(c));
        }
        if (f instanceof UpsertFailure.NotFound n) {
            return notFound(n.contactId());
        }
        return invalid(new Problems().addAll(((UpsertFailure.Invalid) f).violations(), Map.of()));
    }

    private static ObjectNode conflictDetails(UpsertFailure.Conflict c) {
        ObjectNode details = Json.object();
        ArrayNode ids = details.putArray("contactIds");
        c.contactIds().forEach(ids::add);
        ArrayNode who = details.putArray("identifiers");
        c.owners().forEach((i, owner) -> who.add(i.key() + " " + i.value() + " belongs to contact " + owner));
        return details;
    }
}
