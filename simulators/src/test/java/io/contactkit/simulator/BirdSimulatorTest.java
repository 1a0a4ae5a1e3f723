package io.contactkit.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BirdSimulatorTest {

    private static final String KEY = "bird-test-key";
    private static final String WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    private static final String LIST = "123e4567-e89b-12d3-a456-426614174000";

    private BirdSimulator bird;
    private String contacts;

    @BeforeEach
    void start() {
        bird = BirdSimulator.builder().accessKey(KEY).workspace(WS).attributeDefinition("loyaltyTier", "string").start();
        contacts = bird.baseUrl() + "/workspaces/" + WS + "/contacts";
    }

    @AfterEach
    void stop() {
        bird.close();
    }

    private Http.Answer call(String method, String url, String body) {
        return Http.send(method, url, Map.of("Authorization", "AccessKey " + KEY, "Accept", "application/json"), body);
    }

    private Http.Answer upsert(String key, String value, String body) {
        return call("PATCH", contacts + "/identifiers/" + key + "/" + value, body);
    }

    @Test
    void refusesRequestsWithoutTheAccessKey() {
        Http.Answer none = Http.send("GET", contacts, Map.of(), null);
        Http.Answer wrong = Http.send("GET", contacts, Map.of("Authorization", "AccessKey nope"), null);
        Http.Answer bearer = Http.send("GET", contacts, Map.of("Authorization", "Bearer " + KEY), null);
        for (Http.Answer a : List.of(none, wrong, bearer)) {
            assertEquals(401, a.status());
            assertEquals("Unauthorized", a.json().get("code").stringValue());
            assertFalse(a.text().contains(KEY), "never echo the key");
        }
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredFromTheRouteTable() {
        String ws = bird.baseUrl() + "/workspaces/" + WS;
        Http.Answer unknown = call("GET", ws + "/contacts/x/y", null);
        assertEquals(404, unknown.status());
        assertEquals("no such endpoint", unknown.json().get("message").stringValue());
        assertEquals(405, call("PUT", contacts, null).status());
        assertEquals(405, call("PUT", ws + "/contacts/search", null).status());
        // other methods read "search" as a contact id, as they always did
        assertEquals("contact not found: search", call("GET", ws + "/contacts/search", null).json().get("message").stringValue());
        assertEquals(405, call("GET", ws + "/attribute-definitions/displayName/more", null).status());
        // a contact id that does not decode names no contact, on every path under it and whatever the method
        for (String path : List.of("/contacts/%FF", "/contacts/%FF/identifiers", "/contacts/%FF/other/path")) {
            Http.Answer a = call("PUT", ws + path, null);
            assertEquals(404, a.status(), path);
            assertEquals("contact not found: %FF", a.json().get("message").stringValue(), path);
        }
    }

    @Test
    void refusesOtherWorkspaces() {
        assertEquals(403, call("GET", bird.baseUrl() + "/workspaces/0b6f1d7e-3c2a-4e59-9a8b-1c2d3e4f5a6b/contacts", null).status());
    }

    @Test
    void workspaceIdsAreUuidsAsBothPagesTypeThem() {
        Http.Answer a = call("GET", bird.baseUrl() + "/workspaces/ws-1/contacts", null);
        assertEquals(422, a.status());
        assertEquals("InvalidPayload", a.json().get("code").stringValue());
        assertTrue(a.json().get("details").has("workspaceId"), a.text());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BirdSimulator.builder().workspace("ws-1"));
    }

    @Test
    void acceptsTheBearerTokenItIsConfiguredWithAndNoOtherScheme() {
        try (BirdSimulator bearer = BirdSimulator.builder().accessToken("tok-1").workspace(WS).start()) {
            String url = bearer.baseUrl() + "/workspaces/" + WS + "/contacts";
            assertEquals(200, Http.send("GET", url, Map.of("Authorization", "Bearer tok-1"), null).status());
            assertEquals(401, Http.send("GET", url, Map.of("Authorization", "AccessKey tok-1"), null).status());
            assertEquals(401, Http.send("GET", url, Map.of("Authorization", "Bearer other"), null).status());
        }
    }

    @Test
    void inTheDocumentedModeTheUpsertAnswers200ForACreationToo() {
        try (BirdSimulator documented = BirdSimulator.builder().accessKey(KEY).workspace(WS).upsertAnswers200(true).start()) {
            String url = documented.baseUrl() + "/workspaces/" + WS + "/contacts/identifiers/emailaddress/new@example.com";
            Map<String, String> auth = Map.of("Authorization", "AccessKey " + KEY);
            Http.Answer created = Http.send("PATCH", url, auth, "{\"attributes\":{\"firstName\":\"Ann\"}}");
            assertEquals(200, created.status(), created.text());
            assertEquals(created.json().get("createdAt"), created.json().get("updatedAt"));
            assertEquals(1, documented.contacts(WS).size());
            Http.Answer updated = Http.send("PATCH", url, auth, "{\"attributes\":{\"lastName\":\"Lee\"}}");
            assertEquals(200, updated.status());
            assertEquals(created.json().get("id"), updated.json().get("id"));
            // a plain create still answers 201, as the create page documents
            assertEquals(201, Http.send("POST", documented.baseUrl() + "/workspaces/" + WS + "/contacts", auth,
                    "{\"displayName\":\"Bo\"}").status());
        }
    }

    @Test
    void theCreateTakesListAndAccountIdsAsPlainStringsOneToTen() {
        Http.Answer plain = call("POST", contacts, "{\"displayName\":\"Ann\",\"listIds\":[\"newsletter\"],\"accountIds\":[\"acct-7\"]}");
        assertEquals(201, plain.status(), plain.text());
        assertEquals(List.of("newsletter"), texts(plain.json().get("listIds")));
        assertEquals(List.of("acct-7"), texts(plain.json().get("accountIds")));
        Http.Answer empty = call("POST", contacts, "{\"displayName\":\"Bo\",\"listIds\":[]}");
        assertEquals(422, empty.status());
        assertTrue(empty.json().get("details").has("listIds"), empty.text());
    }

    @Test
    void upsertCreatesThenUpdatesMatchingTheNormalizedIdentifier() {
        Http.Answer created = upsert("emailaddress", "Ann.Lee+news@Example.com",
                "{\"attributes\":{\"firstName\":\"Ann\"},\"addIdentifiers\":[{\"key\":\"phonenumber\",\"value\":\"+31412345678\"}]}");
        assertEquals(201, created.status(), created.text());
        JsonNode c = created.json();
        assertEquals("Ann", c.get("computedDisplayName").stringValue());
        assertEquals(WS, c.get("workspaceId").stringValue());
        assertEquals(2, c.get("identifierCount").intValue());
        assertEquals("ann.lee+news@example.com", c.get("attributes").get("emailaddress").get(0).stringValue());
        assertEquals("+31412345678", c.get("attributes").get("phonenumber").get(0).stringValue());
        assertTrue(c.get("createdAt").stringValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        Http.Answer updated = upsert("emailaddress", "ann.lee+news@example.com", "{\"attributes\":{\"lastName\":\"Lee\",\"firstName\":null}}");
        assertEquals(200, updated.status(), updated.text());
        assertEquals(c.get("id"), updated.json().get("id"));
        assertEquals("Lee", updated.json().get("attributes").get("lastName").stringValue());
        assertFalse(updated.json().get("attributes").has("firstName"));
        assertEquals(1, bird.contacts(WS).size());
    }

    @Test
    void percentEncodedAtOrPlusInThePathIsRejected() {
        Http.Answer a = upsert("emailaddress", "ann%40example.com", "{}");
        assertEquals(422, a.status());
        assertEquals("InvalidPayload", a.json().get("code").stringValue());
        assertTrue(a.json().get("details").has("identifierValue"));
        Http.Answer encodedSpace = upsert("crmId", "crm%2F42%20x", "{}");
        assertEquals(201, encodedSpace.status(), encodedSpace.text());
        assertEquals("crm/42 x", encodedSpace.json().get("featuredIdentifiers").get(0).get("value").stringValue());
    }

    /** A contact's numbers are kept digit for digit, never through a double, up to the domain's thousand digits either side of the point. */
    @Test
    void attributeNumbersAreKeptExactly() {
        String tiny = "0." + "0".repeat(999) + "1";
        String big = "9".repeat(1000) + "." + "9".repeat(1000);
        Http.Answer created = upsert("emailaddress", "a@example.com",
                "{\"attributes\":{\"pi\":0.12345678901234567890123,\"tiny\":" + tiny + ",\"big\":" + big + "}}");
        assertEquals(201, created.status(), created.text());
        JsonNode attributes = call("GET", contacts + "/" + created.json().get("id").stringValue(), null).json().get("attributes");
        assertEquals(0, new java.math.BigDecimal("0.12345678901234567890123").compareTo(attributes.get("pi").decimalValue()));
        assertEquals(0, new java.math.BigDecimal(tiny).compareTo(attributes.get("tiny").decimalValue()));
        assertEquals(0, new java.math.BigDecimal(big).compareTo(attributes.get("big").decimalValue()));
    }

    @Test
    void strictAliasConflictNamesTheContactsAndChangesNothing() {
        String a = upsert("emailaddress", "a@example.com", "{}").json().get("id").stringValue();
        String b = upsert("phonenumber", "+31412345678", "{}").json().get("id").stringValue();
        Http.Answer conflict = upsert("emailaddress", "a@example.com",
                "{\"strategy\":\"strict_alias\",\"attributes\":{\"x\":1},\"addIdentifiers\":[{\"key\":\"phonenumber\",\"value\":\"+31412345678\"}]}");
        assertEquals(409, conflict.status());
        JsonNode body = conflict.json();
        assertTrue(body.get("message").stringValue().contains(a) && body.get("message").stringValue().contains(b));
        assertEquals(List.of(a, b), texts(body.get("details").get("contactIds")));
        assertFalse(call("GET", contacts + "/" + a, null).json().get("attributes").has("x"));
    }

    @Test
    void firstAliasSkipsForeignIdentifiersAndFirstAddsNone() {
        String a = upsert("emailaddress", "a@example.com", "{}").json().get("id").stringValue();
        upsert("phonenumber", "+31412345678", "{}");
        Http.Answer alias = upsert("emailaddress", "a@example.com", "{\"strategy\":\"first_alias\",\"addIdentifiers\":["
                + "{\"key\":\"phonenumber\",\"value\":\"+31412345678\"},{\"key\":\"visitorid\",\"value\":\"v-1\"}]}");
        assertEquals(200, alias.status(), alias.text());
        assertEquals(a, alias.json().get("id").stringValue());
        assertEquals(2, alias.json().get("identifierCount").intValue(), "visitorid added, phone skipped");

        Http.Answer first = upsert("emailaddress", "new@example.com", "{\"strategy\":\"first\",\"addIdentifiers\":[{\"key\":\"visitorid\",\"value\":\"v-2\"}]}");
        assertEquals(201, first.status());
        assertEquals(1, first.json().get("identifierCount").intValue());
        assertEquals(422, upsert("emailaddress", "x@example.com", "{\"strategy\":\"merge\"}").status());
    }

    @Test
    void writingReadOnlyIdentifierAttributesIsInvalid() {
        Http.Answer a = upsert("emailaddress", "a@example.com", "{\"attributes\":{\"emailaddress\":\"b@example.com\",\"phonenumber\":\"+31412345678\"}}");
        assertEquals(422, a.status());
        assertTrue(a.json().get("details").has("attributes.emailaddress"));
        assertTrue(a.json().get("details").has("attributes.phonenumber"));
        assertTrue(a.json().get("message").stringValue().contains("read-only"));
        assertEquals(0, bird.contacts(WS).size());
        Http.Answer nested = upsert("emailaddress", "a@example.com", "{\"attributes\":{\"bad\":{\"a\":1}},\"addToLists\":[\"not-a-uuid\"]}");
        assertEquals(422, nested.status());
        assertTrue(nested.json().get("details").has("attributes.bad"));
        assertTrue(nested.json().get("details").has("addToLists[0]"));
    }

    @Test
    void createGetUpdateDelete() {
        String body = "{\"displayName\":\"Ann\",\"identifiers\":[{\"key\":\"emailaddress\",\"value\":\"ann@example.com\"}],\"listIds\":[\"" + LIST + "\"]}";
        Http.Answer created = call("POST", contacts, body);
        assertEquals(201, created.status(), created.text());
        String id = created.json().get("id").stringValue();
        assertEquals(List.of(LIST), texts(created.json().get("listIds")));
        Http.Answer again = call("POST", contacts, body);
        assertEquals(409, again.status());
        assertEquals("ResourceAlreadyExists", again.json().get("code").stringValue());
        assertEquals(422, call("POST", contacts, "{\"identifiers\":[]}").status());

        assertEquals("Ann", call("GET", contacts + "/" + id, null).json().get("computedDisplayName").stringValue());
        assertTrue(call("GET", contacts + "/" + id + "?attribute=country", null).json().get("attributes").get("country").isNull());
        Http.Answer updated = call("PATCH", contacts + "/" + id, "{\"attributes\":{\"lastName\":\"Lee\"},\"listIds\":[]}");
        assertEquals(200, updated.status(), updated.text());
        assertEquals("Lee", updated.json().get("attributes").get("lastName").stringValue());
        assertTrue(updated.json().get("listIds").isEmpty());

        assertEquals(204, call("DELETE", contacts + "/" + id, null).status());
        Http.Answer gone = call("GET", contacts + "/" + id, null);
        assertEquals(404, gone.status());
        assertEquals("NotFound", gone.json().get("code").stringValue());
        assertEquals(404, call("DELETE", contacts + "/" + id, null).status());
        assertEquals(404, call("PATCH", contacts + "/" + id, "{}").status());
    }

    @Test
    void companyRefsGivenOnCreateAreKeptAndServed() {
        Http.Answer created = call("POST", contacts, "{\"displayName\":\"Bo\",\"identifiers\":[{\"key\":\"emailaddress\","
                + "\"value\":\"bo@example.com\"}],\"companyRefs\":[\"acme\",\"globex\"]}");
        assertEquals(201, created.status(), created.text());
        assertEquals(List.of("acme", "globex"), texts(created.json().get("companyRefs")));
        String id = created.json().get("id").stringValue();
        assertEquals(List.of("acme", "globex"), texts(call("GET", contacts + "/" + id, null).json().get("companyRefs")));
        Http.Answer updated = upsert("emailaddress", "bo@example.com", "{\"attributes\":{\"lastName\":\"Li\"}}");
        assertEquals(List.of("acme", "globex"), texts(updated.json().get("companyRefs")), "an update keeps them");
        assertEquals(List.of("acme", "globex"), texts(call("GET", contacts, null).json().get("results").get(0).get("companyRefs")));
        assertEquals(422, call("POST", contacts, "{\"displayName\":\"Cy\",\"companyRefs\":[42]}").status());
        assertEquals(204, call("DELETE", contacts + "/" + id, null).status());
        Http.Answer fresh = call("POST", contacts, "{\"displayName\":\"Di\"}");
        assertTrue(fresh.json().get("companyRefs").isEmpty());
    }

    @Test
    void listsEveryContactExactlyOnceByPageToken() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            ids.add(upsert("emailaddress", "p" + i + "@example.com", "{}").json().get("id").stringValue());
        }
        for (boolean reverse : List.of(false, true)) {
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String url = contacts + "?limit=3&reverse=" + reverse + (token == null ? "" : "&pageToken=" + token);
                JsonNode page = call("GET", url, null).json();
                page.get("results").forEach(c -> seen.add(c.get("id").stringValue()));
                token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").stringValue();
                pages++;
            } while (token != null);
            assertEquals(3, pages);
            assertEquals(7, seen.size());
            assertEquals(ids, new HashSet<>(seen));
        }
        for (String limit : List.of("0", "101", "x")) {
            Http.Answer a = call("GET", contacts + "?limit=" + limit, null);
            assertEquals(422, a.status());
            assertTrue(a.json().get("details").has("limit"));
        }
        assertEquals(422, call("GET", contacts + "?pageToken=garbage", null).status());
        assertEquals(7, call("GET", contacts + "?limit=100", null).json().get("results").size());
    }

    @Test
    void searchesByIdentifier() {
        String id = upsert("emailaddress", "ann@example.com", "{}").json().get("id").stringValue();
        Http.Answer found = call("POST", contacts + "/search", "{\"identifier\":{\"key\":\"emailaddress\",\"value\":\"ANN@example.com\"}}");
        assertEquals(200, found.status());
        assertEquals(id, found.json().get("results").get(0).get("id").stringValue());
        Http.Answer none = call("POST", contacts + "/search", "{\"identifier\":{\"key\":\"emailaddress\",\"value\":\"bob@example.com\"}}");
        assertTrue(none.json().get("results").isEmpty());
        assertEquals(422, call("POST", contacts + "/search", "{}").status());
        assertEquals(403, call("GET", contacts + "/identifiers/emailaddress/ann@example.com", null).status());
    }

    @Test
    void managesIdentifiersOfAContact() {
        String id = upsert("emailaddress", "ann@example.com", "{}").json().get("id").stringValue();
        upsert("emailaddress", "bob@example.com", "{}");
        String identifiers = contacts + "/" + id + "/identifiers";
        Http.Answer added = call("POST", identifiers, "{\"key\":\"phonenumber\",\"value\":\"+31412345678\",\"properties\":{\"countryCode\":\"NL\"}}");
        assertEquals(201, added.status(), added.text());
        assertEquals(409, call("POST", identifiers, "{\"key\":\"emailaddress\",\"value\":\"bob@example.com\"}").status());
        JsonNode listed = call("GET", identifiers + "?limit=1", null).json();
        assertEquals(1, listed.get("results").size());
        assertFalse(listed.get("nextPageToken").isNull());
        assertEquals(204, call("DELETE", identifiers, "{\"key\":\"phonenumber\",\"value\":\"+31412345678\"}").status());
        assertEquals(404, call("DELETE", identifiers, "{\"key\":\"phonenumber\",\"value\":\"+31412345678\"}").status());
        assertEquals(1, call("GET", contacts + "/" + id, null).json().get("identifierCount").intValue());
    }

    @Test
    void servesAttributeDefinitions() {
        JsonNode all = call("GET", bird.baseUrl() + "/workspaces/" + WS + "/attribute-definitions?limit=100", null).json();
        List<String> keys = new ArrayList<>();
        all.get("results").forEach(d -> keys.add(d.get("key").stringValue()));
        assertTrue(keys.containsAll(List.of("firstName", "emailaddress", "loyaltyTier")));
        JsonNode email = call("GET", bird.baseUrl() + "/workspaces/" + WS + "/attribute-definitions/emailaddress", null).json();
        assertTrue(email.get("readOnly").booleanValue());
        assertEquals(404, call("GET", bird.baseUrl() + "/workspaces/" + WS + "/attribute-definitions/nope", null).status());
    }

    @Test
    void countsRequestsAndStartsOnFreshPorts() {
        long before = bird.requestCount();
        call("GET", contacts, null);
        assertEquals(before + 1, bird.requestCount());
        BirdSimulator other = BirdSimulator.builder().accessKey("k").start();
        assertNotEquals(bird.port(), other.port());
        assertFalse(other.toString().contains("k]"));
        String url = other.baseUrl() + "/workspaces/" + WS + "/contacts";
        assertEquals(200, Http.send("GET", url, Map.of("Authorization", "AccessKey k"), null).status());
        other.close();
        org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> Http.send("GET", url, Map.of("Authorization", "AccessKey k"), null), "closed, keep-alive connections included");
    }

    @Test
    void concurrentUpsertsOfOneIdentifierMakeOneContact() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                statuses.add(pool.submit(() -> upsert("emailaddress", "same@example.com", "{\"attributes\":{\"n\":" + n + "}}").status()));
            }
            List<Integer> codes = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> f : statuses) {
                codes.add(f.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count());
            assertEquals(39, codes.stream().filter(c -> c == 200).count());
            assertEquals(1, bird.contacts(WS).size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
