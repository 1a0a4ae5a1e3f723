package io.contactkit.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.testsupport.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BridgeSimulatorTest {

    private static final String KEY = "ak_1234567890abcdef";
    private static final String SECRET = "shh-secret";
    private static final String WS = "b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234";
    private static final CustomAttribute COMPANY = CustomAttribute.open("company").required();
    private static final CustomAttribute TIER = CustomAttribute.closed("tier", "gold", "silver");
    private static final CustomAttribute OLD = CustomAttribute.open("legacyCode").required().archivedAt(Instant.parse("2020-01-01T00:00:00Z"));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:30:00Z"));
    private BridgeSimulator bridge;
    private String connect;
    private String legacy;

    @BeforeEach
    void start() {
        bridge = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).workspace(WS)
                .customAttribute(COMPANY).customAttribute(TIER).customAttribute(OLD).clock(clock).start();
        connect = bridge.baseUrl() + "/bridge/api/v1/workspaces/" + WS;
        legacy = bridge.baseUrl() + "/v1/workspaces/" + WS + "/contacts";
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private Http.Answer call(String method, String url, String body) {
        return Http.send(method, url, Map.of("x-api-key", KEY), body);
    }

    private Http.Answer signed(String method, String url, String body, long timestamp, String secret) {
        String path = url.substring(bridge.baseUrl().length()).replaceFirst("\\?.*$", "");
        String ts = Long.toString(timestamp);
        return Http.send(method, url, Map.of("X-API-Key", KEY, "X-API-Timestamp", ts,
                "X-API-Signature", hmac(secret, method + "\n" + path + "\n" + (body == null ? "" : body) + "\n" + ts)), body);
    }

    private Http.Answer signed(String method, String url, String body) {
        return signed(method, url, body, clock.instant().getEpochSecond(), SECRET);
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredFromTheRouteTable() {
        assertEquals("BRIDGE_ROUTE_0404", call("GET", connect + "/contacts/x/y", null).json().get("code").stringValue());
        assertEquals("BRIDGE_ROUTE_0405", call("GET", connect + "/contacts/partial", null).json().get("code").stringValue());
        assertEquals("BRIDGE_ROUTE_0405", call("DELETE", connect + "/contacts", null).json().get("code").stringValue());
        // the contact id is checked as a UUID before the method, as FastAPI checks path parameters
        Http.Answer notUuid = call("PUT", connect + "/contacts/not-a-uuid", null);
        assertEquals(422, notUuid.status());
        assertEquals("[\"path\",\"contactId\"]", notUuid.json().get("detail").get(0).get("loc").toString());
    }

    @Test
    void signatureIsLowercaseHexHmacOverMethodPathBodyTimestamp() {
        // known answers, computed independently
        assertEquals("3e07a85a33be7acaa57ab4feb4e2088e9115292d92065ef811b3a1cfc3e20b3e",
                hmac(SECRET, "GET\n/v1/workspaces/ws_abc123/contacts\n\n1642234567"));
        assertEquals("b3012d9704a86fbcb2521d16462dec55750e1ffc4a1d6be386fbb80a07931e34",
                io.contactkit.simulator.internal.bridge.BridgeAuth.sign(SECRET.getBytes(StandardCharsets.UTF_8), "POST",
                        "/v1/workspaces/ws_abc123/contacts", "{\"firstName\":\"John\"}", "1642234567"));
    }

    @Test
    void healthAndKeyCheck() {
        assertEquals(200, call("GET", bridge.baseUrl() + "/bridge/api/health", null).status());
        Http.Answer refused = Http.send("GET", bridge.baseUrl() + "/bridge/api/health", Map.of("x-api-key", "wrong"), null);
        assertEquals(401, refused.status());
        assertFalse(refused.text().contains(KEY));
        assertEquals(401, Http.send("GET", connect + "/contacts", Map.of(), null).status());
        assertEquals(403, call("GET", bridge.baseUrl() + "/bridge/api/v1/workspaces/92b2d4f3-81e1-4b61-a7ec-6f4ff3b58be5/contacts", null).status());
    }

    @Test
    void partialUpsertClassifiesByTheRequiredCustomAttributes() {
        Http.Answer created = call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\"}");
        assertEquals(201, created.status(), created.text());
        assertEquals("PARTIAL", created.json().get("type").stringValue());
        String id = created.json().get("id").stringValue();

        Http.Answer named = call("POST", connect + "/contacts/partial",
                "{\"cellphone\":\"+14084029292\",\"firstName\":\"Maria\",\"lastName\":\"Lopez\",\"languageCode\":\"EN\",\"email\":\"Maria@Acme.com\"}");
        assertEquals(200, named.status());
        assertEquals(id, named.json().get("id").stringValue());
        assertEquals("PARTIAL", named.json().get("type").stringValue(), "company is required");

        String attrs = "{\"cellphone\":\"+14084029292\",\"customAttributes\":{\"openAttributes\":[{\"customAttributeId\":\"" + COMPANY.id()
                + "\",\"content\":\"Acme\"}],\"closedAttributes\":[{\"customAttributeId\":\"" + TIER.id()
                + "\",\"closedCustomAttributeIds\":[\"" + TIER.choiceId("gold") + "\"]}]}}";
        JsonNode normal = call("POST", connect + "/contacts/partial", attrs).json();
        assertEquals("NORMAL", normal.get("type").stringValue(), normal.toString());
        assertEquals("maria@acme.com", normal.get("email").stringValue());
        assertEquals("EN", normal.get("languageCode").stringValue());
        assertTrue(normal.get("customAttributes").toString().contains("{\"key\":\"tier\",\"values\":[\"gold\"]}"));

        JsonNode patched = call("PATCH", connect + "/contacts/" + id, "{\"languageCode\":null,\"lastName\":\"López\"}").json();
        assertEquals("PARTIAL", patched.get("type").stringValue());
        assertTrue(patched.get("languageCode").isNull());
        assertEquals("López", call("GET", connect + "/contacts/" + id, null).json().get("lastName").stringValue());
        assertEquals(404, call("GET", connect + "/contacts/4e362e2b-67b2-4a7e-a9df-e9ecf9141be8", null).status());

        JsonNode cleared = call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\",\"firstName\":null}").json();
        assertTrue(cleared.get("firstName").isNull(), "an explicit null in the upsert removes the field, as in the update");
        assertEquals("López", cleared.get("lastName").stringValue(), "what is not sent stays");
    }

    @Test
    void ownerIdentifierIsAnObjectNeverNull() {
        Http.Answer nulled = call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\",\"ownerIdentifier\":null}");
        assertEquals(422, nulled.status(), nulled.text());
        assertEquals(422, call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\",\"ownerIdentifier\":\"jane@acme.com\"}").status());
    }

    @Test
    void theSignedPathMayIncludeTheQueryWhenSoConfigured() {
        try (BridgeSimulator withQuery = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).clock(clock).signsQueryString(true).start()) {
            String url = withQuery.baseUrl() + "/v1/workspaces/ws_q/contacts?page=1&limit=10";
            String ts = Long.toString(clock.instant().getEpochSecond());
            String pathAndQuery = "/v1/workspaces/ws_q/contacts?page=1&limit=10";
            assertEquals(200, Http.send("GET", url, Map.of("X-API-Key", KEY, "X-API-Timestamp", ts,
                    "X-API-Signature", hmac(SECRET, "GET\n" + pathAndQuery + "\n\n" + ts)), null).status());
            assertEquals(401, Http.send("GET", url, Map.of("X-API-Key", KEY, "X-API-Timestamp", ts,
                    "X-API-Signature", hmac(SECRET, "GET\n/v1/workspaces/ws_q/contacts\n\n" + ts)), null).status());
        }
    }

    @Test
    void theUpsertCanAnswer200ForCreationsAsBridgeDocumentsIt() {
        try (BridgeSimulator only200 = BridgeSimulator.builder().apiKey(KEY).workspace(WS).upsertAnswers200(true).start()) {
            String base = only200.baseUrl() + "/bridge/api/v1/workspaces/" + WS;
            Http.Answer created = Http.send("POST", base + "/contacts/partial", Map.of("x-api-key", KEY), "{\"cellphone\":\"+14084029292\"}");
            assertEquals(200, created.status(), created.text());
            JsonNode c = created.json();
            assertEquals(c.get("createdAt"), c.get("updatedAt"));
            assertEquals(1, only200.contacts(WS).size());
        }
    }

    @Test
    void newerApiPathIdsAreUuidsAsDocumentedWhileOlderApiIdsAreOpaque() {
        Http.Answer badWorkspace = call("GET", bridge.baseUrl() + "/bridge/api/v1/workspaces/ws_abc123/contacts", null);
        assertEquals(422, badWorkspace.status(), badWorkspace.text());
        JsonNode loc = badWorkspace.json().get("detail").get(0).get("loc");
        assertEquals("path", loc.get(0).stringValue());
        assertEquals("workspaceId", loc.get(1).stringValue());
        Http.Answer badContact = call("GET", connect + "/contacts/contact_abc123", null);
        assertEquals(422, badContact.status());
        assertEquals("contactId", badContact.json().get("detail").get(0).get("loc").get(1).stringValue());
        assertEquals(422, call("PATCH", connect + "/contacts/contact_abc123", "{\"lastName\":\"X\"}").status());
        assertEquals(401, Http.send("GET", bridge.baseUrl() + "/bridge/api/v1/workspaces/ws_abc123/contacts", Map.of(), null).status(),
                "the key is checked first");
        try (BridgeSimulator open = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).clock(clock).start()) {
            String opaque = open.baseUrl() + "/v1/workspaces/ws_abc123/contacts";
            String path = "/v1/workspaces/ws_abc123/contacts";
            String ts = Long.toString(clock.instant().getEpochSecond());
            Http.Answer listed = Http.send("GET", opaque, Map.of("X-API-Key", KEY, "X-API-Timestamp", ts,
                    "X-API-Signature", hmac(SECRET, "GET\n" + path + "\n\n" + ts)), null);
            assertEquals(200, listed.status(), listed.text());
        }
    }

    @Test
    void rejectsInvalidBodiesInFastApiShape() {
        for (String body : List.of("{}", "{\"cellphone\":\"4084029292\"}", "{\"cellphone\":\"+14084029292\",\"languageCode\":\"en\"}",
                "{\"cellphone\":\"+14084029292\",\"customAttributes\":{\"openAttributes\":[{\"customAttributeId\":\"nope\",\"content\":\"x\"}]}}",
                "not json")) {
            Http.Answer a = call("POST", connect + "/contacts/partial", body);
            assertEquals(422, a.status(), body);
            assertEquals("body", a.json().get("detail").get(0).get("loc").get(0).stringValue());
        }
        assertEquals(0, bridge.contacts(WS).size());
    }

    @Test
    void patchMovesTheCellphoneOnlyWhenFree() {
        String a = call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\"}").json().get("id").stringValue();
        call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+31412345678\"}");
        assertEquals(409, call("PATCH", connect + "/contacts/" + a, "{\"cellphone\":\"+31412345678\"}").status());
        Http.Answer moved = call("PATCH", connect + "/contacts/" + a, "{\"cellphone\":\"+442071838750\"}");
        assertEquals("+442071838750", moved.json().get("cellphone").stringValue());
        assertEquals(201, call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+14084029292\"}").status());
    }

    @Test
    void cursorListReturnsEveryContactOnce() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(call("POST", connect + "/contacts/partial", "{\"cellphone\":\"+1408402929" + i + "\",\"firstName\":\"N" + i + "\"}")
                    .json().get("id").stringValue());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = call("GET", connect + "/contacts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null).json();
            page.get("contacts").forEach(c -> seen.add(c.get("id").stringValue()));
            cursor = page.get("cursor").isNull() ? null : page.get("cursor").stringValue();
        } while (cursor != null);
        assertEquals(5, seen.size());
        assertEquals(ids, new HashSet<>(seen));
        assertEquals(1, call("GET", connect + "/contacts?search=n3", null).json().get("contacts").size());
        assertEquals(422, call("GET", connect + "/contacts?limit=0", null).status());
        assertEquals(422, call("GET", connect + "/contacts?limit=101", null).status());
        assertEquals(422, call("GET", connect + "/contacts?cursor=bogus", null).status());
    }

    @Test
    void servesCustomAttributeSettings() {
        JsonNode all = call("GET", connect + "/settings/attributes", null).json().get("customAttributes");
        assertEquals(2, all.size(), "archived settings are hidden by default");
        assertEquals(3, call("GET", connect + "/settings/attributes?includeArchived=true", null).json().get("customAttributes").size());
        JsonNode closed = call("GET", connect + "/settings/attributes?category=CLOSED", null).json().get("customAttributes");
        assertEquals(1, closed.size());
        assertEquals("gold", closed.get(0).get("closedAttributesValues").get(0).get("value").stringValue());
        assertEquals(1, call("GET", connect + "/settings/attributes?isRequired=true", null).json().get("customAttributes").size());
        assertEquals(Set.of("company"), bridge.classificationRules().requiredCustomAttributes());
        try (BridgeSimulator snake = BridgeSimulator.builder().apiKey(KEY).snakeCaseSettings(true).start()) {
            Http.Answer a = Http.send("GET", snake.baseUrl() + "/bridge/api/v1/workspaces/92b2d4f3-81e1-4b61-a7ec-6f4ff3b58be5/settings/attributes", Map.of("x-api-key", KEY), null);
            assertTrue(a.json().has("custom_attributes"));
        }
    }

    @Test
    void olderApiCreatesUpdatesDeletesAndListsByPageWhenSigned() {
        Http.Answer created = signed("POST", legacy, "{\"firstName\":\"John\",\"lastName\":\"Doe\",\"cellphone\":\"+1-555-123-4567\","
                + "\"customAttributes\":[{\"key\":\"company\",\"value\":\"Acme Corp\"}],\"ownerId\":\"sales@your-company.com\"}");
        assertEquals(201, created.status(), created.text());
        String id = created.json().get("id").stringValue();
        assertEquals("+15551234567", created.json().get("cellphone").stringValue());
        assertEquals("Acme Corp", created.json().get("customAttributes").get(0).get("value").stringValue());
        assertEquals(409, signed("POST", legacy, "{\"firstName\":\"J\",\"lastName\":\"D\",\"cellphone\":\"+15551234567\"}").status());
        assertEquals(422, signed("POST", legacy, "{\"firstName\":\"J\"}").status());
        for (int i = 0; i < 24; i++) {
            signed("POST", legacy, "{\"firstName\":\"F" + i + "\",\"lastName\":\"L\",\"cellphone\":\"+14084029" + (300 + i) + "\"}");
        }
        JsonNode page = signed("GET", legacy + "?page=3&limit=10", null).json();
        assertEquals(5, page.get("contacts").size());
        assertEquals(25, page.get("pagination").get("total").intValue());
        assertEquals(3, page.get("pagination").get("totalPages").intValue());
        assertEquals(422, signed("GET", legacy + "?limit=9", null).status());
        assertEquals(422, signed("GET", legacy + "?page=0", null).status());
        assertEquals(1, signed("GET", legacy + "?ownerId=sales@your-company.com", null).json().get("contacts").size());
        assertEquals(422, signed("GET", legacy + "?ownerId=user_123", null).status(), "ownerId is string<email>");

        Http.Answer patched = signed("PATCH", legacy + "/" + id, "{\"lastName\":\"Smith\"}");
        assertEquals(200, patched.status());
        assertEquals("Smith", patched.json().get("lastName").stringValue());
        assertEquals("Smith", call("GET", connect + "/contacts/" + id, null).json().get("lastName").stringValue(), "one store, two generations");
        assertEquals(204, signed("DELETE", legacy + "/" + id, null).status());
        assertEquals(404, signed("DELETE", legacy + "/" + id, null).status());
    }

    @Test
    void olderApiRefusesWrongStaleOrMissingSignatures() {
        long now = clock.instant().getEpochSecond();
        assertEquals(200, signed("GET", legacy, null, now - 299, SECRET).status());
        Http.Answer wrong = signed("GET", legacy, null, now, "other-secret");
        assertEquals(401, wrong.status());
        assertFalse(wrong.text().contains(SECRET));
        assertEquals(401, signed("GET", legacy, null, now - 301, SECRET).status());
        assertEquals(401, Http.send("GET", legacy, Map.of("X-API-Key", KEY), null).status());
        Http.Answer ok = signed("GET", legacy, null);
        assertEquals(200, ok.status());
        clock.advance(Duration.ofMinutes(6));
        // the same signed request replayed six minutes later
        String ts = Long.toString(now);
        Http.Answer replay = Http.send("GET", legacy, Map.of("X-API-Key", KEY, "X-API-Timestamp", ts,
                "X-API-Signature", hmac(SECRET, "GET\n/v1/workspaces/" + WS + "/contacts\n\n" + ts)), null);
        assertEquals(401, replay.status());
        Http.Answer tampered = Http.send("POST", legacy, Map.of("X-API-Key", KEY, "X-API-Timestamp", Long.toString(now + 360),
                "X-API-Signature", hmac(SECRET, "POST\n/v1/workspaces/" + WS + "/contacts\n{}\n" + (now + 360))),
                "{\"firstName\":\"x\"}");
        assertEquals(401, tampered.status(), "the body is part of the signature");
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
