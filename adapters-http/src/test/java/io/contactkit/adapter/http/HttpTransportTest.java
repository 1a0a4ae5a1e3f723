package io.contactkit.adapter.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** The shared transport against WireMock: safe retries only, typed errors, size cap, deadlines, pool hygiene. */
class HttpTransportTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), 0.5, Duration.ofSeconds(2));

    private final AtomicInteger authCalls = new AtomicInteger();
    private HttpTransport transport;

    private HttpSettings.Builder settings() {
        return HttpSettings.builder("http://127.0.0.1:" + wm.getPort())
                .responseTimeout(Duration.ofSeconds(5))
                .attemptTimeout(Duration.ofSeconds(8))
                .callTimeout(Duration.ofSeconds(5))
                .maxResponseBytes(2048)
                .retry(FAST);
    }

    private HttpTransport transport(HttpSettings s) {
        return new HttpTransport("test", s, request -> Map.of("Authorization", "Token attempt-" + authCalls.incrementAndGet()),
                (request, response) -> HttpErrors.forStatus("test", request, response, null, null, List.of(), List.of(), Clock.systemUTC()));
    }

    @BeforeEach
    void setUp() {
        transport = transport(settings().build());
    }

    @AfterEach
    void tearDown() {
        transport.close();
        transport.close();
    }

    private static HttpRequest create(String path) {
        return new HttpRequest("POST", path, "", "{}".getBytes(StandardCharsets.UTF_8), false, Map.of(), "things.create");
    }

    @Test
    void aSuccessfulExchangeReadsTheWholeBody() {
        wm.stubFor(get(urlEqualTo("/a?x=1")).willReturn(okJson("{\"ok\":true}").withHeader("X-Thing", "v")));
        StepVerifier.create(transport.exchange(HttpRequest.get("a", "/a", "?x=1")))
                .assertNext(r -> {
                    assertEquals(200, r.status());
                    assertEquals("{\"ok\":true}", r.bodyText());
                    assertEquals("v", r.header("x-thing").orElseThrow());
                })
                .verifyComplete();
        wm.verify(getRequestedFor(urlEqualTo("/a?x=1")).withHeader("Authorization", equalTo("Token attempt-1"))
                .withHeader("Accept", equalTo("application/json")));
        assertEquals(0, activeAfterRelease(transport::activeConnections));
    }

    @Test
    void theLongestDurationsAllowedStillMakeCalls() {
        Duration longest = HttpSettings.MAX_DURATION;
        HttpSettings s = settings().connectTimeout(longest).responseTimeout(longest).attemptTimeout(longest).callTimeout(longest)
                .pendingAcquireTimeout(longest).maxIdleTime(longest).maxLifeTime(longest).evictionInterval(longest)
                .retry(RetryPolicy.backoff(1, longest).withMaxRetryAfter(longest)).build();
        wm.stubFor(get(urlEqualTo("/long")).willReturn(okJson("{}")));
        try (HttpTransport slow = transport(s)) {
            StepVerifier.create(slow.exchange(HttpRequest.get("l", "/long", ""))).assertNext(r -> assertEquals(200, r.status())).verifyComplete();
        }
    }

    @Test
    void aClosedTransportSendsNothingAndOpensNoPoolAgain() {
        wm.stubFor(get(urlEqualTo("/after")).willReturn(okJson("{}")));
        StepVerifier.create(transport.exchange(HttpRequest.get("a", "/after", ""))).expectNextCount(1).verifyComplete();
        transport.close();
        StepVerifier.create(transport.exchange(HttpRequest.get("a", "/after", "")))
                .expectErrorSatisfies(e -> {
                    TransportException t = assertInstanceOf(TransportException.class, e);
                    assertEquals("closed", t.providerCode().orElseThrow());
                    assertFalse(t.isRetryable(), "a closed client stays closed");
                    assertTrue(t.getMessage().contains("closed") && t.getMessage().contains("nothing was sent"), t.getMessage());
                })
                .verify(WAIT);
        wm.verify(1, getRequestedFor(urlEqualTo("/after")));
        assertEquals(0, transport.allocatedConnections(), "no connection made after close");
    }

    /** A create still waiting for a pooled connection when the client closes was never sent: its outcome is known. */
    @Test
    void aCreateWaitingForAConnectionWhenTheTransportClosesWasNotSent() {
        // the first create holds the only connection for a second; the second waits for it when the transport closes
        wm.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(201).withBody("{}").withFixedDelay(1000)));
        HttpTransport one = transport(settings().maxConnections(1).build());
        StepVerifier onTheWire = StepVerifier.create(one.exchange(create("/busy"))).expectNextCount(1).expectComplete().verifyLater();
        StepVerifier waiting = StepVerifier.create(one.exchange(create("/busy")))
                .expectErrorSatisfies(e -> {
                    TransportException t = assertInstanceOf(TransportException.class, e);
                    assertEquals("closed", t.providerCode().orElseThrow(), t.getMessage());
                    assertFalse(t.isRetryable());
                    assertTrue(t.getMessage().contains("nothing was sent"), t.getMessage());
                })
                .verifyLater();
        long until = System.nanoTime() + WAIT.toNanos();
        while ((one.activeConnections() < 1 || one.attempts() < 2) && System.nanoTime() < until) {
            Thread.onSpinWait();   // the first holds the only connection, the second waits for it
        }
        one.close();
        waiting.verify(WAIT);
        onTheWire.verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo("/busy")));
    }

    @Test
    void authenticationIsAddedAgainOnEveryAttempt() {
        wm.stubFor(get(urlEqualTo("/r")).inScenario("r").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(get(urlEqualTo("/r")).inScenario("r").whenScenarioStateIs("ok").willReturn(okJson("{}")));
        StepVerifier.create(transport.exchange(HttpRequest.get("r", "/r", ""))).expectNextCount(1).verifyComplete();
        wm.verify(1, getRequestedFor(urlEqualTo("/r")).withHeader("Authorization", equalTo("Token attempt-1")));
        wm.verify(1, getRequestedFor(urlEqualTo("/r")).withHeader("Authorization", equalTo("Token attempt-2")));
        assertEquals(2, transport.attempts());
        assertEquals(1, transport.retries());
    }

    @Test
    void clientErrorsAreNotRetried() {
        wm.stubFor(get(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
        StepVerifier.create(transport.exchange(HttpRequest.get("m", "/missing", ""))).expectError(NotFoundException.class).verify(WAIT);
        wm.verify(1, getRequestedFor(urlEqualTo("/missing")));
    }

    @Test
    void serverErrorsAreRetriedOnlyForIdempotentRequests() {
        wm.stubFor(get(urlEqualTo("/s")).willReturn(aResponse().withStatus(500)));
        wm.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(500)));
        StepVerifier.create(transport.exchange(HttpRequest.get("s", "/s", ""))).expectError(ServerException.class).verify(WAIT);
        wm.verify(3, getRequestedFor(urlEqualTo("/s")));
        StepVerifier.create(transport.exchange(create("/s"))).expectError(ServerException.class).verify(WAIT);
        wm.verify(1, postRequestedFor(urlEqualTo("/s")));
    }

    @Test
    void aFaultAfterSendingANonIdempotentRequestIsOutcomeUnknown() {
        wm.stubFor(post(urlEqualTo("/f")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StepVerifier.create(transport.exchange(create("/f"))).expectError(OutcomeUnknownException.class).verify(WAIT);
        // WireMock journals a request whose connection it reset only after the reset: the client can see
        // the fault first, so wait (briefly) for the journal before counting
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (wm.findAll(postRequestedFor(urlEqualTo("/f"))).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        wm.verify(1, postRequestedFor(urlEqualTo("/f")));
    }

    @Test
    void rateLimitsAreRetriedEvenForNonIdempotentRequestsBecauseNothingWasProcessed() {
        wm.stubFor(post(urlEqualTo("/l")).inScenario("l").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        wm.stubFor(post(urlEqualTo("/l")).inScenario("l").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)));
        StepVerifier.create(transport.exchange(create("/l"))).assertNext(r -> assertEquals(201, r.status())).verifyComplete();
        wm.verify(2, postRequestedFor(urlEqualTo("/l")));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumIsReportedNotWaitedFor() {
        wm.stubFor(get(urlEqualTo("/slow-down")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        long start = System.nanoTime();
        StepVerifier.create(transport.exchange(HttpRequest.get("s", "/slow-down", "")))
                .expectErrorSatisfies(e -> assertEquals(Duration.ofHours(1), assertInstanceOf(RateLimitedException.class, e).retryAfter().orElseThrow()))
                .verify(WAIT);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0, "a long Retry-After must not be waited for");
        wm.verify(1, getRequestedFor(urlEqualTo("/slow-down")));
    }

    @Test
    void oversizedResponsesFailWithoutLeakingTheConnection() {
        wm.stubFor(get(urlEqualTo("/big")).willReturn(okJson("\"" + "x".repeat(5000) + "\"")));
        wm.stubFor(get(urlEqualTo("/big-chunked")).willReturn(aResponse().withStatus(200).withChunkedDribbleDelay(5, 50)
                .withBody("y".repeat(5000))));
        try (HttpTransport once = transport(settings().retry(RetryPolicy.none()).build())) {
            StepVerifier.create(once.exchange(HttpRequest.get("big", "/big", ""))).expectError(TransportException.class).verify(WAIT);
            StepVerifier.create(once.exchange(HttpRequest.get("big", "/big-chunked", ""))).expectError(TransportException.class).verify(WAIT);
            assertEquals(0, activeAfterRelease(once::activeConnections));
        }
    }

    @Test
    void theCallDeadlineOfANonIdempotentRequestIsOutcomeUnknown() {
        wm.stubFor(post(urlEqualTo("/hang")).willReturn(aResponse().withStatus(201).withFixedDelay(3000)));
        try (HttpTransport slow = transport(settings().callTimeout(Duration.ofMillis(300)).build())) {
            StepVerifier.create(slow.exchange(create("/hang"))).expectError(OutcomeUnknownException.class).verify(WAIT);
            StepVerifier.create(slow.exchange(new HttpRequest("POST", "/hang", "", null, true, Map.of(), "read")))
                    .expectError(TransportException.class).verify(WAIT);
        }
    }

    /** One deadline per attempt: the attempt timeout, or what is left of the call when that is sooner. */
    @Test
    void theCallDeadlineBoundsAttemptsAndRetries() {
        wm.stubFor(get(urlEqualTo("/slow")).willReturn(okJson("{}").withFixedDelay(3000)));
        try (HttpTransport slow = transport(settings().attemptTimeout(Duration.ofMillis(400)).callTimeout(Duration.ofMillis(1000)).build())) {
            long t0 = System.nanoTime();
            StepVerifier.create(slow.exchange(HttpRequest.get("slow", "/slow", "")))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(TransportException.class, e);
                        assertTrue(e.getMessage().startsWith("no result within the call timeout"), e.getMessage());
                    })
                    .verify(WAIT);
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(2500).toNanos(), "given up at the call deadline");
            assertTrue(slow.attempts() >= 2 && slow.attempts() <= 3, "attempts: " + slow.attempts());
        }
        // a retry whose wait would end past the deadline is not made
        wm.stubFor(get(urlEqualTo("/later")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        try (HttpTransport hurried = transport(settings().callTimeout(Duration.ofMillis(500)).build())) {
            StepVerifier.create(hurried.exchange(HttpRequest.get("later", "/later", "")))
                    .expectErrorSatisfies(e -> assertTrue(e.getMessage().startsWith("no result within the call timeout"), e.getMessage()))
                    .verify(WAIT);
            assertEquals(1, hurried.attempts());
        }
    }

    /** A create the provider refused with 429 was not processed: a retry it cannot wait for within the deadline leaves no doubt. */
    @Test
    void aRateLimitedCreateNotRetriedBeforeTheDeadlineIsNotAnUnknownOutcome() {
        wm.stubFor(post(urlEqualTo("/later")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        try (HttpTransport hurried = transport(settings().retry(FAST.withMaxRetryAfter(Duration.ofMinutes(1))).build())) {
            StepVerifier.create(hurried.exchange(create("/later")))
                    .expectErrorSatisfies(e -> {
                        TransportException t = assertInstanceOf(TransportException.class, e);
                        assertTrue(t.getMessage().startsWith("no result within the call timeout"), t.getMessage());
                        assertTrue(t.getMessage().contains("not processed"), t.getMessage());
                        assertInstanceOf(RateLimitedException.class, t.getCause(), "the refusal that was not retried");
                    })
                    .verify(WAIT);
            assertEquals(1, hurried.attempts());
        }
        wm.verify(1, postRequestedFor(urlEqualTo("/later")));
    }

    @Test
    void nothingIsSentBeforeSubscription() {
        transport.exchange(HttpRequest.get("lazy", "/lazy", ""));
        assertEquals(0, wm.getAllServeEvents().size());
        assertEquals(0, transport.attempts());
    }

    /** The domain allows 1,000 attributes of 65,535 characters: such a body is refused before sending. */
    @Test
    void aRequestBodyOverTheCapIsALocalValidationErrorAndSendsNothing() {
        try (HttpTransport small = transport(settings().maxRequestBytes(1024).build())) {
            byte[] body = new byte[1025];
            java.util.Arrays.fill(body, (byte) 'a');
            HttpRequest request = new HttpRequest("PATCH", "/things/1", "", body, true, Map.of(), "things.update");
            StepVerifier.create(small.exchange(request))
                    .expectErrorSatisfies(e -> {
                        io.contactkit.ports.ValidationException v = assertInstanceOf(io.contactkit.ports.ValidationException.class, e);
                        assertTrue(v.isLocal());
                        assertEquals("too_large", v.violations().get(0).code());
                    })
                    .verify(WAIT);
            assertEquals(0, small.attempts());
            assertEquals(0, wm.getAllServeEvents().size());
        }
    }

    /** A provider that echoes the rejected key must not get it into the exception message. */
    @Test
    void credentialsEchoedInAnErrorBodyAreRedactedBeforeMapping() {
        wm.stubFor(get(urlEqualTo("/echo")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"bad key sk-live-123456789 for Token sk-live-123456789\"}")));
        RequestAuthenticator auth = new RequestAuthenticator() {
            @Override
            public Map<String, String> headers(HttpRequest request) {
                return Map.of("Authorization", "Token sk-live-123456789");
            }

            @Override
            public List<String> credentials() {
                return List.of("sk-live-123456789");
            }
        };
        try (HttpTransport t = new HttpTransport("test", settings().build(), auth,
                (request, response) -> HttpErrors.forStatus("test", request, response, null, response.bodyText(), List.of(), List.of(),
                        Clock.systemUTC()))) {
            StepVerifier.create(t.exchange(HttpRequest.get("echo", "/echo", "")))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(io.contactkit.ports.AuthenticationException.class, e);
                        assertTrue(e.getMessage().contains("bad key [redacted] for Token [redacted]"), e.getMessage());
                    })
                    .verify(WAIT);
        }
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
