package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.adapter.http.QueryString;
import io.contactkit.domain.Identifier;
import java.util.List;
import java.util.Map;

/**
 * Bird's endpoints as {@link HttpRequest}s: methods, encoded paths, queries, and whether repeating a
 * request is safe. Path segments keep {@code @} and {@code +} literal (Bird does not decode them) and
 * encode everything else that could change the path.
 *
 * <p>Idempotent, so retried after transport failures, 429 and 5xx: every {@code GET}, the identifier
 * upsert, the update by id, the deletes, and the search (a {@code POST} that only reads). Not
 * idempotent: the plain create and adding an identifier.
 */
public final class BirdRequests {

    private BirdRequests() {
    }

    public static HttpRequest create(String ws, byte[] body) {
        return new HttpRequest("POST", contacts(ws), "", body, false, Map.of(), "contacts.create");
    }

    public static HttpRequest upsert(String ws, Identifier primary, byte[] body) {
        return upsert(ws, primary.key(), primary.value(), body);
    }

    public static HttpRequest upsert(String ws, String key, String value, byte[] body) {
        String path = PathSegments.path("workspaces", ws, "contacts", "identifiers", key, value);
        return new HttpRequest("PATCH", path, "", body, true, Map.of(), "contacts.upsert");
    }

    public static HttpRequest get(String ws, String contactId, List<String> withAttributes) {
        QueryString q = new QueryString();
        withAttributes.forEach(a -> q.add("attribute", a));
        return HttpRequest.get("contacts.get", contact(ws, contactId), q.toString());
    }

    public static HttpRequest update(String ws, String contactId, byte[] body) {
        return new HttpRequest("PATCH", contact(ws, contactId), "", body, true, Map.of(), "contacts.update");
    }

    public static HttpRequest delete(String ws, String contactId) {
        return new HttpRequest("DELETE", contact(ws, contactId), "", null, true, Map.of(), "contacts.delete");
    }

    public static HttpRequest list(String ws, Integer limit, String pageToken, boolean reverse) {
        QueryString q = new QueryString().add("limit", limit).add("pageToken", pageToken);
        if (reverse) {
            q.add("reverse", "true");
        }
        return HttpRequest.get("contacts.list", contacts(ws), q.toString());
    }

    public static HttpRequest search(String ws, byte[] body) {
        return new HttpRequest("POST", contacts(ws) + "/search", "", body, true, Map.of(), "contacts.search");
    }

    public static HttpRequest addIdentifier(String ws, String contactId, byte[] body) {
        return new HttpRequest("POST", identifiers(ws, contactId), "", body, false, Map.of(), "identifiers.add");
    }

    public static HttpRequest listIdentifiers(String ws, String contactId, Integer limit, String pageToken) {
        QueryString q = new QueryString().add("limit", limit).add("pageToken", pageToken);
        return HttpRequest.get("identifiers.list", identifiers(ws, contactId), q.toString());
    }

    /** Bird's identifier removal is a {@code DELETE} with a JSON body {@code {key, value}}. */
    public static HttpRequest removeIdentifier(String ws, String contactId, byte[] body) {
        return new HttpRequest("DELETE", identifiers(ws, contactId), "", body, true, Map.of(), "identifiers.remove");
    }

    public static HttpRequest definitions(String ws, Integer limit, String pageToken) {
        QueryString q = new QueryString().add("limit", limit).add("pageToken", pageToken);
        return HttpRequest.get("attributeDefinitions.list", PathSegments.path("workspaces", ws, "attribute-definitions"), q.toString());
    }

    public static HttpRequest definition(String ws, String key) {
        return HttpRequest.get("attributeDefinitions.get", PathSegments.path("workspaces", ws, "attribute-definitions", key), "");
    }

    private static String contacts(String ws) {
        return PathSegments.path("workspaces", ws, "contacts");
    }

    private static String contact(String ws, String contactId) {
        return PathSegments.path("workspaces", ws, "contacts", contactId);
    }

    private static String identifiers(String ws, String contactId) {
        return PathSegments.path("workspaces", ws, "contacts", contactId, "identifiers");
    }
}
