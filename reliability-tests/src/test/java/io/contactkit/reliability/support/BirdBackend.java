package io.contactkit.reliability.support;

import io.contactkit.reliability.support.FaultServer.Reply;
import io.contactkit.reliability.support.FaultServer.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small, stateful fake of Bird's Contacts API for the fault suite: the identifier upsert (201 created,
 * 200 updated), the plain create (409 when an identifier is taken, as Bird answers a repeat), search by
 * identifier, and the token-paged list. Identifiers are unique per workspace. Not thread-safe: {@link FaultServer} calls it
 * one request at a time.
 */
public final class BirdBackend implements FaultServer.Backend {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A contact as the fake holds it. */
    public record Stored(String id, String workspace, List<String[]> identifiers, ObjectNode attributes) {
    }

    private final String accessKey;
    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private long unauthorized;

    public BirdBackend(String accessKey) {
        this.accessKey = accessKey;
    }

    @Override
    public Reply handle(Request r) {
        if (!("AccessKey " + accessKey).equals(r.headers().get("Authorization"))) {
            unauthorized++;
            return Reply.json(401, "{\"code\":\"Unauthorized\",\"message\":\"invalid access key\"}");
        }
        List<String> s = r.segments();
        if (s.size() < 3 || !s.get(0).equals("workspaces") || !s.get(2).equals("contacts")) {
            return Reply.json(404, "{\"code\":\"NotFound\",\"message\":\"no such endpoint\"}");
        }
        String ws = s.get(1);
        if (r.method().equals("PATCH") && s.size() == 6 && s.get(3).equals("identifiers")) {
            return upsert(ws, s.get(4), s.get(5), read(r));
        }
        if (r.method().equals("POST") && s.size() == 3) {
            return create(ws, read(r));
        }
        if (r.method().equals("POST") && s.size() == 4 && s.get(3).equals("search")) {
            JsonNode id = read(r).path("identifier");
            String owner = owners.get(key(ws, id.path("key").asString(), id.path("value").asString()));
            ArrayNode results = JSON.createArrayNode();
            if (owner != null) {
                results.add(json(byId.get(owner)));
            }
            return reply(200, JSON.createObjectNode().set("results", results));
        }
        if (r.method().equals("GET") && s.size() == 3) {
            return list(ws, r.query());
        }
        return Reply.json(404, "{\"code\":\"NotFound\",\"message\":\"no such endpoint\"}");
    }

    private Reply upsert(String ws, String key, String value, JsonNode body) {
        String owner = owners.get(key(ws, key, value));
        if (owner != null) {
            Stored c = byId.get(owner);
            merge(c, body.path("attributes"));
            addIdentifiers(c, body.path("addIdentifiers"));
            return reply(200, json(c));
        }
        Stored c = newContact(ws);
        claim(c, key, value);
        merge(c, body.path("attributes"));
        addIdentifiers(c, body.path("addIdentifiers"));
        return reply(201, json(c));
    }

    private Reply create(String ws, JsonNode body) {
        for (JsonNode i : body.path("identifiers")) {
            String owner = owners.get(key(ws, i.path("key").asString(), i.path("value").asString()));
            if (owner != null) {
                return Reply.json(409, "{\"code\":\"ResourceAlreadyExists\",\"message\":\"identifier already exists\","
                        + "\"details\":{\"contactIds\":[\"" + owner + "\"]}}");
            }
        }
        Stored c = newContact(ws);
        for (JsonNode i : body.path("identifiers")) {
            claim(c, i.path("key").asString(), i.path("value").asString());
        }
        merge(c, body.path("attributes"));
        return reply(201, json(c));
    }

    private Reply list(String ws, Map<String, List<String>> query) {
        String rawLimit = query.getOrDefault("limit", List.of("10")).get(0);
        String token = query.getOrDefault("pageToken", List.of("0")).get(0);
        if (!rawLimit.matches("[0-9]{1,3}") || !token.matches("[0-9]{1,9}")) {
            return Reply.json(422, "{\"code\":\"InvalidPayload\",\"message\":\"bad limit or pageToken\"}");
        }
        int limit = Integer.parseInt(rawLimit);
        int from = Integer.parseInt(token);
        List<Stored> all = byId.values().stream().filter(c -> c.workspace().equals(ws)).toList();
        ArrayNode results = JSON.createArrayNode();
        for (int i = from; i < Math.min(all.size(), from + limit); i++) {
            results.add(json(all.get(i)));
        }
        ObjectNode page = JSON.createObjectNode().set("results", results);
        if (from + limit < all.size()) {
            page.put("nextPageToken", Integer.toString(from + limit));
        }
        return reply(200, page);
    }

    private Stored newContact(String ws) {
        String id = String.format("00000000-0000-4000-8000-%012d", ids.incrementAndGet());
        Stored c = new Stored(id, ws, new ArrayList<>(), JSON.createObjectNode());
        byId.put(id, c);
        return c;
    }

    private void claim(Stored c, String key, String value) {
        String k = key(c.workspace(), key, value);
        if (owners.putIfAbsent(k, c.id()) == null) {
            c.identifiers().add(new String[] {key, value});
        }
    }

    private void addIdentifiers(Stored c, JsonNode add) {
        for (JsonNode i : add) {
            claim(c, i.path("key").asString(), i.path("value").asString());
        }
    }

    private static void merge(Stored c, JsonNode attributes) {
        if (attributes.isObject()) {
            attributes.properties().forEach(e -> c.attributes().set(e.getKey(), e.getValue()));
        }
    }

    private static ObjectNode json(Stored c) {
        ObjectNode o = JSON.createObjectNode()
                .put("id", c.id())
                .put("workspaceId", c.workspace())
                .put("createdAt", "2026-01-01T00:00:00Z")
                .put("updatedAt", "2026-01-01T00:00:00Z");
        ArrayNode featured = o.putArray("featuredIdentifiers");
        c.identifiers().forEach(i -> featured.addObject().put("key", i[0]).put("value", i[1]));
        o.set("attributes", c.attributes().deepCopy());
        return o;
    }

    private static JsonNode read(Request r) {
        return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static Reply reply(int status, JsonNode body) {
        return new Reply(status, JSON.writeValueAsBytes(body));
    }

    private static String key(String ws, String key, String value) {
        return ws + "\u0000" + key + "\u0000" + value;
    }

    // ---- what the fake holds ----------------------------------------------------------------

    /** Adds {@code n} contacts with e-mail addresses {@code seeded<i>@example.com} directly. */
    public synchronized void seed(String ws, int n) {
        for (int i = 0; i < n; i++) {
            Stored c = newContact(ws);
            claim(c, "emailaddress", "seeded" + i + "@example.com");
        }
    }

    public synchronized int contacts() {
        return byId.size();
    }

    /** The id of the contact owning an identifier, or null. */
    public synchronized String owner(String ws, String key, String value) {
        return owners.get(key(ws, key, value));
    }

    public synchronized long unauthorized() {
        return unauthorized;
    }
}
