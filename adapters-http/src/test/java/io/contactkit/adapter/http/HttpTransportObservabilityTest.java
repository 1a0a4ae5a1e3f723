package io.contactkit.adapter.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.adapter.http.observation.DefaultContactKitObservationConvention;
import io.contactkit.adapter.http.observation.ProviderRequestContext;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.testsupport.ManualClock;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** What the transport tells a service about its requests: observations, trace headers, pool gauges, log lines. */
class HttpTransportObservabilityTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String NAME = DefaultContactKitObservationConvention.NAME;
    private static final PathTemplates TEMPLATES = PathTemplates.of("/workspaces/{workspaceId}/contacts",
            "/workspaces/{workspaceId}/contacts/{contactId}", "/workspaces/{workspaceId}/contacts/search");
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), 0.5, Duration.ofSeconds(2));

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(HttpTransport.class);
    private HttpTransport transport;

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
        if (transport != null) {
            transport.close();
        }
    }

    private HttpSettings.Builder settings() {
        return HttpSettings.builder("http://127.0.0.1:" + wm.getPort()).retry(FAST).callTimeout(Duration.ofSeconds(60));
    }

    private HttpTransport transport(HttpSettings settings) {
        transport = new HttpTransport("test", settings, request -> Map.of("Authorization", "AccessKey secret-key-1"),
                (request, response) -> HttpErrors.forStatus("test", request, response, null, null, List.of(), List.of(), Clock.systemUTC()),
                TEMPLATES);
        return transport;
    }

    private static HttpRequest getContact(String ws, String id) {
        return HttpRequest.get("contacts.get", PathSegments.path("workspaces", ws, "contacts", id), "?attribute=email");
    }

    @Test
    void oneObservationPerRequestWithLowCardinalityKeysAndIdsOnlyAsHighCardinality() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).willReturn(okJson("{}")));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/missing")).willReturn(aResponse().withStatus(404)));
        TestObservationRegistry registry = TestObservationRegistry.create();
        HttpTransport t = transport(settings().observationRegistry(registry).build());

        StepVerifier.create(t.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
        StepVerifier.create(t.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
        StepVerifier.create(t.exchange(getContact("ws-1", "missing"))).expectError(NotFoundException.class).verify(WAIT);

        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 3)
                .forAllObservationsWithNameEqualTo(NAME, o -> o
                        .hasContextualNameEqualTo("test contacts.get")
                        .hasLowCardinalityKeyValue("provider", "test")
                        .hasLowCardinalityKeyValue("operation", "contacts.get")
                        .hasHighCardinalityKeyValue("contactkit.workspace.id", "ws-1")
                        .hasHighCardinalityKeyValue("contactkit.route", "GET /workspaces/{workspaceId}/contacts/{contactId}")
                        .hasHighCardinalityKeyValue("contactkit.attempts", "1")
                        .doesNotHaveLowCardinalityKeyValueWithKey("contactkit.workspace.id")
                        .doesNotHaveLowCardinalityKeyValueWithKey("contactkit.contact.id"))
                .hasAnObservation(o -> o.hasNameEqualTo(NAME).hasLowCardinalityKeyValue("outcome", "success")
                        .hasLowCardinalityKeyValue("status", "200").hasHighCardinalityKeyValue("contactkit.contact.id", "c-9")
                        .doesNotHaveError())
                .hasAnObservation(o -> o.hasNameEqualTo(NAME).hasLowCardinalityKeyValue("outcome", "not_found")
                        .hasLowCardinalityKeyValue("status", "404").hasHighCardinalityKeyValue("contactkit.contact.id", "missing")
                        .hasError());
        List<ProviderRequestContext> contexts = contexts(registry);
        assertThat(contexts).extracting(ProviderRequestContext::outcome).containsExactlyInAnyOrder("success", "success", "not_found");
        for (ProviderRequestContext c : contexts) {
            KeyValues low = c.getLowCardinalityKeyValues();
            assertThat(low.stream().map(kv -> kv.getKey()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("provider", "operation", "outcome", "status");
        }
    }

    @Test
    void retriesAreOneObservationWithItsAttemptsAndRetryEvents() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts")).inScenario("r").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts")).inScenario("r").whenScenarioStateIs("ok").willReturn(okJson("[]")));
        TestObservationRegistry registry = TestObservationRegistry.create();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        HttpTransport t = transport(settings().observationRegistry(registry).build());

        StepVerifier.create(t.exchange(HttpRequest.get("contacts.list", "/workspaces/ws-1/contacts", ""))).expectNextCount(1).verifyComplete();

        assertThat(meters.get(NAME).tags("provider", "test", "operation", "contacts.list", "outcome", "success", "status", "200")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get(NAME + ".retry").tags("provider", "test", "operation", "contacts.list").counter().count()).isEqualTo(1.0);

        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 1)
                .hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("status", "200")
                .hasHighCardinalityKeyValue("contactkit.attempts", "2")
                .doesNotHaveHighCardinalityKeyValueWithKey("contactkit.contact.id");
        assertThat(contexts(registry).get(0).getResponse().status()).isEqualTo(200);
        assertThat(t.retries()).isEqualTo(1);
    }

    @Test
    void theRetryCounterIsTaggedWithTheFailureThatWasRetried() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts")).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("limited"));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts")).inScenario("t").whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts")).inScenario("t").whenScenarioStateIs("ok").willReturn(okJson("[]")));
        failsOnceThenSlow("c", 10_000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = metered(meters);
        HttpTransport t = transport(settings().observationRegistry(registry).build());

        StepVerifier.create(t.exchange(HttpRequest.get("contacts.list", "/workspaces/ws-1/contacts", ""))).expectNextCount(1).verifyComplete();
        // retried once, then cancelled while the second attempt waits
        StepVerifier.create(t.exchange(getContact("ws-1", "slow"))).expectSubscription()
                .expectNoEvent(Duration.ofMillis(1500)).thenCancel().verify(WAIT);

        String retry = NAME + ".retry";
        assertThat(meters.get(retry).tags("operation", "contacts.list", "outcome", "server", "status", "503").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(retry).tags("operation", "contacts.list", "outcome", "rate_limited", "status", "429").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(retry).tags("operation", "contacts.get", "outcome", "server", "status", "503").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.find(retry).tag("outcome", "cancelled").counters()).isEmpty();
        assertThat(meters.get(NAME).tags("operation", "contacts.list", "outcome", "success", "status", "200").timer().count()).isEqualTo(1);
        // a request cancelled after a retry is counted as cancelled, not as the failure it retried
        assertThat(meters.get(NAME).tags("operation", "contacts.get", "outcome", "cancelled", "status", "NONE").timer().count())
                .isEqualTo(1);
    }

    @Test
    void anUnfinishedRequestsActiveTimerCarriesOnlyTheKeysKnownAtTheStartNeverAnOutcome() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String active = NAME + ".active";

        CompletableFuture<HttpResponse> pending = inFlightAfterARetry("a", metered(meters), meters);
        assertThat(meters.find(active).longTaskTimers()).singleElement().satisfies(timer -> {
            assertThat(timer.activeTasks()).isEqualTo(1);
            assertThat(timer.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("provider", "operation");
            assertThat(timer.getId().getTag("operation")).isEqualTo("contacts.get");
        });
        assertThat(pending.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().status()).isEqualTo(200);

        assertThat(meters.find(active).longTaskTimers()).singleElement().satisfies(timer -> assertThat(timer.activeTasks()).isZero());
        assertThat(meters.find(active).tagKeys("outcome").longTaskTimers()).isEmpty();
        assertThat(meters.find(active).tagKeys("status").longTaskTimers()).isEmpty();
        // the finished request and its retry keep their outcome and status
        assertThat(meters.get(NAME).tags("provider", "test", "operation", "contacts.get", "outcome", "success", "status", "200")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get(NAME + ".retry").tags("operation", "contacts.get", "outcome", "server", "status", "503").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aRegistrysOwnConventionExtendingTheDefaultKeepsTheOutcomeOffTheActiveTimerAndOnTheRetryCounter() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = metered(meters);
        registry.observationConfig().observationConvention(new TeamConvention());

        CompletableFuture<HttpResponse> pending = inFlightAfterARetry("g", registry, meters);
        assertThat(meters.find(NAME + ".active").longTaskTimers()).singleElement().satisfies(timer -> assertThat(timer.getId().getTags())
                .extracting(Tag::getKey).containsExactlyInAnyOrder("provider", "operation", "team"));
        assertThat(pending.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().status()).isEqualTo(200);

        assertThat(meters.get(NAME + ".retry").tags("team", "crm", "outcome", "server", "status", "503").counter().count()).isEqualTo(1.0);
        assertThat(meters.get(NAME).tags("team", "crm", "outcome", "success", "status", "200").timer().count()).isEqualTo(1);
    }

    /** A registry's own convention for provider requests: the default's keys and a team. */
    private static final class TeamConvention extends DefaultContactKitObservationConvention
            implements GlobalObservationConvention<ProviderRequestContext> {
        @Override
        public KeyValues getLowCardinalityKeyValues(ProviderRequestContext context) {
            return super.getLowCardinalityKeyValues(context).and("team", "crm");
        }
    }

    @Test
    void aCustomConventionReplacesTheDefault() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).willReturn(okJson("{}")));
        TestObservationRegistry registry = TestObservationRegistry.create();
        HttpTransport t = transport(settings().observationRegistry(registry).observationConvention(new DefaultContactKitObservationConvention() {
            @Override
            public String getName() {
                return "acme.contacts.calls";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(ProviderRequestContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "crm");
            }
        }).build());

        StepVerifier.create(t.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();

        TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat().hasNameEqualTo("acme.contacts.calls")
                .hasLowCardinalityKeyValue("team", "crm").hasLowCardinalityKeyValue("provider", "test");
    }

    @Test
    void theCallersTraceContextFlowsIntoTheRequestAsTraceparent() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).willReturn(okJson("{}")));
        SimpleTracer tracer = new SimpleTracer();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, new W3cPropagator()), new DefaultTracingObservationHandler(tracer)));
        HttpTransport t = transport(settings().observationRegistry(registry).build());

        Observation caller = Observation.start("caller", registry);
        StepVerifier.create(t.exchange(getContact("ws-1", "c-9")).contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, caller)))
                .expectNextCount(1).verifyComplete();
        caller.stop();

        List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
        SimpleSpan callerSpan = spans.stream().filter(s -> s.getName().equals("caller")).findFirst().orElseThrow();
        SimpleSpan requestSpan = spans.stream().filter(s -> s.getName().equals("test contacts.get")).findFirst().orElseThrow();
        assertThat(requestSpan.context().traceId()).isEqualTo(callerSpan.context().traceId());
        assertThat(requestSpan.context().parentId()).isEqualTo(callerSpan.context().spanId());
        assertThat(requestSpan.getTags()).containsEntry("contactkit.contact.id", "c-9").containsEntry("outcome", "success");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/workspaces/ws-1/contacts/c-9"))
                .withHeader("traceparent", equalTo("00-" + requestSpan.context().traceId() + "-" + requestSpan.context().spanId() + "-01")));
    }

    @Test
    void poolGaugesArePublishedWhenARegistryIsGivenAndRemovedOnClose() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).willReturn(okJson("{}")));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            HttpTransport t = transport(settings().poolName("observed-pool").observationRegistry(TestObservationRegistry.create()).build());
            StepVerifier.create(t.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
            assertThat(meters.find("reactor.netty.connection.provider.total.connections").tag("name", "observed-pool").gauge())
                    .isNotNull().satisfies(g -> assertThat(g.value()).isEqualTo(1.0));
            assertThat(meters.find("reactor.netty.connection.provider.max.connections").tag("name", "observed-pool").gauge().value())
                    .isEqualTo(64.0);
            t.close();
            // the pool is disposed asynchronously; its gauges go with it
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (meters.find("reactor.netty.connection.provider.total.connections").tag("name", "observed-pool").gauge() != null
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(meters.find("reactor.netty.connection.provider.total.connections").tag("name", "observed-pool").gauge()).isNull();

            HttpTransport quiet = transport(settings().poolName("unobserved-pool").build());
            StepVerifier.create(quiet.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
            assertThat(meters.find("reactor.netty.connection.provider.total.connections").tag("name", "unobserved-pool").gauge()).isNull();
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void aCallersPoolAndUserAgentSuffixAreUsedAndThePoolIsLeftToItsOwner() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).willReturn(okJson("{}")));
        ConnectionProvider shared = ConnectionProvider.create("shared", 4);
        try {
            HttpTransport t = transport(settings().connectionProvider(shared).userAgentSuffix("acme-crm/2.1").build());
            StepVerifier.create(t.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
            t.close();
            assertThat(shared.isDisposed()).isFalse();
            wm.verify(1, getRequestedFor(urlPathEqualTo("/workspaces/ws-1/contacts/c-9"))
                    .withHeader("User-Agent", equalTo("contactkit/0.1 acme-crm/2.1")));
            HttpTransport again = transport(settings().connectionProvider(shared).build());
            StepVerifier.create(again.exchange(getContact("ws-1", "c-9"))).expectNextCount(1).verifyComplete();
            wm.verify(1, getRequestedFor(urlPathEqualTo("/workspaces/ws-1/contacts/c-9")).withHeader("User-Agent", equalTo("contactkit/0.1")));
        } finally {
            shared.dispose();
        }
    }

    @Test
    void debugLinesNameTheTemplateAndNeverAValueOrSecretThatOnlyTraceShows() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-secret-1/contacts/jane@example.com")).inScenario("d").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("secret-key-1 jane@example.com")).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-secret-1/contacts/jane@example.com")).inScenario("d").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"email\":\"jane@example.com\"}")));
        wm.stubFor(get(urlEqualTo("/workspaces/ws-secret-1/contacts/gone")).willReturn(aResponse().withStatus(503)));
        HttpTransport t = transport(settings().build());

        StepVerifier.create(t.exchange(getContact("ws-secret-1", "jane@example.com"))).expectNextCount(1).verifyComplete();
        StepVerifier.create(t.exchange(HttpRequest.get("contacts.get", "/workspaces/ws-secret-1/contacts/gone", "")))
                .expectError().verify(WAIT);

        List<String> debug = lines(Level.DEBUG);
        assertThat(debug).contains(
                "test contacts.get GET /workspaces/{workspaceId}/contacts/{contactId} -> 500 server attempt 1 in",
                "test contacts.get GET /workspaces/{workspaceId}/contacts/{contactId} -> 200 attempt 2 in",
                "test contacts.get GET /workspaces/{workspaceId}/contacts/{contactId} -> 503 server attempt 3 in");
        assertThat(lines(Level.WARN)).containsExactly(
                "test contacts.get GET /workspaces/{workspaceId}/contacts/{contactId}: retries given up, after 3 attempts; last failure: server (HTTP 503)");
        for (ILoggingEvent e : logs.list) {
            if (e.getLevel().isGreaterOrEqual(Level.DEBUG)) {
                assertThat(e.getFormattedMessage()).doesNotContain("ws-secret-1", "jane", "secret-key-1", "example.com");
            }
        }
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.TRACE);
            assertThat(e.getFormattedMessage()).contains("/workspaces/ws-secret-1/contacts/jane@example.com?attribute=email");
        });
    }

    @Test
    void everyLineAboutARequestCarriesItsWorkspaceAsAKeyValueNeverInItsText() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-7/contacts/c-1")).willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(503)));
        HttpTransport t = transport(settings().build());

        StepVerifier.create(t.exchange(getContact("ws-7", "c-1"))).expectError(ServerException.class).verify(WAIT);
        StepVerifier.create(t.exchange(HttpRequest.get("health", "/health", ""))).expectError(ServerException.class).verify(WAIT);

        List<ILoggingEvent> aboutWs7 = logs.list.stream().filter(e -> e.getFormattedMessage().contains("contacts.get")).toList();
        assertThat(aboutWs7).extracting(ILoggingEvent::getLevel).contains(Level.TRACE, Level.DEBUG, Level.WARN);
        assertThat(aboutWs7).allSatisfy(e -> {
            assertThat(workspaceOf(e)).as(e.getFormattedMessage()).isEqualTo("ws-7");
            if (e.getLevel() != Level.TRACE) {
                assertThat(e.getFormattedMessage()).doesNotContain("ws-7");
            }
        });
        // a request whose path names no workspace: no such key
        List<ILoggingEvent> health = logs.list.stream().filter(e -> e.getFormattedMessage().contains("health")).toList();
        assertThat(health).isNotEmpty().allSatisfy(e -> assertThat(e.getKeyValuePairs()).isNullOrEmpty());
    }

    /** The event's {@code contactkit.workspace.id} key-value, or null. */
    private static String workspaceOf(ILoggingEvent e) {
        return e.getKeyValuePairs() == null ? null : e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("contactkit.workspace.id"))
                .map(kv -> String.valueOf(kv.value)).findFirst().orElse(null);
    }

    @Test
    void anExhaustedPoolIsAWarning() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/slow")).willReturn(okJson("{}").withFixedDelay(1500)));
        HttpTransport t = transport(settings().retry(RetryPolicy.none()).maxConnections(1).pendingAcquireMaxCount(1).build());

        List<Throwable> failures = Flux.range(0, 4)
                .flatMap(i -> t.exchange(getContact("ws-1", "slow")).then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                .collectList().block(WAIT);

        assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(TransportException.class)
                .hasMessageContaining("no pooled connection available"));
        assertThat(lines(Level.WARN)).contains("test contacts.get: connection pool exhausted (at most 1 connections, 1 waiting, PT45S acquire timeout)");
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("connection pool exhausted"))
                .allSatisfy(e -> assertThat(workspaceOf(e)).isEqualTo("ws-1"));
    }

    @Test
    void anExhaustedPoolWarnsOncePerIntervalWithTheCountButObservesEveryRefusal() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/slow")).willReturn(okJson("{}").withFixedDelay(500)));
        ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
        TestObservationRegistry registry = TestObservationRegistry.create();
        HttpTransport t = transport(settings().retry(RetryPolicy.none()).maxConnections(1).pendingAcquireMaxCount(1)
                .clock(clock).observationRegistry(registry).build());
        String warning = "test contacts.get: connection pool exhausted (at most 1 connections, 1 waiting, PT45S acquire timeout)";

        long refused = refusals(t, 12);
        assertThat(refused).isGreaterThan(2);
        assertThat(lines(Level.WARN)).containsExactly(warning);

        clock.advance(ThrottledWarning.INTERVAL.minusSeconds(1));
        long refusedLater = refusals(t, 12);
        assertThat(lines(Level.WARN)).as("nothing more within the interval").containsExactly(warning);

        clock.advance(Duration.ofSeconds(1));
        long refusedAfter = refusals(t, 12);
        assertThat(refusedAfter).isPositive();
        assertThat(lines(Level.WARN)).containsExactly(warning,
                warning + "; " + (refused - 1 + refusedLater) + " more requests refused since the last such warning");
        assertThat(contexts(registry).stream().filter(c -> c.outcome().equals("transport")).count())
                .as("every refused request is observed").isEqualTo(refused + refusedLater + refusedAfter);
    }

    /** Sends the requests at once over the transport and waits for them all: how many the pool refused. */
    private static long refusals(HttpTransport t, int requests) {
        List<Throwable> failures = Flux.range(0, requests)
                .flatMap(i -> t.exchange(getContact("ws-1", "slow")).then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                .collectList().block(WAIT);
        assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(TransportException.class)
                .hasMessageContaining("no pooled connection available"));
        return failures.size();
    }

    @Test
    void aHealthProbeIsObservedUnderItsOwnNameAndNotRetried() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/down")).willReturn(aResponse().withStatus(503)));
        TestObservationRegistry registry = TestObservationRegistry.create();
        HttpTransport t = transport(settings().observationRegistry(registry).build());

        StepVerifier.create(HealthProbe.of(t.exchange(getContact("ws-1", "down")))).expectError(ServerException.class).verify(WAIT);
        wm.verify(1, getRequestedFor(urlPathEqualTo("/workspaces/ws-1/contacts/down")));
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 0)
                .hasNumberOfObservationsWithNameEqualTo(DefaultContactKitObservationConvention.PROBE_NAME, 1)
                .forAllObservationsWithNameEqualTo(DefaultContactKitObservationConvention.PROBE_NAME, o -> o
                        .hasLowCardinalityKeyValue("provider", "test").hasLowCardinalityKeyValue("operation", "contacts.get")
                        .hasLowCardinalityKeyValue("outcome", "server").hasHighCardinalityKeyValue("contactkit.attempts", "1"));

        StepVerifier.create(t.exchange(getContact("ws-1", "down"))).expectError(ServerException.class).verify(WAIT);
        wm.verify(1 + 3, getRequestedFor(urlPathEqualTo("/workspaces/ws-1/contacts/down")));
        TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsWithNameEqualTo(NAME, 1)
                .hasNumberOfObservationsWithNameEqualTo(DefaultContactKitObservationConvention.PROBE_NAME, 1);
    }

    @Test
    void aHealthProbeKeepsTheKeysOfTheConventionGiven() {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/c-1")).willReturn(okJson("{}")));
        TestObservationRegistry registry = TestObservationRegistry.create();
        HttpTransport t = transport(settings().observationRegistry(registry).observationConvention(new DefaultContactKitObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(ProviderRequestContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "crm");
            }
        }).build());

        StepVerifier.create(HealthProbe.of(t.exchange(getContact("ws-1", "c-1")))).expectNextCount(1).verifyComplete();
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 0)
                .hasObservationWithNameEqualTo(DefaultContactKitObservationConvention.PROBE_NAME)
                .that().hasLowCardinalityKeyValue("team", "crm").hasLowCardinalityKeyValue("outcome", "success");
    }

    /** Contact {@code slow} of {@code ws-1}: a 503 first, then a response after the delay. */
    private static void failsOnceThenSlow(String scenario, int delayMillis) {
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/slow")).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("slow"));
        wm.stubFor(get(urlPathEqualTo("/workspaces/ws-1/contacts/slow")).inScenario(scenario).whenScenarioStateIs("slow")
                .willReturn(okJson("{}").withFixedDelay(delayMillis)));
    }

    /**
     * A request for contact {@code slow}, observed on the registry, once it is in flight after a retry: its second attempt
     * waits 1.5 seconds for the response.
     */
    private CompletableFuture<HttpResponse> inFlightAfterARetry(String scenario, ObservationRegistry registry, SimpleMeterRegistry meters) {
        failsOnceThenSlow(scenario, 1500);
        HttpTransport t = transport(settings().observationRegistry(registry).build());
        CompletableFuture<HttpResponse> pending = t.exchange(getContact("ws-1", "slow")).toFuture();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (meters.find(NAME + ".retry").counter() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return pending;
    }

    /** A registry whose observations Micrometer's meter handler turns into meters of the registry given. */
    private static ObservationRegistry metered(SimpleMeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }

    /** The messages at the level, each without its elapsed milliseconds. */
    private List<String> lines(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .map(m -> m.replaceAll(" \\d+ ms$", "")).toList();
    }

    private static List<ProviderRequestContext> contexts(TestObservationRegistry registry) {
        List<ProviderRequestContext> out = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(all -> all.stream()
                .filter(ProviderRequestContext.class::isInstance).map(ProviderRequestContext.class::cast).forEach(out::add));
        return out;
    }

    /** W3C trace context's {@code traceparent} header, the one field a sender needs. */
    private static final class W3cPropagator implements Propagator {
        @Override
        public List<String> fields() {
            return List.of("traceparent");
        }

        @Override
        public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
            setter.set(carrier, "traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-01");
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            return Span.Builder.NOOP;
        }
    }
}
