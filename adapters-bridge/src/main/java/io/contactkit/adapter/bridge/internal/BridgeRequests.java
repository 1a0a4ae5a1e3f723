package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.adapter.http.QueryString;
import java.util.Map;

/**
 * Bridge's endpoints of both generations as {@link HttpRequest}s: methods, encoded paths, queries and
 * whether repeating a request is safe. Idempotent (retried after transport failures, 429 and 5xx):
 * every {@code GET}, the cellphone upsert, the updates by id and the delete. Not idempotent: the
 * older API's create.
 */
public final class BridgeRequests {

    private static final String CONNECT = "/bridge/api/v1/workspaces/";

    private BridgeRequests() {
    }

    // ---- newer Contacts API ----

    public static HttpRequest upsert(String ws, byte[] body) {
        return new HttpRequest("POST", connectContacts(ws) + "/partial", "", body, true, Map.of(), "contacts.upsert");
    }

    public static HttpRequest get(String ws, String contactId) {
        return HttpRequest.get("contacts.get", connectContacts(ws) + "/" + PathSegments.encode(contactId), "");
    }

    public static HttpRequest update(String ws, String contactId, byte[] body) {
        return new HttpRequest("PATCH", connectContacts(ws) + "/" + PathSegments.encode(contactId), "", body, true, Map.of(), "contacts.update");
    }

    public static HttpRequest cursorList(String ws, String ownerEmail, String search, Integer limit, String cursor) {
        QueryString q = new QueryString().add("ownerEmail", ownerEmail).add("search", search).add("limit", limit).add("cursor", cursor);
        return HttpRequest.get("contacts.list", connectContacts(ws), q.toString());
    }

    public static HttpRequest attributeSettings(String ws) {
        return HttpRequest.get("settings.attributes", CONNECT + PathSegments.encode(ws) + "/settings/attributes", "");
    }

    public static HttpRequest health() {
        return HttpRequest.get("health", "/bridge/api/health", "");
    }

    // ---- older inbound API ----

    public static HttpRequest create(String ws, byte[] body) {
        return new HttpRequest("POST", legacyContacts(ws), "", body, false, Map.of(), "contacts.create");
    }

    public static HttpRequest legacyUpdate(String ws, String contactId, byte[] body) {
        return new HttpRequest("PATCH", legacyContacts(ws) + "/" + PathSegments.encode(contactId), "", body, true, Map.of(), "contacts.update");
    }

    public static HttpRequest delete(String ws, String contactId) {
        return new HttpRequest("DELETE", legacyContacts(ws) + "/" + PathSegments.encode(contactId), "", null, true, Map.of(), "contacts.delete");
    }

    public static HttpRequest pagedList(String ws, String ownerId, String search, int page, Integer limit) {
        QueryString q = new QueryString().add("ownerId", ownerId).add("search", search).add("page", page).add("limit", limit);
        return HttpRequest.get("contacts.list", legacyContacts(ws), q.toString());
    }

    private static String connectContacts(String ws) {
        return CONNECT + PathSegments.encode(ws) + "/contacts";
    }

    private static String legacyContacts(String ws) {
        return PathSegments.path("v1", "workspaces", ws, "contacts");
    }
}
