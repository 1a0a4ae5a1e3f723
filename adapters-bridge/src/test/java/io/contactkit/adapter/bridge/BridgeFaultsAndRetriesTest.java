package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_ID;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_WS;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Faults (reset, empty response, a delay beyond the response timeout) and 5xx/429: idempotent calls
 * (the cellphone upsert, reads, updates) are retried; the legacy create never is after it may have
 * been sent. Every retry of a signed request carries a fresh signature.
 */
class BridgeFaultsAndRetriesTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final String GET_PATH = CONTACTS + "/" + CONTACT_ID;
    private static final String UPSERT_PATH = CONTACTS + "/partial";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int TOO_SLOW_MS = 2_500;

    private BridgeContactsClient client;
    private BridgeContactsClient legacy;

    /** A first request warms WireMock up, so a cold server is not mistaken for a slow one. */
    @BeforeAll
    static void warmUp() {
        try (BridgeContactsClient warm = new BridgeContactsClient(Fixtures.connect(wm).build())) {
            warm.health().onErrorResume(e -> Mono.empty()).block(WAIT);
        }
    }

    @BeforeEach
    void setUp() {
        client = new BridgeContactsClient(Fixtures.connect(wm).responseTimeout(Duration.ofSeconds(1)).build());
        legacy = new BridgeContactsClient(Fixtures.legacy(wm).responseTimeout(Duration.ofSeconds(1)).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        legacy.close();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK"})
    void aGetIsRetriedAfterAFault(Fault f) {
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("f").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(f)).willSetStateTo("ok"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("f").whenScenarioStateIs("ok").willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        StepVerifier.create(client.get(WS, CONTACT_ID)).assertNext(c -> assertEquals(CONTACT_ID, c.id())).expectComplete().verify(WAIT);
        wm.verify(2, getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void retriesStopAtTheConfiguredMaximum() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StepVerifier.create(client.get(WS, CONTACT_ID)).expectError(TransportException.class).verify(WAIT);
        wm.verify(1 + Fixtures.FAST_RETRY.maxRetries(), getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsRetried() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL")).withFixedDelay(TOO_SLOW_MS)).willSetStateTo("fast"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("slow").whenScenarioStateIs("fast").willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        StepVerifier.create(client.get(WS, CONTACT_ID)).expectNextCount(1).expectComplete().verify(WAIT);
        wm.verify(2, getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void theCellphoneUpsertIsRetriedAfter5xxAnd429() {
        wm.stubFor(post(urlEqualTo(UPSERT_PATH)).inScenario("u").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("1"));
        wm.stubFor(post(urlEqualTo(UPSERT_PATH)).inScenario("u").whenScenarioStateIs("1")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("2"));
        wm.stubFor(post(urlEqualTo(UPSERT_PATH)).inScenario("u").whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(201).withBody(Fixtures.connectContact(CONTACT_ID, "PARTIAL"))));
        StepVerifier.create(client.upsert(WS, command(b -> b.identifier("phonenumber", "+14084029292"))))
                .assertNext(r -> assertTrue(r.created())).expectComplete().verify(WAIT);
        wm.verify(3, postRequestedFor(urlEqualTo(UPSERT_PATH)));
    }

    @Test
    void theUpdateIsRetriedAfterAReset() {
        wm.stubFor(patch(urlEqualTo(GET_PATH)).inScenario("p").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm.stubFor(patch(urlEqualTo(GET_PATH)).inScenario("p").whenScenarioStateIs("ok").willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        StepVerifier.create(client.update(WS, CONTACT_ID, command(b -> b.set("firstName", "Jo")))).expectNextCount(1).expectComplete().verify(WAIT);
        wm.verify(2, patchRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void theLegacyCreateIsNeverRepeatedAndAnUnresolvedOutcomeIsReportedAsUnknown() {
        var cmd = command(b -> b.identifier("phonenumber", "+14084029292").set("firstName", "A").set("lastName", "B"));
        String lookup = LEGACY_CONTACTS + "?search=%2B14084029292&page=1&limit=100";
        wm.stubFor(get(urlEqualTo(lookup)).willReturn(okJson("{\"contacts\": [], \"pagination\": {\"page\": 1, \"totalPages\": 0}}")));
        wm.stubFor(post(urlEqualTo(LEGACY_CONTACTS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StepVerifier.create(legacy.create(LEGACY_WS, cmd)).expectError(OutcomeUnknownException.class).verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(LEGACY_CONTACTS)));
        wm.verify(1, getRequestedFor(urlEqualTo(lookup)));

        wm.stubFor(post(urlEqualTo(LEGACY_CONTACTS)).willReturn(aResponse().withStatus(500)));
        StepVerifier.create(legacy.create(LEGACY_WS, cmd))
                .expectErrorSatisfies(e -> assertInstanceOf(ServerException.class, assertInstanceOf(OutcomeUnknownException.class, e).getCause()))
                .verify(WAIT);
        wm.verify(2, postRequestedFor(urlEqualTo(LEGACY_CONTACTS)));

        wm.stubFor(post(urlEqualTo(LEGACY_CONTACTS)).willReturn(okJson(Fixtures.legacyContact(LEGACY_ID)).withFixedDelay(TOO_SLOW_MS)));
        wm.stubFor(get(urlEqualTo(lookup)).willReturn(aResponse().withStatus(403)));
        StepVerifier.create(legacy.create(LEGACY_WS, cmd))
                .expectErrorSatisfies(e -> assertEquals(1, assertInstanceOf(OutcomeUnknownException.class, e).getSuppressed().length))
                .verify(WAIT);
        wm.verify(3, postRequestedFor(urlEqualTo(LEGACY_CONTACTS)));
    }

    @Test
    void anAmbiguousLegacyCreateIsResolvedByItsCellphone() {
        var cmd = command(b -> b.identifier("phonenumber", "+14084029292").set("firstName", "John").set("lastName", "Doe"));
        wm.stubFor(post(urlEqualTo(LEGACY_CONTACTS)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        // the search also finds a contact whose number merely contains the digits: only the exact cellphone counts
        String near = Fixtures.legacyContact("contact_near").replace("+1-555-123-4567", "+1-408-402-92921");
        String exact = Fixtures.legacyContact(LEGACY_ID).replace("+1-555-123-4567", "+1 (408) 402-9292");
        wm.stubFor(get(urlEqualTo(LEGACY_CONTACTS + "?search=%2B14084029292&page=1&limit=100")).willReturn(okJson(
                "{\"contacts\": [" + near + "," + exact + "], \"pagination\": {\"page\": 1, \"totalPages\": 1}}")));
        StepVerifier.create(legacy.create(LEGACY_WS, cmd)).assertNext(c -> assertEquals(LEGACY_ID, c.id())).expectComplete().verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(LEGACY_CONTACTS)));
    }

    @Test
    void everyAttemptOfASignedRequestIsSignedAfresh() {
        java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong(Fixtures.NOW.getEpochSecond());
        java.time.Clock ticking = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochSecond(seconds.getAndAdd(7));
            }
        };
        String path = LEGACY_CONTACTS + "/" + LEGACY_ID;
        wm.stubFor(patch(urlEqualTo(path)).inScenario("s").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        wm.stubFor(patch(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("ok").willReturn(okJson(Fixtures.legacyContact(LEGACY_ID))));
        try (BridgeContactsClient c = new BridgeContactsClient(Fixtures.legacy(wm).clock(ticking).build())) {
            c.update(LEGACY_WS, LEGACY_ID, command(b -> b.set("lastName", "Smith"))).block(WAIT);
        }
        var events = Fixtures.served(wm);
        assertEquals(2, events.size());
        var first = events.get(0).getRequest();
        var second = events.get(1).getRequest();
        assertNotEquals(first.getHeader("X-API-Timestamp"), second.getHeader("X-API-Timestamp"));
        for (var r : java.util.List.of(first, second)) {
            assertEquals(Fixtures.expectedSignature(Fixtures.SIGNING_SECRET, "PATCH", path, r.getBodyAsString(), r.getHeader("X-API-Timestamp")),
                    r.getHeader("X-API-Signature"));
        }
    }
}
