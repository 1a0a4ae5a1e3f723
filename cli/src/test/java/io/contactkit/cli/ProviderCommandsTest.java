package io.contactkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code sync} and {@code export} against the in-memory provider and WireMock stubs of Bird and Bridge (both APIs). */
class ProviderCommandsTest {

    static final String BIRD_KEY = "bird-secret-5e1f9a";
    static final String BRIDGE_KEY = "bridge-secret-77c0d2";
    static final String BRIDGE_SECRET = "signing-secret-a3b4c5";
    static final String BIRD_WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    static final String BRIDGE_WS = "b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234";
    static final Map<String, String> ENV = Map.of("CONTACTKIT_BIRD_ACCESS_KEY", BIRD_KEY, "CONTACTKIT_BRIDGE_API_KEY", BRIDGE_KEY,
            "CONTACTKIT_BRIDGE_SIGNING_SECRET", BRIDGE_SECRET);
    static final String INPUT = "email,phone,firstName,lastName,company\n"
            + "Ann@Example.com,+1 (408) 402-9292,Ann,Lee,Acme\n"
            + "bob@example.com,,Bob,,\n"
            + ",,Nobody,,\n"
            + "bad@,+14152738841,Bad,,\n";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    String input() throws IOException {
        Path p = dir.resolve("in.csv");
        Files.writeString(p, INPUT);
        return p.toString();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + wm.getPort();
    }

    /** Results by record number; each record exactly once. */
    static Map<Long, JsonNode> byRecord(Cli.Result r) {
        Map<Long, JsonNode> out = new TreeMap<>();
        for (JsonNode line : r.lines()) {
            JsonNode before = out.put(line.get("record").longValue(), line);
            assertEquals(null, before, "record reported twice: " + line);
        }
        return out;
    }

