package io.contactkit.adapter.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contactkit.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * At most maxEntries keys, the least recently used forgotten first; a value served only while younger
 * than the time limit by the given clock; one fetch shared by concurrent callers; failures not kept.
 */
class BoundedCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);


    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:30:00Z"));
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    /** Fetches "key#n", n counting the fetches of that key. */
    private Mono<String> fetch(String key) {
        return Mono.fromSupplier(() -> key + "#" + fetches.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
    }

    private int fetchesOf(String key) {
        return fetches.getOrDefault(key, new AtomicInteger()).get();
    }

    @Test
    void aValueIsServedWhileYoungerThanTheTimeLimitByTheClock() {
        BoundedCache<String, String> cache = new BoundedCache<>(this::fetch, TTL, clock, 10);
        assertEquals("a#1", cache.get("a").block());
        clock.advance(TTL.minusSeconds(1));
        assertEquals("a#1", cache.get("a").block());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("a#2", cache.get("a").block(), "as old as the time limit: fetched again");
        assertEquals("a#2", cache.get("a").block());
    }

    @Test
    void theLeastRecentlyUsedKeyIsForgottenToMakeRoom() {
        BoundedCache<String, String> cache = new BoundedCache<>(this::fetch, TTL, clock, 2);
        cache.get("a").block();
        cache.get("b").block();
        cache.get("a").block();              // a is now used more recently than b
        cache.get("c").block();              // makes room: b goes
        assertEquals(2, cache.size());
        assertEquals("a#1", cache.get("a").block());
        assertEquals("c#1", cache.get("c").block());
        assertEquals("b#2", cache.get("b").block(), "b was forgotten");
        assertEquals(2, cache.size());
    }

    @Test
    void manyKeysNeverHoldMoreThanTheBound() {
        BoundedCache<String, String> cache = new BoundedCache<>(this::fetch, TTL, clock, 100);
        Flux.range(0, 5_000).concatMap(i -> cache.get("ws" + i)).blockLast();
        assertEquals(100, cache.size());
    }

    @Test
    void concurrentCallersShareOneFetch() {
        Sinks.One<String> answer = Sinks.one();
        AtomicInteger subscribed = new AtomicInteger();
        BoundedCache<String, String> cache = new BoundedCache<>(k -> answer.asMono().doOnSubscribe(s -> subscribed.incrementAndGet()),
                TTL, clock, 10);
        StepVerifier first = StepVerifier.create(cache.get("a")).expectNext("shared").expectComplete().verifyLater();
        StepVerifier second = StepVerifier.create(cache.get("a")).expectNext("shared").expectComplete().verifyLater();
        answer.tryEmitValue("shared");
        first.verify(Duration.ofSeconds(5));
        second.verify(Duration.ofSeconds(5));
        assertEquals(1, subscribed.get());
    }

    @Test
    void aFailedFetchIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        BoundedCache<String, String> cache = new BoundedCache<>(k -> calls.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("down")) : fetch(k), TTL, clock, 10);
        assertThrows(IllegalStateException.class, () -> cache.get("a").block());
        assertEquals("a#1", cache.get("a").block());
        assertEquals("a#1", cache.get("a").block());
        assertEquals(2, calls.get());
    }

    @Test
    void aZeroTimeLimitFetchesOnEveryCallAndHoldsNothing() {
        BoundedCache<String, String> cache = new BoundedCache<>(this::fetch, Duration.ZERO, clock, 10);
        Mono<String> lazy = cache.get("a");
        assertEquals(0, fetchesOf("a"), "nothing fetched before subscription");
        assertEquals(List.of("a#1", "a#2"), List.of(lazy.block(), cache.get("a").block()));
        assertEquals(0, cache.size());
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<>(this::fetch, TTL, clock, 0));
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<>(this::fetch, Duration.ofSeconds(-1), clock, 1));
    }
}
