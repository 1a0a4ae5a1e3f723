package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.contactkit.adapter.bird.Fixtures.ACCESS_KEY;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.adapter.bird.internal.BirdErrorMapper;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.domain.UpsertCommand;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.domain.Violation;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bird's error bodies and statuses become the typed errors of the ports, without the access key. */
class BirdErrorMappingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final String GET_PATH = CONTACTS + "/" + CONTACT_ID;

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = new BirdContactsClient(Fixtures.config(wm).retry(RetryPolicy.none()).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private ProviderException failureOfGet(int status, String body) {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return failure(() -> client.get(WS, CONTACT_ID).block(Duration.ofSeconds(5)));
    }

    private static ProviderException failure(Runnable call) {
        try {
            call.run();
        } catch (ProviderException e) {
            assertNoSecret(e);
            return e;
        }
        throw new AssertionError("expected a ProviderException");
    }

    static void assertNoSecret(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(ACCESS_KEY), "the access key leaked into an exception");
        assertFalse(String.valueOf(e).contains(ACCESS_KEY));
    }

    @Test
    void unauthorized() {
        ProviderException e = failureOfGet(401, "{\"code\":\"Unauthorized\",\"message\":\"invalid access key\"}");
        assertInstanceOf(AuthenticationException.class, e);
        assertEquals(401, e.status());
        assertEquals("Unauthorized", e.providerCode().orElseThrow());
        assertTrue(e.getMessage().contains("invalid access key"), e.getMessage());
    }

    /** Some gateways quote the rejected credential: it is redacted before the body is read. */
    @Test
    void anAccessKeyEchoedByBirdIsRedacted() {
        ProviderException e = failureOfGet(401, "{\"code\":\"Unauthorized\",\"message\":\"invalid access key AccessKey " + ACCESS_KEY
                + "\",\"details\":{\"authorization\":[\"" + ACCESS_KEY + "\"]}}");
        assertInstanceOf(AuthenticationException.class, e);
        assertFalse(e.getMessage().contains(ACCESS_KEY), e.getMessage());
        assertTrue(e.getMessage().contains("invalid access key AccessKey [redacted]"), e.getMessage());
    }

    @Test
    void forbidden() {
        ProviderException e = failureOfGet(403, "{\"code\":\"Forbidden\",\"message\":\"no access\"}");
        assertInstanceOf(PermissionException.class, e);
        assertEquals(403, e.status());
    }

    @Test
    void notFound() {
        ProviderException e = failureOfGet(404, "{\"code\":\"NotFound\",\"message\":\"contact not found\"}");
        assertInstanceOf(NotFoundException.class, e);
        assertEquals("NotFound", e.providerCode().orElseThrow());
    }

    @Test
    void conflictNamesTheContacts() {
        wm.stubFor(patch(urlEqualTo(CONTACTS + "/identifiers/emailaddress/a@example.com")).willReturn(aResponse().withStatus(409)
                .withBody("{\"code\":\"ResourceAlreadyExists\",\"message\":\"identifiers belong to two contacts\","
                        + "\"details\":{\"contactIds\":[\"c1\",\"c2\"],\"identifiers\":[\"emailaddress a@example.com belongs to c1\"]}}")));
        ProviderException e = failure(() -> client.upsert(WS, command(b -> b.identifier("emailaddress", "a@example.com")
                .identifier("phonenumber", "+31412345678"))).block(Duration.ofSeconds(5)));
        ConflictException c = assertInstanceOf(ConflictException.class, e);
        assertEquals(List.of("c1", "c2"), c.contactIds());
        assertEquals("ResourceAlreadyExists", c.providerCode().orElseThrow());
    }

    @Test
    void aStrictAliasConflictAnsweredWith422IsAConflictToo() {
        String path = CONTACTS + "/identifiers/emailaddress/a@example.com";
        UpsertCommand both = command(b -> b.identifier("emailaddress", "a@example.com").identifier("phonenumber", "+31412345678"));
        wm.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(422)
                .withBody("{\"code\":\"ResourceAlreadyExists\",\"message\":\"identifiers belong to two contacts\"}")));
        ConflictException byCode = assertInstanceOf(ConflictException.class, failure(() -> client.upsert(WS, both).block(Duration.ofSeconds(5))));
        assertEquals(422, byCode.status());
        assertEquals("ResourceAlreadyExists", byCode.providerCode().orElseThrow());

        wm.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(422)
                .withBody("{\"code\":\"UndocumentedCode\",\"message\":\"strict alias\",\"details\":{\"contactIds\":[\"c1\",\"c2\"]}}")));
        ConflictException byContacts = assertInstanceOf(ConflictException.class, failure(() -> client.upsert(WS, both).block(Duration.ofSeconds(5))));
        assertEquals(List.of("c1", "c2"), byContacts.contactIds());

        wm.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(422)
                .withBody("{\"code\":\"InvalidPayload\",\"details\":{\"strategy\":[\"unknown\"]}}")));
        assertInstanceOf(ValidationException.class, failure(() -> client.upsert(WS, both).block(Duration.ofSeconds(5))),
                "a 422 naming fields, not contacts, stays a validation error");
    }

    @Test
    void theCodesThatMakeA422AConflictAreOneArgument() {
        HttpRequest request = HttpRequest.get("contacts.upsert", "/x", "");
        HttpResponse answer = new HttpResponse(422, Map.of(), "{\"code\":\"AliasTaken\",\"message\":\"taken\"}".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(ValidationException.class, new BirdErrorMapper("bird", Clock.systemUTC()).map(request, answer));
        assertInstanceOf(ConflictException.class, new BirdErrorMapper("bird", Clock.systemUTC(), Set.of("AliasTaken")).map(request, answer));
        assertInstanceOf(ValidationException.class, new BirdErrorMapper("bird", Clock.systemUTC()).map(request,
                new HttpResponse(422, Map.of(), new byte[0])), "no code, no contacts");
    }

    @Test
    void invalidPayloadListsItsFieldDetails() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(422).withBody("""
                {"code":"InvalidPayload","message":"cannot edit read-only attribute emailaddress",
                 "details":{"attributes.emailaddress":["cannot edit read-only attribute"],
                            "displayName":["is required","must be 1-150 characters"]}}""")));
        ProviderException e = failure(() -> client.create(WS, command(b -> b.set("firstName", "Jo"))).block(Duration.ofSeconds(5)));
        ValidationException v = assertInstanceOf(ValidationException.class, e);
        assertFalse(v.isLocal());
        assertEquals(422, v.status());
        assertEquals("InvalidPayload", v.providerCode().orElseThrow());
        assertEquals(List.of(
                Violation.of("attributes.emailaddress", "InvalidPayload", "cannot edit read-only attribute"),
                Violation.of("displayName", "InvalidPayload", "is required"),
                Violation.of("displayName", "InvalidPayload", "must be 1-150 characters")), v.violations());
    }

    @Test
    void rateLimitedWithRetryAfter() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}")));
        RateLimitedException e = assertInstanceOf(RateLimitedException.class, failure(() -> client.get(WS, CONTACT_ID).block(Duration.ofSeconds(5))));
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertTrue(e.isRetryable());
    }

    @Test
    void rateLimitedWithoutRetryAfter() {
        RateLimitedException e = assertInstanceOf(RateLimitedException.class, failureOfGet(429, ""));
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(429, e.status());
    }

    @Test
    void aRetryAfterIsWaitedForOnIdempotentCalls() {
        try (BirdContactsClient retrying = Fixtures.client(wm)) {
            wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("429").whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
            wm.stubFor(get(urlEqualTo(GET_PATH)).inScenario("429").whenScenarioStateIs("ok").willReturn(okJson(Fixtures.contact())));
            long start = System.nanoTime();
            assertEquals(CONTACT_ID, retrying.get(WS, CONTACT_ID).block(Duration.ofSeconds(5)).id());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(950)) >= 0, "Retry-After was not honoured");
            wm.verify(2, getRequestedFor(urlEqualTo(GET_PATH)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrors(int status) {
        ProviderException e = failureOfGet(status, "{\"code\":\"InternalError\",\"message\":\"oops\"}");
        assertInstanceOf(ServerException.class, e);
        assertEquals(status, e.status());
        assertTrue(e.isRetryable());
    }

    @Test
    void anEmptyErrorBodyStillGivesTheTypedError() {
        ProviderException e = failureOfGet(404, "");
        assertInstanceOf(NotFoundException.class, e);
        assertTrue(e.providerCode().isEmpty());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void aNonJsonErrorBodyStillGivesTheTypedError() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Service Unavailable</body></html>")));
        ProviderException e = failure(() -> client.get(WS, CONTACT_ID).block(Duration.ofSeconds(5)));
        assertInstanceOf(ServerException.class, e);
        assertEquals(503, e.status());
    }

    @Test
    void aTruncatedErrorBodyStillGivesTheTypedError() {
        ProviderException e = failureOfGet(422, "{\"code\":\"InvalidPayload\",\"message\":\"bad\",\"details\":{\"displayName\":[\"is req");
        ValidationException v = assertInstanceOf(ValidationException.class, e);
        assertEquals(422, v.status());
        assertTrue(v.violations().isEmpty());
    }

    @Test
    void oddDetailShapesAreTolerated() {
        ProviderException e = failureOfGet(400, "{\"code\":\"Bad\",\"message\":\"m\",\"details\":[{\"field\":\"limit\",\"message\":\"too big\"},\"plain\"]}");
        ValidationException v = assertInstanceOf(ValidationException.class, e);
        assertEquals(List.of(Violation.of("limit", "Bad", "too big"), Violation.of("", "Bad", "plain")), v.violations());
    }

    @Test
    void aMalformedSuccessBodyIsATransportError() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(okJson("{\"id\": ")));
        ProviderException e = failure(() -> client.get(WS, CONTACT_ID).block(Duration.ofSeconds(5)));
        assertEquals("transport", e.code());
        assertEquals(200, e.status());
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(okJson("{\"computedDisplayName\": \"no id\"}")));
        assertEquals("transport", failure(() -> client.get(WS, CONTACT_ID).block(Duration.ofSeconds(5))).code());
    }
}
