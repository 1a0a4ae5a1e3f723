package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UpsertResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Timeouts, untyped failures and the facade's retry policy. */
class PoliciesTest {

    private static final String WS = "ws";

    /** Fails the first {@code failures} upserts with what {@code error} makes, then answers for real. */
    private static TestProvider failingFirst(int failures, java.util.function.Supplier<RuntimeException> error) {
        AtomicInteger attempts = new AtomicInteger();
        return new TestProvider(null, (command, real) -> attempts.incrementAndGet() <= failures ? Mono.error(error.get()) : real);
    }

    private static ServerException unavailable() {
        return new ServerException("test", 503, null, "unavailable");
    }

    @Test
    void everySingleOperationHasATypedDeadline() {
        TestProvider provider = new TestProvider(null, (command, real) -> Mono.never());
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).timeout(Duration.ofSeconds(3)).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .thenAwait(Duration.ofSeconds(2))
                .expectErrorSatisfies(e -> {
                    TransportException t = assertInstanceOf(TransportException.class, e);
                    assertEquals("deadline_exceeded", t.providerCode().orElseThrow());
                    assertTrue(t.getMessage().contains("upsert"), t.getMessage());
                    assertEquals(0, t.status());
                })
                .verify();
        assertEquals(1, provider.cancelled.get());
    }

    @Test
    void aListThatNeverAnswersTimesOutButASlowConsumerIsNotCutShort() {
        TestProvider silent = new TestProvider() {
            @Override
            public reactor.core.publisher.Flux<io.contactkit.domain.Contact> list(String workspace, io.contactkit.ports.ListQuery query) {
                return reactor.core.publisher.Flux.never();
            }
        };
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(silent).timeout(Duration.ofSeconds(3)).build().list(WS))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(4))
                .expectErrorSatisfies(e -> assertEquals("deadline_exceeded",
                        assertInstanceOf(TransportException.class, e).providerCode().orElseThrow()))
                .verify();
        TestProvider full = new TestProvider();
        ContactKit kit = ContactKit.builder().provider(full).timeout(Duration.ofSeconds(3)).build();
        for (int i = 0; i < 3; i++) {
            kit.upsert(WS, Commands.email("user" + i + "@example.com")).block();
        }
        StepVerifier.withVirtualTime(() -> kit.list(WS), 1)
                .expectNextCount(1)
                .thenAwait(Duration.ofMinutes(5))
                .thenRequest(2)
                .expectNextCount(2)
                .verifyComplete();
    }

    /**
     * The wait the timeout bounds starts with the first request: a subscriber that asks later is not failed for waiting.
     * In real time: the virtual clock would charge the time it skipped with no timer set to the first timer set after.
     */
    @Test
    void aListingAskedForLaterThanTheTimeoutIsNotCutShort() {
        TestProvider full = new TestProvider();
        ContactKit kit = ContactKit.builder().provider(full).timeout(Duration.ofMillis(200)).build();
        for (int i = 0; i < 3; i++) {
            kit.upsert(WS, Commands.email("user" + i + "@example.com")).block();
        }
        // three contacts, or one page of them
        Map<reactor.core.publisher.Flux<?>, Integer> listings = Map.of(kit.list(WS), 3, kit.listPages(WS, io.contactkit.ports.ListQuery.all()), 1);
        listings.forEach((listing, items) -> StepVerifier.create(listing, 0)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .thenRequest(3)
                .expectNextCount(items)
                .expectComplete()
                .verify(Duration.ofSeconds(5)));
        // once asked, the first item is still bounded
        TestProvider silent = new TestProvider() {
            @Override
            public reactor.core.publisher.Flux<io.contactkit.domain.Contact> list(String workspace, io.contactkit.ports.ListQuery query) {
                return reactor.core.publisher.Flux.never();
            }
        };
        StepVerifier.create(ContactKit.builder().provider(silent).timeout(Duration.ofMillis(200)).build().list(WS), 0)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .thenRequest(1)
                .expectErrorSatisfies(e -> assertEquals("deadline_exceeded",
                        assertInstanceOf(TransportException.class, e).providerCode().orElseThrow()))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void untypedFailuresBecomeTypedWithTheOriginalAsCause() {
        TestProvider provider = new TestProvider(null, (command, real) -> Mono.error(new IllegalStateException("bug")));
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            StepVerifier.create(kit.upsert(WS, Commands.email("ann@example.com")))
                    .expectErrorSatisfies(e -> {
                        ServerException s = assertInstanceOf(ServerException.class, e);
                        assertEquals("unexpected", s.providerCode().orElseThrow());
                        assertInstanceOf(IllegalStateException.class, s.getCause());
                    })
                    .verify();
        }
    }

    @Test
    void withoutARetryPolicyAFailureIsReportedAtOnce() {
        TestProvider provider = failingFirst(1, PoliciesTest::unavailable);
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            StepVerifier.create(kit.upsert(WS, Commands.email("ann@example.com"))).expectError(ServerException.class).verify();
            assertEquals(1, provider.upsertCalls.get());
        }
    }

    @Test
    void theRetryPolicyRepeatsRetryableFailuresOfIdempotentOperations() {
        TestProvider provider = failingFirst(2, PoliciesTest::unavailable);
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .thenAwait(Duration.ofSeconds(10))
                .assertNext(r -> assertEquals(UpsertResult.Status.CREATED, r.status()))
                .verifyComplete();
        assertEquals(3, provider.upsertCalls.get());
    }

    @Test
    void theRetryPolicyGivesUpAfterItsLimit() {
        TestProvider provider = failingFirst(10, PoliciesTest::unavailable);
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(2, Duration.ofMillis(100))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .thenAwait(Duration.ofSeconds(10))
                .expectError(ServerException.class)
                .verify();
        assertEquals(3, provider.upsertCalls.get());
    }

    @Test
    void nonRetryableFailuresAreNeverRepeated() {
        TestProvider provider = failingFirst(10, () -> new AuthenticationException("test", 401, null, "bad key"));
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(5, Duration.ofMillis(100))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .thenAwait(Duration.ofSeconds(10))
                .expectError(AuthenticationException.class)
                .verify();
        assertEquals(1, provider.upsertCalls.get());
    }

    @Test
    void aRateLimitWaitsTheDelayTheProviderAskedFor() {
        TestProvider provider = failingFirst(1, () -> new RateLimitedException("test", 429, null, "slow down", Duration.ofSeconds(20)));
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(19))
                .then(() -> assertEquals(1, provider.upsertCalls.get()))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(r -> assertEquals(UpsertResult.Status.CREATED, r.status()))
                .verifyComplete();
        assertEquals(2, provider.upsertCalls.get());
    }

    @Test
    void aRateLimitLongerThanTheLimitIsReportedNotWaited() {
        TestProvider provider = failingFirst(1, () -> new RateLimitedException("test", 429, null, "slow down", Duration.ofMinutes(5)));
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).timeout(Duration.ofMinutes(30))
                        .retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .expectError(RateLimitedException.class)
                .verify();
        assertEquals(1, provider.upsertCalls.get());
    }

    @Test
    void deleteIsRepeatedOnlyWhenTheProviderDidNotProcessIt() {
        TestProvider provider = new TestProvider();
        provider.failOthers = PoliciesTest::unavailable;
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).build()
                        .delete(WS, "id"))
                .thenAwait(Duration.ofSeconds(10))
                .expectError(ServerException.class)
                .verify();
        assertEquals(1, provider.otherCalls.get());
        provider.failOthers = () -> new RateLimitedException("test", 429, null, "slow down", null);
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).build()
                        .delete(WS, "id"))
                .thenAwait(Duration.ofSeconds(10))
                .expectError(RateLimitedException.class)
                .verify();
        assertEquals(1 + 4, provider.otherCalls.get());
    }

    @Test
    void theDeadlineBoundsAllAttemptsTogether() {
        TestProvider provider = new TestProvider();
        provider.failOthers = PoliciesTest::unavailable;
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).timeout(Duration.ofSeconds(2))
                        .retry(RetryPolicy.backoff(100, Duration.ofSeconds(1)).withJitter(0)).build()
                        .get(WS, "id"))
                .thenAwait(Duration.ofSeconds(3))
                .expectErrorSatisfies(e -> {
                    TransportException t = assertInstanceOf(TransportException.class, e);
                    assertEquals("deadline_exceeded", t.providerCode().orElseThrow());
                    // what kept failing is not lost behind the deadline: the last try's failure, in the message and as the cause
                    assertEquals("get did not finish within PT2S; its last try failed: unavailable", t.getMessage());
                    assertInstanceOf(ServerException.class, t.getCause());
                })
                .verify();
        // a deadline that cuts the first try short has no failure to tell
        TestProvider silent = new TestProvider(null, (command, real) -> Mono.never());
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(silent).timeout(Duration.ofSeconds(2))
                        .retry(RetryPolicy.backoff(3, Duration.ofSeconds(1))).build()
                        .upsert(WS, Commands.email("ann@example.com")))
                .thenAwait(Duration.ofSeconds(3))
                .expectErrorSatisfies(e -> {
                    assertEquals("upsert did not finish within PT2S", e.getMessage());
                    assertNull(e.getCause());
                })
                .verify();
    }

    @Test
    void aTransportFailureThatCannotChangeIsNotRepeated() {
        TestProvider provider = new TestProvider();
        AtomicInteger tries = new AtomicInteger();
        provider.failOthers = () -> {
            tries.incrementAndGet();
            return new TransportException("test", 0, null, "TLS handshake refused", new javax.net.ssl.SSLHandshakeException("bad certificate"), false);
        };
        StepVerifier.withVirtualTime(() -> ContactKit.builder().provider(provider).retry(RetryPolicy.backoff(5, Duration.ofMillis(100))).build()
                        .get(WS, "id"))
                .thenAwait(Duration.ofSeconds(10))
                .expectErrorSatisfies(e -> assertEquals("TLS handshake refused", e.getMessage()))
                .verify();
        assertEquals(1, tries.get(), "tried once: a retry would meet the same refusal");
        assertTrue(new TransportException("test", 0, null, "reset").isRetryable(), "other transport failures stay retryable");
    }

    @Test
    void retryPolicyValuesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(-1, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(1, Duration.ofSeconds(1)).withJitter(1.5));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(1, Duration.ofSeconds(2)).withMaxBackoff(Duration.ofSeconds(1)));
        RetryPolicy p = RetryPolicy.backoff(5, Duration.ofMillis(100)).withJitter(0).withMaxBackoff(Duration.ofMillis(350));
        assertEquals(Duration.ofMillis(100), p.delay(unavailable(), 1));
        assertEquals(Duration.ofMillis(200), p.delay(unavailable(), 2));
        assertEquals(Duration.ofMillis(350), p.delay(unavailable(), 3));
        assertEquals(Duration.ofMillis(350), p.delay(unavailable(), 60));
        assertNull(p.withMaxRetryAfter(Duration.ofSeconds(1)).delay(new RateLimitedException("t", 429, null, "m", Duration.ofSeconds(2)), 1));
    }
}
