package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
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
import reactor.test.StepVerifier;

/**
 * Transport faults, timeouts and 5xx: idempotent calls are retried (and the retries counted), the
 * plain create never is — an ambiguous create is resolved through search or reported as outcome unknown.
 */
class BirdFaultsAndRetriesTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final String GET_PATH = CONTACTS + "/" + CONTACT_ID;
    private static final String UPSERT_PATH = CONTACTS + "/identifiers/emailaddress/john@example.com";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);
    /** Beyond the response timeout of the test client. */
    private static final int TOO_SLOW_MS = 2_500;

    private BirdContactsClient client;

    /** A first request warms WireMock up, so a cold server is not mistaken for a slow one. */
    @BeforeAll
    static void warmUp() {
        wm.stubFor(get(urlEqualTo("/warm-up")).willReturn(okJson("{}")));
        try (BirdContactsClient warm = Fixtures.client(wm)) {
            warm.attributeDefinition("warm", "up").onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(WAIT);
        }
    }

    @BeforeEach
    void setUp() {
        client = new BirdContactsClient(Fixtures.config(wm).responseTimeout(RESPONSE_TIMEOUT).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static ResponseDefinitionBuilder fault(Fault fault) {
        return aResponse().withFault(fault);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK"})
    void aGetIsRetriedAfterAFault(Fault f) {
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("f").whenScenarioStateIs(STARTED).willReturn(fault(f)).willSetStateTo("1"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("f").whenScenarioStateIs("1").willReturn(fault(f)).willSetStateTo("2"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("f").whenScenarioStateIs("2").willReturn(okJson(Fixtures.contact())));

        StepVerifier.create(client.get(WS, CONTACT_ID))
                .assertNext(c -> assertEquals(CONTACT_ID, c.id()))
                .expectComplete()
                .verify(WAIT);
        wm.verify(3, getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void retriesStopAtTheConfiguredMaximum() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(fault(Fault.CONNECTION_RESET_BY_PEER)));
        StepVerifier.create(client.get(WS, CONTACT_ID))
                .expectErrorSatisfies(e -> assertInstanceOf(TransportException.class, e))
                .verify(WAIT);
        wm.verify(1 + Fixtures.FAST_RETRY.maxRetries(), getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void aSlowResponseTimesOutAndIsRetried() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(okJson(Fixtures.contact()).withFixedDelay(TOO_SLOW_MS)).willSetStateTo("fast"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("slow").whenScenarioStateIs("fast").willReturn(okJson(Fixtures.contact())));
        StepVerifier.create(client.get(WS, CONTACT_ID)).expectNextCount(1).expectComplete().verify(WAIT);
        wm.verify(2, getRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void serverErrorsAreRetriedForTheUpsert() {
        wm.stubFor(patch(urlEqualTo(UPSERT_PATH)).inScenario("5xx").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("1"));
        wm.stubFor(patch(urlEqualTo(UPSERT_PATH)).inScenario("5xx").whenScenarioStateIs("1")
                .willReturn(aResponse().withStatus(500).withBody("{\"code\":\"InternalError\"}")).willSetStateTo("2"));
        wm.stubFor(patch(urlEqualTo(UPSERT_PATH)).inScenario("5xx").whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(201).withBody(Fixtures.contact())));
        StepVerifier.create(client.upsert(WS, command(b -> b.identifier("emailaddress", "john@example.com"))))
                .assertNext(r -> assertTrue(r.created()))
                .expectComplete()
                .verify(WAIT);
        wm.verify(3, patchRequestedFor(urlEqualTo(UPSERT_PATH)));
    }

    @Test
    void rateLimitsAreRetriedForTheUpdateAndDelete() {
        wm.stubFor(delete(urlEqualTo(GET_PATH)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        wm.stubFor(delete(urlEqualTo(GET_PATH)).inScenario("429").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204)));
        StepVerifier.create(client.delete(WS, CONTACT_ID)).expectComplete().verify(WAIT);
        wm.verify(2, deleteRequestedFor(urlEqualTo(GET_PATH)));

        wm.stubFor(patch(urlEqualTo(GET_PATH)).inScenario("u").whenScenarioStateIs(STARTED)
                .willReturn(fault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm.stubFor(patch(urlEqualTo(GET_PATH)).inScenario("u").whenScenarioStateIs("ok").willReturn(okJson(Fixtures.contact())));
        StepVerifier.create(client.update(WS, CONTACT_ID, command(b -> b.set("firstName", "Jo")))).expectNextCount(1).expectComplete().verify(WAIT);
        wm.verify(2, patchRequestedFor(urlEqualTo(GET_PATH)));
    }

    @Test
    void searchIsReadOnlyAndRetried() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search")).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(fault(Fault.EMPTY_RESPONSE)).willSetStateTo("ok"));
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search")).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"results\":[" + Fixtures.contact() + "]}")));
        StepVerifier.create(client.search(WS, io.contactkit.domain.Identifier.of("emailaddress", "john@example.com")))
                .expectNextCount(1).expectComplete().verify(WAIT);
        wm.verify(2, postRequestedFor(urlEqualTo(CONTACTS + "/search")));
    }

    // ---- the plain create is never repeated ---------------------------------------------------

    private static final UpsertCommand CREATE = command(b -> b.identifier("emailaddress", "john@example.com").set("firstName", "John"));

    private static void searchFinds(boolean found) {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search"))
                .willReturn(okJson("{\"results\":[" + (found ? Fixtures.contact() : "") + "]}")));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK"})
    void anAmbiguousCreateIsResolvedBySearchingItsPrimaryIdentifier(Fault f) {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(fault(f)));
        searchFinds(true);
        StepVerifier.create(client.create(WS, CREATE))
                .assertNext(c -> assertEquals(CONTACT_ID, c.id()))
                .expectComplete()
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS + "/search"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        "{\"identifier\":{\"key\":\"emailaddress\",\"value\":\"john@example.com\"}}")));
    }

    @Test
    void anAmbiguousCreateWithNoOwnerFoundIsOutcomeUnknown() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(okJson(Fixtures.contact()).withFixedDelay(TOO_SLOW_MS)));
        searchFinds(false);
        StepVerifier.create(client.create(WS, CREATE))
                .expectErrorSatisfies(e -> {
                    OutcomeUnknownException u = assertInstanceOf(OutcomeUnknownException.class, e);
                    assertInstanceOf(OutcomeUnknownException.class, u.getCause());
                    BirdErrorMappingTest.assertNoSecret(u);
                })
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void aCreateAnswered5xxIsNotRepeated() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(502)));
        searchFinds(false);
        StepVerifier.create(client.create(WS, CREATE))
                .expectErrorSatisfies(e -> assertInstanceOf(ServerException.class, assertInstanceOf(OutcomeUnknownException.class, e).getCause()))
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void aCreateWhoseLookupFailsIsOutcomeUnknown() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(fault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search")).willReturn(aResponse().withStatus(403)));
        StepVerifier.create(client.create(WS, CREATE))
                .expectErrorSatisfies(e -> {
                    OutcomeUnknownException u = assertInstanceOf(OutcomeUnknownException.class, e);
                    assertEquals(1, u.getSuppressed().length);
                })
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void aCreateWithoutIdentifiersCannotBeLookedUp() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(fault(Fault.EMPTY_RESPONSE)));
        StepVerifier.create(client.create(WS, command(b -> b.set("firstName", "Anon"))))
                .expectError(OutcomeUnknownException.class)
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS)));
        wm.verify(0, postRequestedFor(urlEqualTo(CONTACTS + "/search")));
    }

    @Test
    void aConflictOnCreateIsNotAmbiguous() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(409)
                .withBody("{\"code\":\"ResourceAlreadyExists\",\"message\":\"identifier taken\"}")));
        StepVerifier.create(client.create(WS, CREATE))
                .expectErrorSatisfies(e -> assertEquals("conflict", ((ProviderException) e).code()))
                .verify(WAIT);
        wm.verify(0, postRequestedFor(urlEqualTo(CONTACTS + "/search")));
    }

    @Test
    void addingAnIdentifierIsNotRepeatedEither() {
        String path = CONTACTS + "/" + CONTACT_ID + "/identifiers";
        wm.stubFor(post(urlEqualTo(path)).willReturn(fault(Fault.CONNECTION_RESET_BY_PEER)));
        StepVerifier.create(client.addIdentifier(WS, CONTACT_ID, BirdIdentifier.of(io.contactkit.domain.Identifier.of("visitorid", "v-9"))))
                .expectError(OutcomeUnknownException.class)
                .verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void everyConnectionGoesBackToThePool() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(fault(Fault.MALFORMED_RESPONSE_CHUNK)));
        StepVerifier.create(client.get(WS, CONTACT_ID)).expectError().verify(WAIT);
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(500).withBody("x".repeat(10_000))));
        StepVerifier.create(client.get(WS, CONTACT_ID)).expectError(ServerException.class).verify(WAIT);
        assertEquals(0, activeAfterRelease(client::activeConnections));
    }

    /** The pool takes a connection back on the event loop just after the exchange completes: wait briefly for it. */
    private static int activeAfterRelease(java.util.function.IntSupplier active) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (active.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return active.getAsInt();
    }
}