    static void assertNoSecret(Cli.Result r) {
        for (String secret : ENV.values()) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "a secret was printed");
        }
    }

    static String birdContact(String id, String email) {
        return """
                {"id": "%s", "computedDisplayName": "Ann", "createdAt": "2025-10-08T18:30:56.771Z", "updatedAt": "2025-10-08T18:31:00.000Z",
                 "workspaceId": "%s", "featuredIdentifiers": [{"key": "emailaddress", "value": "%s"}],
                 "attributes": {"firstName": "Ann", "rating": 9.6, "labels": ["A", "B"], "timezone": null}, "identifierCount": 1}
                """.formatted(id, BIRD_WS, email);
    }

    static String bridgeContact(String id, String phone) {
        return """
                {"id": "%s", "workspaceId": "%s", "type": "PARTIAL", "createdAt": "2003-04-10T08:00:00.000Z", "updatedAt": "2003-04-10T09:00:00.000Z",
                 "firstName": "Ann", "lastName": "Lee", "email": "ann@example.com", "cellphone": "%s", "customAttributes": []}
                """.formatted(id, BRIDGE_WS, phone);
    }

    @Test
    void syncSaysOnStandardErrorWhatFailedByCodeBeforeItsSummary() {
        Cli.Result r = Cli.run(Map.of(), "", "sync", "--provider", "memory", "--workspace", "ws", "--concurrency", "1", DedupeCommandTest.EXAMPLE);
        assertEquals(2, r.errLines().size(), r.err());
        // the contact ids the message names are the provider's own (UUIDs for memory)
        assertEquals("contactkit: 6 records failed (--failed FILE keeps them to run again): invalid_identifier 4, first record 16:"
                + " '(408) 555-0199' has no country code (+...) and no default region is configured; conflict 1, first record 22:"
                + " identifiers belong to 2 different contacts [ID, ID]: emailaddress:noah.wilson@example.net...; no_identifier 1, first"
                + " record 42: the record has no identifier: an upsert needs at least one; 2 records have a phone number without its country"
                + " code: give the country with --region (e.g. --region US)",
                r.errLines().get(0).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID"));
        assertEquals("records=50 created=27 updated=17 failed=6", r.errLines().get(1));
        Path failed = dir.resolve("failed.csv");
        Cli.Result kept = Cli.run(Map.of(), "", "sync", "--provider", "memory", "--workspace", "ws", "--region", "US", "--failed",
                failed.toString(), DedupeCommandTest.EXAMPLE);
        assertTrue(kept.errLines().get(0).startsWith("contactkit: 5 records failed: invalid_identifier 3, "), kept.err());
    }

    @Test
    void syncToMemoryReportsEveryRecordOnce() {
        Cli.Result r = Cli.run(Map.of(), "", "sync", "--provider", "memory", "--workspace", "ws", "--concurrency", "3", DedupeCommandTest.EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertEquals("records=50 created=27 updated=17 failed=6", r.summary());
        Map<Long, JsonNode> results = byRecord(r);
        assertEquals(50, results.size());
        assertEquals("created", results.get(1L).get("status").stringValue());
        assertEquals("updated", results.get(2L).get("status").stringValue());
        assertEquals(results.get(1L).get("contactId"), results.get(2L).get("contactId"));
        assertEquals("conflict", results.get(22L).get("error").get("code").stringValue());
        assertEquals("invalid_identifier", results.get(16L).get("error").get("code").stringValue());
        assertEquals("no_identifier", results.get(42L).get("error").get("code").stringValue());
        assertEquals("failed", results.get(42L).get("status").stringValue());
        assertFalse(results.get(42L).has("contactId"));
        assertTrue(results.get(1L).get("warnings").isArray());
    }

    /** A record's invalid_record result says which attribute its value is wrong for: the result shows the message alone. */
    @Test
    void aValueTooLongNamesItsAttributeInTheRecordsResult() {
        String csv = "email,notes\nann@example.com," + "x".repeat(65_536) + "\n";
        Cli.Result r = Cli.run(Map.of(), csv, "sync", "--provider", "memory", "--workspace", "ws", "-");
        assertEquals(0, r.status(), r.err());
        JsonNode error = byRecord(r).get(1L).get("error");
        assertEquals("invalid_record", error.get("code").stringValue());
        assertEquals("attribute 'notes': a text value is at most 65535 characters, this one has 65536", error.get("message").stringValue());
    }

    @Test
    void exportFromAFreshMemoryProviderIsEmpty() {
        Cli.Result r = Cli.run("export", "--provider", "memory", "--workspace", "ws");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals("contacts=0", r.summary());
    }

    @Test
    void syncToBirdSendsOneIdentifierUpsertPerValidRecord() throws IOException {
        String contacts = "/workspaces/" + BIRD_WS + "/contacts";
        wm.stubFor(patch(urlEqualTo(contacts + "/identifiers/emailaddress/ann@example.com"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(birdContact("c-ann", "ann@example.com"))));
        wm.stubFor(patch(urlEqualTo(contacts + "/identifiers/emailaddress/bob@example.com"))
                .willReturn(okJson(birdContact("c-bob", "bob@example.com"))));
        Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--workspace", BIRD_WS, "--base-url", baseUrl(),
                "--strategy", "first_alias", input());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=4 created=1 updated=1 failed=2", r.summary());
        Map<Long, JsonNode> results = byRecord(r);
        assertEquals("c-ann", results.get(1L).get("contactId").stringValue());
        assertEquals("created", results.get(1L).get("status").stringValue());
        assertEquals("updated", results.get(2L).get("status").stringValue());
        assertEquals("no_identifier", results.get(3L).get("error").get("code").stringValue());
        assertEquals("invalid_identifier", results.get(4L).get("error").get("code").stringValue());
        wm.verify(1, patchRequestedFor(urlEqualTo(contacts + "/identifiers/emailaddress/ann@example.com"))
                .withHeader("Authorization", equalTo("AccessKey " + BIRD_KEY))
                .withRequestBody(containing("\"strategy\":\"first_alias\""))
                .withRequestBody(containing("+14084029292"))
                .withRequestBody(containing("\"firstName\":\"Ann\"")));
        wm.verify(1, patchRequestedFor(urlEqualTo(contacts + "/identifiers/emailaddress/bob@example.com")));
        assertEquals(2, wm.getAllServeEvents().size(), "nothing sent for records that fail locally");
        assertNoSecret(r);
    }

    @Test
    void birdRejectingTheKeyFailsEachRecordWithoutPrintingIt() throws IOException {
        wm.stubFor(patch(urlMatching(".*")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"Unauthorized\",\"message\":\"invalid access key\"}")));
        Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--workspace", BIRD_WS, "--base-url", baseUrl(), input());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=4 created=0 updated=0 failed=4", r.summary());
        JsonNode ann = byRecord(r).get(1L);
        assertEquals("authentication", ann.get("error").get("code").stringValue());
        assertTrue(ann.get("error").get("message").stringValue().contains("HTTP 401"), ann.toString());
        assertNoSecret(r);
    }

    @Test
    void birdRejectingTheKeyForTheFirstThreeRecordsStopsTheRunWithoutPrintingIt() throws IOException {
        wm.stubFor(patch(urlMatching(".*")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"Unauthorized\",\"message\":\"invalid access key\"}")));
        Path in = dir.resolve("many.csv");
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 200; i++) {
            csv.append("person").append(i).append("@example.com\n");
        }
        Files.writeString(in, csv);
        Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--workspace", BIRD_WS, "--base-url", baseUrl(), "--concurrency", "2",
                in.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("contactkit: sync stopped: bird refused the credentials: "), r.err());
        assertTrue(r.err().contains("HTTP 401"), r.err());
        assertTrue(r.err().strip().endsWith("(the first 3 records were all refused so, and none went through); nothing was written: check"
                + " CONTACTKIT_BIRD_ACCESS_KEY (or CONTACTKIT_BIRD_ACCESS_TOKEN), then run the same command again"), r.err());
        assertTrue(wm.getAllServeEvents().size() < 10, "the run stopped sending: " + wm.getAllServeEvents().size() + " requests");
        // the results that came before the third are on standard output, as they came
        assertEquals(2, r.lines().size(), r.out());
        assertNoSecret(r);
    }

    @Test
    void exportFromBirdPagesThroughEveryContact() {
        String contacts = "/workspaces/" + BIRD_WS + "/contacts";
        wm.stubFor(get(urlEqualTo(contacts + "?limit=100")).willReturn(okJson("{\"results\": [" + birdContact("c1", "a@example.com") + ","
                + birdContact("c2", "b@example.com") + "], \"nextPageToken\": \"t2\"}")));
        wm.stubFor(get(urlEqualTo(contacts + "?limit=100&pageToken=t2")).willReturn(okJson("{\"results\": [" + birdContact("c3", "c@example.com")
                + "], \"nextPageToken\": null}")));
        Cli.Result r = Cli.run(ENV, "", "export", "--provider", "bird", "--workspace", BIRD_WS, "--base-url", baseUrl());
        assertEquals(0, r.status(), r.err());
        assertEquals("contacts=3", r.summary());
        List<JsonNode> lines = r.lines();
        assertEquals(List.of("c1", "c2", "c3"), lines.stream().map(c -> c.get("id").stringValue()).toList());
        JsonNode first = lines.get(0);
        assertEquals("a@example.com", first.get("identifiers").get(0).get("value").stringValue());
        assertEquals(9.6, first.get("attributes").get("rating").doubleValue());
        assertEquals(2, first.get("attributes").get("labels").size());
        assertEquals("Ann", first.get("displayName").stringValue());
        assertFalse(first.get("anonymous").booleanValue());
        assertFalse(first.has("sourceRecords"));
        wm.verify(2, getRequestedFor(urlMatching(contacts + ".*")).withHeader("Authorization", equalTo("AccessKey " + BIRD_KEY)));
        assertNoSecret(r);
    }

    @Test
    void syncToBridgeUpsertsByCellphoneAndFailsRecordsWithoutOneLocally() throws IOException {
        String base = "/bridge/api/v1/workspaces/" + BRIDGE_WS;
        wm.stubFor(get(urlEqualTo(base + "/settings/attributes")).willReturn(okJson("{\"customAttributes\": []}")));
        wm.stubFor(post(urlEqualTo(base + "/contacts/partial")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(bridgeContact("4e362e2b-67b2-4a7e-a9df-e9ecf9141be8", "+14084029292"))));
        Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bridge", "--workspace", BRIDGE_WS, "--base-url", baseUrl(), input());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=4 created=1 updated=0 failed=3", r.summary());
        Map<Long, JsonNode> results = byRecord(r);
        assertEquals("created", results.get(1L).get("status").stringValue());
        assertTrue(results.get(1L).get("warnings").toString().contains("company"), "the workspace lacks the company attribute: " + results.get(1L));
        assertEquals("missing_cellphone", results.get(2L).get("error").get("code").stringValue());
        assertEquals("no_identifier", results.get(3L).get("error").get("code").stringValue());
        assertEquals("invalid_identifier", results.get(4L).get("error").get("code").stringValue());
        wm.verify(1, postRequestedFor(urlEqualTo(base + "/contacts/partial")).withHeader("x-api-key", equalTo(BRIDGE_KEY))
                .withRequestBody(containing("\"cellphone\":\"+14084029292\"")));
        assertNoSecret(r);
    }

    @Test
    void exportFromBridgeConnectFollowsTheCursor() {
        String contacts = "/bridge/api/v1/workspaces/" + BRIDGE_WS + "/contacts";
        wm.stubFor(get(urlEqualTo(contacts + "?limit=100")).willReturn(okJson("{\"contacts\": [" + bridgeContact("4e362e2b-67b2-4a7e-a9df-e9ecf9141be1", "+14084029292")
                + "], \"cursor\": \"k2\"}")));
        wm.stubFor(get(urlEqualTo(contacts + "?limit=100&cursor=k2")).willReturn(okJson("{\"contacts\": [" + bridgeContact("4e362e2b-67b2-4a7e-a9df-e9ecf9141be2", "+14152738841")
                + "], \"cursor\": null}")));
        Cli.Result r = Cli.run(ENV, "", "export", "--provider", "bridge", "--workspace", BRIDGE_WS, "--base-url", baseUrl());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.lines().size());
        assertTrue(r.lines().get(1).get("identifiers").toString().contains("+14152738841"), r.out());
        wm.verify(2, getRequestedFor(urlMatching(contacts + ".*")).withHeader("x-api-key", equalTo(BRIDGE_KEY)));
        assertNoSecret(r);
    }

    @Test
    void exportFromBridgeLegacySignsEveryPageRequest() {
        String contacts = "/v1/workspaces/ws_abc123/contacts";
        String legacy = """
                {"id": "%s", "workspaceId": "ws_abc123", "firstName": "John", "lastName": "Doe", "email": "john.doe@example.com",
                 "cellphone": "+14084029292", "customAttributes": [{"key": "company", "value": "Acme Corp"}],
                 "createdAt": "2024-01-15T10:30:00Z", "updatedAt": "2024-01-15T10:30:00Z"}
                """;
        wm.stubFor(get(urlEqualTo(contacts + "?page=1&limit=100")).willReturn(okJson("{\"contacts\": [" + legacy.formatted("contact_1")
                + "], \"pagination\": {\"page\": 1, \"limit\": 100, \"total\": 2, \"totalPages\": 2}}")));
        wm.stubFor(get(urlEqualTo(contacts + "?page=2&limit=100")).willReturn(okJson("{\"contacts\": [" + legacy.formatted("contact_2")
                + "], \"pagination\": {\"page\": 2, \"limit\": 100, \"total\": 2, \"totalPages\": 2}}")));
        Cli.Result r = Cli.run(ENV, "", "export", "--provider", "bridge", "--bridge-api", "legacy", "--workspace", "ws_abc123", "--base-url", baseUrl());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("contact_1", "contact_2"), r.lines().stream().map(c -> c.get("id").stringValue()).toList());
        assertEquals("Acme Corp", r.lines().get(0).get("attributes").get("company").stringValue());
        wm.verify(2, getRequestedFor(urlMatching(contacts + ".*")).withHeader("X-API-Key", equalTo(BRIDGE_KEY))
                .withHeader("X-API-Signature", matching("[0-9a-f]{64}")).withHeader("X-API-Timestamp", matching("\\d+")));
        assertNoSecret(r);
    }

    @Test
    void credentialsComeOnlyFromTheEnvironment() throws IOException {
        Cli.Result bird = Cli.run(Map.of(), "", "sync", "--provider", "bird", "--workspace", BIRD_WS, input());
        assertEquals(1, bird.status());
        assertEquals(List.of("contactkit: CONTACTKIT_BIRD_ACCESS_KEY is not set: --provider bird needs a Bird access key (or"
                + " CONTACTKIT_BIRD_ACCESS_TOKEN for an access token) in the environment (credentials are never taken from flags)"), bird.errLines());
        Cli.Result legacy = Cli.run(Map.of("CONTACTKIT_BRIDGE_API_KEY", BRIDGE_KEY), "", "export", "--provider", "bridge", "--bridge-api", "legacy",
                "--workspace", "ws_abc123");
        assertEquals(1, legacy.status());
        assertTrue(legacy.err().contains("CONTACTKIT_BRIDGE_SIGNING_SECRET is not set"), legacy.err());
        assertNoSecret(legacy);
        assertEquals(0, wm.getAllServeEvents().size());
    }

    /** export reads the same credentials as sync, Bird's access token among them, and its help says so. */
    @Test
    void exportsHelpNamesEveryCredentialVariableItReads() {
        Cli.Result help = Cli.run("export", "--help");
        assertEquals(0, help.status());
        for (String variable : List.of("CONTACTKIT_BIRD_ACCESS_KEY", "CONTACTKIT_BIRD_ACCESS_TOKEN", "CONTACTKIT_BRIDGE_API_KEY",
                "CONTACTKIT_BRIDGE_SIGNING_SECRET")) {
            assertTrue(help.out().contains(variable), variable + " in " + help.out());
        }
    }

    @Test
    void providerUsageProblemsAreStatusTwo() throws IOException {
        String in = input();
        for (String[] args : List.of(
                new String[] {"sync", "--provider", "acme", "--workspace", "w", in},
                new String[] {"sync", "--provider", "memory", in},
                new String[] {"sync", "--provider", "memory", "--workspace", "w", "--concurrency", "0", in},
                new String[] {"sync", "--provider", "bird", "--workspace", "w", "--base-url", "http://example.com", in},
                new String[] {"sync", "--provider", "bird", "--workspace", "w", "--strategy", "merge", in},
                new String[] {"sync", "--provider", "bridge", "--workspace", BRIDGE_WS, "--strategy", "first", in},
                new String[] {"sync", "--provider", "bridge", "--bridge-api", "legacy", "--workspace", "ws_abc123", in},
                new String[] {"export", "--provider", "bird", "--workspace", "w", "--bridge-api", "legacy"},
                // a port no TCP connection can have: a mistake in the address, not a failure to connect worth retrying
                new String[] {"sync", "--provider", "bird", "--workspace", BIRD_WS, "--base-url", "http://127.0.0.1:99999", in},
                new String[] {"export", "--provider", "bridge", "--workspace", BRIDGE_WS, "--base-url", "https://api.example.com:0"})) {
            Cli.Result r = Cli.run(ENV, "", args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertNoSecret(r);
        }
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
