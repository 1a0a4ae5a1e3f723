package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class UpsertAllTest {

    private static final String WS = "ws";

    /** Holds every upsert until the test releases it. */
    private static final class Held {
        final Queue<Sinks.Empty<Void>> pending = new ConcurrentLinkedQueue<>();
        final TestProvider provider = new TestProvider(null, (command, real) -> {
            Sinks.Empty<Void> gate = Sinks.empty();
            pending.add(gate);
            return gate.asMono().then(real);
        });

        int releaseAll() {
            int n = 0;
            for (Sinks.Empty<Void> s; (s = pending.poll()) != null; n++) {
                s.tryEmitEmpty();
            }
            return n;
        }
    }

    private static List<String> addresses(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("user" + i + "@example.com");
        }
        return out;
    }

    @Test
    void everyInputGetsExactlyOneCorrelatedResultWhateverFails() {
        TestProvider provider = new TestProvider(null, (command, real) -> {
            String email = command.identifiers().get(0).value();
            if (email.startsWith("typed")) {
                return Mono.error(new ServerException("test", 503, null, "unavailable"));
            }
            if (email.startsWith("untyped")) {
                return Mono.error(new IllegalStateException("bug in the provider"));
            }
            if (email.startsWith("thrown")) {
                throw new IllegalStateException("thrown while assembling");
            }
            return real;
        });
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String prefix = switch (i % 6) {
                case 1 -> "typed";
                case 2 -> "untyped";
                case 3 -> "thrown";
                case 4 -> "unreadable";
                case 5 -> "null";
                default -> "fine";
            };
            inputs.add(prefix + i + "@example.com");
        }
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            List<BulkResult<String>> results = kit.upsertAll(WS, Flux.fromIterable(inputs), s -> {
                if (s.startsWith("unreadable")) {
                    throw new IllegalArgumentException("cannot read " + s);
                }
                return s.startsWith("null") ? null : Commands.email(s);
            }, 4).collectList().block();

            assertEquals(inputs.size(), results.size());
            assertEquals(inputs.size(), results.stream().map(BulkResult::index).collect(Collectors.toSet()).size());
            for (BulkResult<String> r : results) {
                assertEquals(inputs.get((int) r.index()), r.input());
                String prefix = r.input().replaceAll("\\d.*", "");
                switch (prefix) {
                    case "fine" -> {
                        assertEquals(BulkResult.Status.CREATED, r.status());
                        assertEquals(r.input(), r.contact().orElseThrow().identifiers().get(0).value());
                    }
                    case "typed" -> assertEquals("server", java.util.Objects.requireNonNull(r.error()).code());
                    case "untyped", "thrown" -> {
                        ServerException e = assertInstanceOf(ServerException.class, java.util.Objects.requireNonNull(r.error()));
                        assertEquals("unexpected", e.providerCode().orElseThrow());
                        assertInstanceOf(IllegalStateException.class, e.getCause());
                    }
                    case "unreadable", "null" -> {
                        ValidationException e = assertInstanceOf(ValidationException.class, java.util.Objects.requireNonNull(r.error()));
                        assertTrue(e.isLocal());
                    }
                    default -> throw new AssertionError(prefix);
                }
                assertEquals(prefix.equals("fine"), r.succeeded());
                assertEquals(!prefix.equals("fine"), r.failed());
            }
            // inputs that could not become commands never reached the provider
            assertEquals(40, provider.upsertCalls.get());
        }
    }

    @Test
    void secondUpsertOfTheSameContactIsReportedUpdated() {
        try (ContactKit kit = ContactKit.builder().build()) {
            kit.upsert(WS, Commands.email("ann@example.com")).block();
            StepVerifier.create(kit.upsertAll(WS, Flux.just(Commands.email("ANN@example.com", "Ann"))))
                    .assertNext(r -> {
                        assertEquals(BulkResult.Status.UPDATED, r.status());
                        assertEquals(0, r.index());
                    })
                    .verifyComplete();
        }
    }

    @Test
    void theConcurrencyBoundIsReachedAndNeverExceeded() {
        Held held = new Held();
        try (ContactKit kit = ContactKit.builder().provider(held.provider).concurrency(5).build()) {
            List<BulkResult<UpsertCommand>> results = new ArrayList<>();
            kit.upsertAll(WS, Flux.fromIterable(addresses(40)).map(Commands::email)).subscribe(results::add);
            int released = 0;
            while (released < 40) {
                assertEquals(Math.min(5, 40 - released), held.provider.inFlight.get(), "in flight after " + released);
                released += held.releaseAll();
            }
            assertEquals(40, results.size());
            assertEquals(5, held.provider.maxInFlight.get());
        }
    }

    @Test
    void theExplicitConcurrencyOverridesTheKitsDefault() {
        Held held = new Held();
        try (ContactKit kit = ContactKit.builder().provider(held.provider).concurrency(5).build()) {
            kit.upsertAll(WS, Flux.fromIterable(addresses(10)), Commands::email, 2).subscribe();
            assertEquals(2, held.provider.inFlight.get());
            while (held.releaseAll() > 0) {
                assertTrue(held.provider.inFlight.get() <= 2);
            }
            assertEquals(2, held.provider.maxInFlight.get());
            assertEquals(10, held.provider.upsertCalls.get());
        }
    }

    @Test
    void cancellingStopsFurtherRequestsAndCancelsThoseInFlight() {
        Held held = new Held();
        AtomicLong pulled = new AtomicLong();
        try (ContactKit kit = ContactKit.builder().provider(held.provider).concurrency(3).build()) {
            StepVerifier.create(kit.upsertAll(WS, Flux.fromIterable(addresses(100)).doOnNext(a -> pulled.incrementAndGet()), Commands::email))
                    .then(() -> assertEquals(3, held.provider.upsertCalls.get()))
                    .then(() -> held.pending.poll().tryEmitEmpty())
                    .expectNextCount(1)
                    .thenCancel() // runs as the first result arrives, before a replacement is started
                    .verify();
            assertEquals(3, held.provider.upsertCalls.get());
            assertEquals(2, held.provider.cancelled.get());
            assertEquals(0, held.provider.inFlight.get());
            held.releaseAll();
            assertEquals(3, held.provider.upsertCalls.get());
            assertEquals(3, pulled.get());
        }
    }

    @Test
    void aSlowSubscriberHoldsBackTheInputs() {
        AtomicLong pulled = new AtomicLong();
        TestProvider provider = new TestProvider();
        try (ContactKit kit = ContactKit.builder().provider(provider).concurrency(4).build()) {
            Flux<String> inputs = Flux.range(0, 100_000).map(i -> "user" + i + "@example.com").doOnNext(a -> pulled.incrementAndGet());
            StepVerifier.create(kit.upsertAll(WS, inputs, Commands::email), 0)
                    .then(() -> assertTrue(pulled.get() <= 4, "pulled " + pulled.get()))
                    .thenRequest(10)
                    .expectNextCount(10)
                    .then(() -> assertTrue(pulled.get() <= 10 + 4, "pulled " + pulled.get()))
                    .thenRequest(5)
                    .expectNextCount(5)
                    .then(() -> assertTrue(pulled.get() <= 15 + 4, "pulled " + pulled.get()))
                    .thenCancel()
                    .verify();
            assertTrue(provider.upsertCalls.get() <= 15 + 4, "calls " + provider.upsertCalls.get());
        }
    }

    @Test
    void anUpsertThatMissesTheDeadlineFailsTypedAndTheOthersGoOn() {
        TestProvider provider = new TestProvider(null, (command, real) ->
                command.identifiers().get(0).value().startsWith("stuck") ? Mono.never() : real);
        StepVerifier.withVirtualTime(() -> {
                    ContactKit kit = ContactKit.builder().provider(provider).timeout(Duration.ofSeconds(5)).build();
                    return kit.upsertAll(WS, Flux.just("a@example.com", "stuck@example.com", "b@example.com"), Commands::email);
                })
                .expectNextCount(2)
                .expectNoEvent(Duration.ofSeconds(4))
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(r -> {
                    assertEquals(1, r.index());
                    TransportException e = assertInstanceOf(TransportException.class, java.util.Objects.requireNonNull(r.error()));
                    assertEquals("deadline_exceeded", e.providerCode().orElseThrow());
                    assertEquals("test", e.provider());
                })
                .verifyComplete();
        assertEquals(1, provider.cancelled.get());
    }

    /**
     * A provider whose upsert reads, waits, then writes, counting upserts that overlap on an identifier:
     * a real provider doing this for two upserts of one identifier at once can create two contacts.
     */
    private static TestProvider overlapCounting(AtomicInteger overlaps) {
        Map<String, AtomicInteger> perIdentifier = new ConcurrentHashMap<>();
        return new TestProvider(null, (command, real) -> {
            Set<String> ids = command.identifiers().stream().map(Object::toString).collect(Collectors.toSet());
            return Mono.fromRunnable(() -> ids.forEach(i -> {
                        if (perIdentifier.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                    }))
                    .then(Mono.delay(Duration.ofMillis(2), Schedulers.parallel()))
                    .then(real)
                    .doOnTerminate(() -> ids.forEach(i -> perIdentifier.get(i).decrementAndGet()));
        });
    }

    @Test
    void upsertsSharingAnIdentifierNeverOverlap() {
        AtomicInteger overlaps = new AtomicInteger();
        TestProvider provider = overlapCounting(overlaps);
        List<UpsertCommand> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            commands.add(switch (i % 3) {
                case 0 -> Commands.email("shared@example.com", "v" + i);
                case 1 -> Commands.emailAndPhone("other" + i + "@example.com", "+1408402" + String.format("%04d", i));
                default -> Commands.emailAndPhone("shared@example.com", "+1650253" + String.format("%04d", i));
            });
        }
        try (ContactKit kit = ContactKit.builder().provider(provider).concurrency(8).build()) {
            List<BulkResult<UpsertCommand>> results = kit.upsertAll(WS, Flux.fromIterable(commands)).collectList().block(Duration.ofSeconds(30));
            assertEquals(60, results.size());
            assertEquals(0, overlaps.get());
            assertTrue(results.stream().allMatch(BulkResult::succeeded));
            long sharedCreated = results.stream()
                    .filter(r -> r.input().identifiers().get(0).value().equals("shared@example.com") && r.status() == BulkResult.Status.CREATED)
                    .count();
            assertEquals(1, sharedCreated);
            // upserts with distinct identifiers still ran side by side
            assertTrue(provider.maxInFlight.get() > 1, "max in flight " + provider.maxInFlight.get());
            assertEquals(21, provider.memory.size(WS));
        }
    }

    @Test
    void cancellingWhileUpsertsWaitForASharedIdentifierStartsNoneOfThem() {
        Held held = new Held();
        try (ContactKit kit = ContactKit.builder().provider(held.provider).concurrency(8).build()) {
            Flux<UpsertCommand> commands = Flux.range(0, 50).map(i -> Commands.email("shared@example.com", "v" + i));
            StepVerifier.create(kit.upsertAll(WS, commands))
                    .then(() -> assertEquals(1, held.provider.upsertCalls.get(), "one runs, seven wait for the identifier"))
                    .thenCancel()
                    .verify();
            // the cancelled upsert gives the identifier back: the waiters it would admit are being cancelled too
            assertEquals(1, held.provider.upsertCalls.get(), "no waiter started after the cancellation");
            assertEquals(0, held.provider.inFlight.get());
            assertEquals(1, held.provider.cancelled.get());
            held.releaseAll();
            // and the identifier is free again
            StepVerifier.create(kit.upsert(WS, Commands.email("shared@example.com", "after")))
                    .then(() -> assertEquals(2, held.provider.upsertCalls.get()))
                    .then(held::releaseAll)
                    .assertNext(r -> assertEquals(io.contactkit.ports.UpsertResult.Status.CREATED, r.status()))
                    .verifyComplete();
        }
    }

    @Test
    void inputsThatFailWhileUpsertsWaitForASharedIdentifierStartNoneOfThem() {
        Held held = new Held();
        try (ContactKit kit = ContactKit.builder().provider(held.provider).concurrency(8).build()) {
            Flux<UpsertCommand> commands = Flux.range(0, 8).map(i -> Commands.email("shared@example.com", "v" + i))
                    .concatWith(Flux.error(new IllegalStateException("the input could not be read")));
            StepVerifier.create(kit.upsertAll(WS, commands))
                    .expectErrorMessage("the input could not be read")
                    .verify(Duration.ofSeconds(5));
            assertEquals(1, held.provider.upsertCalls.get(), "no waiter started after the inputs failed");
            assertEquals(0, held.provider.inFlight.get());
        }
    }

    @Test
    void singleUpsertsOfOneKitAreSerializedToo() {
        AtomicInteger overlaps = new AtomicInteger();
        try (ContactKit kit = ContactKit.builder().provider(overlapCounting(overlaps)).build()) {
            Flux.range(0, 16).flatMap(i -> kit.upsert(WS, Commands.email("shared@example.com", "v" + i)), 16)
                    .blockLast(Duration.ofSeconds(30));
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void withoutTheFacadeTheSameUpsertsDoOverlap() {
        // the control for the two tests above: the detector does see overlaps when nothing serializes
        AtomicInteger overlaps = new AtomicInteger();
        TestProvider provider = overlapCounting(overlaps);
        Flux.range(0, 8).flatMap(i -> provider.upsert(WS, Commands.email("shared@example.com")), 8).blockLast(Duration.ofSeconds(30));
        assertTrue(overlaps.get() > 0);
    }

    @Test
    void failuresKeepTheirProviderType() {
        TestProvider provider = new TestProvider(null, (command, real) -> Mono.error(
                new io.contactkit.ports.ConflictException("test", 409, "conflict", "two owners", List.of("a", "b"))));
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            StepVerifier.create(kit.upsertAll(WS, Flux.just(Commands.email("ann@example.com"))))
                    .assertNext(r -> {
                        ProviderException e = java.util.Objects.requireNonNull(r.error());
                        assertEquals("conflict", e.code());
                        assertTrue(r.contact().isEmpty());
                        assertTrue(r.warnings().isEmpty());
                    })
                    .verifyComplete();
        }
    }
}
