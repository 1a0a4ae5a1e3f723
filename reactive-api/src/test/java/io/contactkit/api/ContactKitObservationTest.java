package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.observation.BulkRecordContext;
import io.contactkit.api.observation.DefaultBulkObservationConvention;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.ProviderSettings;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The facade's observations: one per bulk record with its outcome, children of the caller's, and the registry handed to factories. */
class ContactKitObservationTest {

    private static final String NAME = DefaultBulkObservationConvention.NAME;

    @Test
    void upsertAllObservesEveryRecordByOutcomeUnderTheCallersObservation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        Map<String, Observation> seenByProvider = new ConcurrentHashMap<>();
        TestProvider provider = new TestProvider(null, (command, real) -> Mono.deferContextual(view -> {
            seenByProvider.put(command.identifiers().get(0).value(), view.get(ObservationThreadLocalAccessor.KEY));
            return real;
        }));
        Observation caller = Observation.start("caller", registry);
        try (ContactKit kit = ContactKit.builder().provider(provider).observationRegistry(registry).build()) {
            Flux<String> inputs = Flux.just("a@example.com", "b@example.com", "a@example.com", "");
            Function<String, UpsertCommand> toCommand = s -> s.isEmpty() ? null : Commands.email(s);
            StepVerifier.create(kit.upsertAll("ws", inputs, toCommand, 1).contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, caller)))
                    .expectNextCount(4).verifyComplete();
        }
        caller.stop();

        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 4)
                .forAllObservationsWithNameEqualTo(NAME, o -> o.hasLowCardinalityKeyValue("operation", "upsertAll")
                        .hasHighCardinalityKeyValue("contactkit.workspace.id", "ws").hasParentObservationEqualTo(caller));
        assertEquals(Map.of("created", 2L, "updated", 1L, "failed", 1L), outcomes(registry));
        assertEquals(2, seenByProvider.size());
        seenByProvider.values().forEach(o -> assertTrue(o.getContext() instanceof BulkRecordContext,
                "the provider runs inside the record's observation"));
    }

    @Test
    void dedupeObservesEveryRecordByItsDecision() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (ContactKit kit = ContactKit.builder().observationRegistry(registry).build()) {
            StepVerifier.create(kit.dedupe(Flux.just(Commands.email("a@example.com"), Commands.email("b@example.com"),
                            Commands.email("a@example.com", "Ann"))))
                    .expectNextCount(5).verifyComplete();
        }
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo(NAME, 3)
                .forAllObservationsWithNameEqualTo(NAME, o -> o.hasLowCardinalityKeyValue("operation", "dedupe")
                        .hasHighCardinalityKeyValue("contactkit.workspace.id", ContactKit.DEFAULT_DEDUP_WORKSPACE));
        assertEquals(Map.of("created", 2L, "updated", 1L), outcomes(registry));
    }

    @Test
    void failedRecordsAreCountedByTheirErrorCode() {
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        TestProvider provider = new TestProvider(null, (command, real) -> switch (command.identifiers().get(0).value()) {
            case "limited@example.com" -> Mono.error(new RateLimitedException("test", 429, null, "slow down", null));
            case "broken@example.com" -> Mono.error(new ServerException("test", 503, null, "unavailable"));
            default -> real;
        });
        try (ContactKit kit = ContactKit.builder().provider(provider).observationRegistry(registry).build()) {
            Flux<String> inputs = Flux.just("a@example.com", "limited@example.com", "limited@example.com", "broken@example.com", "");
            Function<String, UpsertCommand> toCommand = s -> s.isEmpty() ? null : Commands.email(s);
            StepVerifier.create(kit.upsertAll("ws", inputs, toCommand, 1)).expectNextCount(5).verifyComplete();
        }

        assertEquals(Map.of("created/none", 1L, "failed/rate_limited", 2L, "failed/server", 1L, "failed/validation", 1L),
                counts(meters, "upsertAll"));
    }

    @Test
    void aRecordInFlightHasAnActiveTimerWithOnlyItsOperationNeverAnOutcome() {
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        TestProvider provider = new TestProvider(null, (command, real) -> Mono.never());
        try (ContactKit kit = ContactKit.builder().provider(provider).observationRegistry(registry).build()) {
            StepVerifier.create(kit.upsertAll("ws", Flux.just("a@example.com"), Commands::email, 1))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(100))
                    .then(() -> {
                        LongTaskTimer active = meters.get(NAME + ".active").longTaskTimer();
                        assertEquals(1, active.activeTasks());
                        assertEquals(List.of("operation"), active.getId().getTags().stream().map(Tag::getKey).toList());
                    })
                    .thenCancel()
                    .verify();
        }
        assertTrue(meters.find(NAME + ".active").tagKeys("outcome").longTaskTimers().isEmpty(), "no active timer has an outcome");
        assertEquals(Map.of("cancelled/none", 1L), counts(meters, "upsertAll"));
    }

    @Test
    void rejectedDedupeRecordsAreCountedByTheirCode() {
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        Violation bad = new Violation("identifiers", "missing", "no identifier");
        try (ContactKit kit = ContactKit.builder().observationRegistry(registry).build()) {
            StepVerifier.create(kit.dedupeValidated("ws", Flux.just(Validation.valid(Commands.email("a@example.com")),
                            Validation.<Seq<Violation>, UpsertCommand>invalid(io.vavr.collection.List.of(bad)))))
                    .expectNextCount(3).verifyComplete();
        }

        assertEquals(Map.of("created/none", 1L, "rejected/invalid_identifier", 1L), counts(meters, "dedupe"));
    }

    @Test
    void withoutARegistryNothingIsObservedAndFactoriesGetNone() {
        try (ContactKit kit = ContactKit.builder().provider("observed-test").build()) {
            assertFalse(ObservedTestFactory.LAST.get().component(ObservationRegistry.class).isPresent());
            StepVerifier.create(kit.upsertAll("ws", Flux.just(Commands.email("a@example.com")))).expectNextCount(1).verifyComplete();
        }
    }

    @Test
    void theRegistryIsHandedToTheFactoryOfAProviderDiscoveredById() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ProviderSettings settings = ProviderSettings.builder().option("baseUrl", "https://example.com").build();
        try (ContactKit kit = ContactKit.builder().provider("observed-test").settings(settings).observationRegistry(registry).build()) {
            ProviderSettings given = ObservedTestFactory.LAST.get();
            assertSame(registry, given.component(ObservationRegistry.class).orElseThrow());
            assertEquals(settings.options(), given.options());
        }
    }

    /** The records the timers counted for the operation, by {@code outcome/error.code}; every timer has both tags. */
    private static Map<String, Long> counts(MeterRegistry meters, String operation) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Timer timer : meters.find(NAME).tag("operation", operation).timers()) {
            String key = timer.getId().getTag("outcome") + "/" + timer.getId().getTag("error.code");
            counts.merge(key, timer.count(), Long::sum);
        }
        return counts;
    }

    private static Map<String, Long> outcomes(TestObservationRegistry registry) {
        List<BulkRecordContext> contexts = new java.util.ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(all -> all.stream()
                .filter(BulkRecordContext.class::isInstance).map(BulkRecordContext.class::cast).forEach(contexts::add));
        return contexts.stream().collect(Collectors.groupingBy(BulkRecordContext::outcome, Collectors.counting()));
    }
}
