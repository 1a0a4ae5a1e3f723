package io.contactkit.reliability.support;

import io.contactkit.reliability.support.FaultServer.Reply;
import io.contactkit.reliability.support.FaultServer.Request;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small, stateful fake of Bridge for the fault suite, both generations: the newer API's cellphone
 * upsert ({@code POST .../contacts/partial}: 201 created, 200 updated) and cursor list, and the older
 * API's create ({@code POST /v1/workspaces/{ws}/contacts}, 409 when the cellphone is taken) and
 * page-numbered list with {@code search}. The older API's requests must carry a valid signature (the
 * documented HMAC, recomputed here); a missing or wrong key or signature is 401. Not thread-safe:
 * {@link FaultServer} calls it one request at a time.
 */
public final class BridgeBackend implements FaultServer.Backend {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONNECT = "/bridge/api/v1/workspaces/";

    /** A contact as the fake holds it. */
    public record Stored(String id, String workspace, String cellphone, ObjectNode fields) {
    }

    private final String apiKey;
    private final String signingSecret;
    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private final Map<String, String> byPhone = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private long unauthorized;

    public BridgeBackend(String apiKey, String signingSecret) {
        this.apiKey = apiKey;
        this.signingSecret = signingSecret;
    }

    @Override
    public Reply handle(Request r) {
        String path = RawPath.path(r.target());
        List<String> s = r.segments();
        if (path.startsWith(CONNECT)) {
            if (!apiKey.equals(r.headers().get("x-api-key"))) {
                unauthorized++;
                return Reply.json(401, "{\"detail\":\"invalid api key\"}");
            }
            String ws = s.get(4);
            if (r.method().equals("POST") && s.size() == 7 && s.get(5).equals("contacts") && s.get(6).equals("partial")) {
                return upsert(ws, read(r));
            }
            if (r.method().equals("GET") && s.size() == 6 && s.get(5).equals("contacts")) {
                return cursorList(ws, r.query());
            }
            return Reply.json(404, "{\"detail\":\"not found\"}");
        }
        if (s.size() >= 4 && s.get(0).equals("v1") && s.get(1).equals("workspaces") && s.get(3).equals("contacts")) {
            if (!signedCorrectly(r, path)) {
                unauthorized++;
                return Reply.json(401, "{\"detail\":\"invalid signature\"}");
            }
            String ws = s.get(2);
            if (r.method().equals("POST") && s.size() == 4) {
                return legacyCreate(ws, read(r));
            }
            if (r.method().equals("GET") && s.size() == 4) {
                return pagedList(ws, r.query());
            }
        }
        return Reply.json(404, "{\"detail\":\"not found\"}");
    }

    private Reply upsert(String ws, JsonNode body) {
        String phone = body.path("cellphone").asString();
        String existing = byPhone.get(ws + " " + phone);
        Stored c = existing == null ? newContact(ws, phone, true) : byId.get(existing);
        body.properties().forEach(e -> c.fields().set(e.getKey(), e.getValue()));
        return reply(existing == null ? 201 : 200, json(c, true));
    }

    private Reply legacyCreate(String ws, JsonNode body) {
        String phone = body.path("cellphone").asString();
        if (byPhone.containsKey(ws + " " + phone)) {
            return Reply.json(409, "{\"code\":\"BRIDGE_CONTACT_0409\",\"title\":\"Conflict\",\"message\":\"cellphone already exists\"}");
        }
        Stored c = newContact(ws, phone, false);
        body.properties().forEach(e -> c.fields().set(e.getKey(), e.getValue()));
        return reply(201, json(c, false));
    }

    private Reply cursorList(String ws, Map<String, List<String>> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", List.of("20")).get(0));
        int from = Integer.parseInt(query.getOrDefault("cursor", List.of("0")).get(0));
        List<Stored> all = byId.values().stream().filter(c -> c.workspace().equals(ws)).toList();
        ArrayNode contacts = JSON.createArrayNode();
        for (int i = from; i < Math.min(all.size(), from + limit); i++) {
            contacts.add(json(all.get(i), true));
        }
        ObjectNode page = JSON.createObjectNode().set("contacts", contacts);
        page.put("cursor", from + limit < all.size() ? Integer.toString(from + limit) : null);
        return reply(200, page);
    }

    private Reply pagedList(String ws, Map<String, List<String>> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", List.of("20")).get(0));
        int page = Integer.parseInt(query.getOrDefault("page", List.of("1")).get(0));
        String search = query.getOrDefault("search", List.of("")).get(0);
        List<Stored> all = byId.values().stream()
                .filter(c -> c.workspace().equals(ws) && c.cellphone().contains(search)).toList();
        ArrayNode contacts = JSON.createArrayNode();
        for (int i = (page - 1) * limit; i < Math.min(all.size(), page * limit); i++) {
            contacts.add(json(all.get(i), false));
        }
        ObjectNode out = JSON.createObjectNode().set("contacts", contacts);
        out.putObject("pagination").put("page", page).put("limit", limit).put("total", all.size())
                .put("totalPages", Math.max(1, (all.size() + limit - 1) / limit));
        return reply(200, out);
    }

    private boolean signedCorrectly(Request r, String path) {
        String key = r.headers().get("X-API-Key");
        String timestamp = r.headers().get("X-API-Timestamp");
        String signature = r.headers().get("X-API-Signature");
        if (!apiKey.equals(key) || timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String text = r.method() + "\n" + path + "\n" + r.bodyText() + "\n" + timestamp;
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Stored newContact(String ws, String phone, boolean uuid) {
        long n = ids.incrementAndGet();
        String id = uuid ? String.format("00000000-0000-4000-9000-%012d", n) : "contact_" + n;
        Stored c = new Stored(id, ws, phone, JSON.createObjectNode());
        byId.put(id, c);
        byPhone.put(ws + " " + phone, id);
        return c;
    }

    private static ObjectNode json(Stored c, boolean connect) {
        ObjectNode o = c.fields().deepCopy();
        o.put("id", c.id()).put("cellphone", c.cellphone()).put("createdAt", "2026-01-01T00:00:00Z");
        if (connect) {
            o.put("type", "PARTIAL");
        }
        return o;
    }

    private static JsonNode read(Request r) {
        return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static Reply reply(int status, JsonNode body) {
        return new Reply(status, JSON.writeValueAsBytes(body));
    }

    // ---- what the fake holds ----------------------------------------------------------------

    /** Adds {@code n} contacts of the newer API directly. */
    public synchronized void seed(String ws, int n) {
        for (int i = 0; i < n; i++) {
            newContact(ws, "+1646" + (2_000_000 + i), true).fields().put("firstName", "Seeded" + i);
        }
    }

    public synchronized int contacts() {
        return byId.size();
    }

    /** The id of the contact with this cellphone, or null. */
    public synchronized String owner(String ws, String cellphone) {
        return byPhone.get(ws + " " + cellphone);
    }

    public synchronized long unauthorized() {
        return unauthorized;
    }

    /** Every contact id, in creation order. */
    public synchronized List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }
}
