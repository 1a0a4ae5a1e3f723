package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_ID;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_WS;
import static io.contactkit.adapter.bridge.Fixtures.SIGNING_SECRET;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The older inbound API on the wire: exact requests, every one signed; the signature is recomputed
 * here from the documented formula over the body WireMock received and the fixed clock's timestamp.
 */
class BridgeLegacyOperationsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIMESTAMP = Long.toString(Fixtures.NOW.getEpochSecond());
    private BridgeContactsClient client;

    @BeforeEach
    void setUp() {
        client = new BridgeContactsClient(Fixtures.legacy(wm).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static LoggedRequest only() {
        var events = Fixtures.served(wm);
        assertEquals(1, events.size());
        return events.get(0).getRequest();
    }

    private static void assertSigned(LoggedRequest r, String method, String path) {
        assertEquals(method, r.getMethod().getName());
        assertEquals(Fixtures.API_KEY, r.getHeader("X-API-Key"));
        assertEquals(TIMESTAMP, r.getHeader("X-API-Timestamp"));
        String body = r.getBodyAsString();
        assertEquals(Fixtures.expectedSignature(SIGNING_SECRET, method, path, body, TIMESTAMP), r.getHeader("X-API-Signature"));
    }

    @Test
    void createIsSignedAndSendsTheRequiredFields() {
        wm.stubFor(post(urlEqualTo(LEGACY_CONTACTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.legacyContact(LEGACY_ID))));
        Contact made = client.create(LEGACY_WS, command(c -> c.identifier("phonenumber", "+14084029292")
                .identifier("emailaddress", "john.doe@example.com").set("firstName", "John").set("lastName", "Doe")
                .set("company", "Acme Corp").set("employees", AttributeValue.of(12)).owner("salesperson@your-company.com"))).block(WAIT);

        LoggedRequest r = only();
        assertSigned(r, "POST", LEGACY_CONTACTS);
        assertEquals(LEGACY_CONTACTS, r.getUrl());
        assertEquals("application/json", r.getHeader("Content-Type"));
        assertTrue(equalToJson("""
                { "cellphone": "+14084029292", "email": "john.doe@example.com", "firstName": "John", "lastName": "Doe",
                  "ownerId": "salesperson@your-company.com",
                  "customAttributes": [ { "key": "company", "value": "Acme Corp" }, { "key": "employees", "value": 12 } ] }
                """).match(r.getBodyAsString()).isExactMatch(), r.getBodyAsString());
        assertEquals(LEGACY_ID, made.id());
        assertEquals(LEGACY_WS, made.workspace());
        assertTrue(made.owns(Identifier.of("phonenumber", "+15551234567")), "separators of the documented example are tolerated");
        assertEquals(AttributeValue.of("Acme Corp"), made.attributes().get("company"));
        assertEquals("salesperson@your-company.com", made.owner().orElseThrow());
    }

    @Test
    void updateIsSignedAndClearsWithNulls() {
        wm.stubFor(patch(urlEqualTo(LEGACY_CONTACTS + "/" + LEGACY_ID)).willReturn(okJson(Fixtures.legacyContact(LEGACY_ID))));
        client.update(LEGACY_WS, LEGACY_ID, command(c -> c.set("lastName", "Smith").remove("company").owner(null))).block(WAIT);
        LoggedRequest r = only();
        assertSigned(r, "PATCH", LEGACY_CONTACTS + "/" + LEGACY_ID);
        assertTrue(equalToJson("""
                { "lastName": "Smith", "ownerId": null, "customAttributes": [ { "key": "company", "value": null } ] }
                """).match(r.getBodyAsString()).isExactMatch(), r.getBodyAsString());
    }

    @Test
    void deleteIsSignedOverAnEmptyBody() {
        wm.stubFor(delete(urlEqualTo(LEGACY_CONTACTS + "/" + LEGACY_ID)).willReturn(aResponse().withStatus(204)));
        client.delete(LEGACY_WS, LEGACY_ID).block(WAIT);
        LoggedRequest r = only();
        assertEquals("", r.getBodyAsString());
        assertSigned(r, "DELETE", LEGACY_CONTACTS + "/" + LEGACY_ID);
    }

    @Test
    void listIsSignedOverThePathWithoutTheQuery() {
        wm.stubFor(get(urlPathEqualTo(LEGACY_CONTACTS)).willReturn(okJson("""
                { "contacts": [ %s ], "pagination": { "page": 1, "limit": 20, "total": 1, "totalPages": 1 } }
                """.formatted(Fixtures.legacyContact(LEGACY_ID)))));
        List<BridgeContact> all = client.listBridgeContacts(LEGACY_WS, ListQuery.builder().owner("salesperson@your-company.com")
                .search("John Doe").pageSize(20).build()).collectList().block(WAIT);
        assertEquals(1, all.size());
        assertEquals(LEGACY_ID, all.get(0).contact().id());
        assertTrue(all.get(0).type().isEmpty(), "the older API has no classification");
        LoggedRequest r = only();
        assertEquals(LEGACY_CONTACTS + "?ownerId=salesperson%40your-company.com&search=John%20Doe&page=1&limit=20", r.getUrl());
        assertSigned(r, "GET", LEGACY_CONTACTS);
    }

    @Test
    void aBasePathIsPartOfTheSignedPath() {
        try (BridgeContactsClient prefixed = new BridgeContactsClient(Fixtures.legacy(wm)
                .baseUrl("http://127.0.0.1:" + wm.getPort() + "/gateway/").build())) {
            wm.stubFor(delete(urlEqualTo("/gateway" + LEGACY_CONTACTS + "/" + LEGACY_ID)).willReturn(aResponse().withStatus(204)));
            prefixed.delete(LEGACY_WS, LEGACY_ID).block(WAIT);
            assertSigned(only(), "DELETE", "/gateway" + LEGACY_CONTACTS + "/" + LEGACY_ID);
        }
    }

    @Test
    void createNeedsCellphoneAndNamesAndSendsNothingOtherwise() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.create(LEGACY_WS, command(c -> c.identifier("emailaddress", "ann@example.com"))).block(WAIT));
        assertEquals(List.of("missing_cellphone", "missing_first_name", "missing_last_name"),
                e.violations().stream().map(v -> v.code()).toList());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void pageSizesAndTokensOutsideTheOlderRangeFailLocally() {
        assertThrows(ValidationException.class, () -> client.list(LEGACY_WS, ListQuery.builder().pageSize(9).build()).blockLast(WAIT));
        assertThrows(ValidationException.class, () -> client.list(LEGACY_WS, ListQuery.builder().pageSize(101).build()).blockLast(WAIT));
        assertThrows(ValidationException.class, () -> client.list(LEGACY_WS, ListQuery.builder().pageToken("abc").build()).blockLast(WAIT));
        assertThrows(ValidationException.class, () -> client.list(LEGACY_WS, ListQuery.builder().pageToken("0").build()).blockLast(WAIT));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void whatTheOlderApiLacksIsUnsupported() {
        var cmd = command(c -> c.identifier("phonenumber", "+14084029292").set("firstName", "A").set("lastName", "B"));
        assertEquals("operation:upsert", assertThrows(UnsupportedCapabilityException.class, () -> client.upsert(LEGACY_WS, cmd).block(WAIT)).capability());
        assertEquals("operation:get", assertThrows(UnsupportedCapabilityException.class, () -> client.get(LEGACY_WS, LEGACY_ID).block(WAIT)).capability());
        assertEquals("language", assertThrows(UnsupportedCapabilityException.class,
                () -> client.create(LEGACY_WS, command(c -> c.identifier("phonenumber", "+14084029292").set("firstName", "A")
                        .set("lastName", "B").language("EN"))).block(WAIT)).capability());
        assertEquals("attribute-settings", assertThrows(UnsupportedCapabilityException.class,
                () -> client.attributeSettings(LEGACY_WS).blockLast(WAIT)).capability());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    /** A lone surrogate would be sent (and signed) as "?": another contact than the one named. */
    @Test
    void anIdWithALoneSurrogateIsRefusedBeforeSending() {
        ValidationException e = assertThrows(ValidationException.class, () -> client.delete(LEGACY_WS, "contact_\uD800").block(WAIT));
        assertEquals(List.of("invalid_id"), e.violations().stream().map(v -> v.code()).toList());
        assertThrows(ValidationException.class, () -> client.list("ws_\uDC00", ListQuery.all()).blockLast(WAIT));
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
