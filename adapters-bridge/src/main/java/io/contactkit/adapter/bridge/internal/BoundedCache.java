package io.contactkit.adapter.bridge.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Values fetched by key and reused, bounded in size and in age. At most {@code maxEntries} keys are
 * held: making room forgets the least recently used one. A value is served while it is younger than
 * {@code ttl} by the configured clock (not a scheduler's), and fetched again after. Concurrent callers
 * of one key share one fetch; a failed fetch is not kept, so the next call fetches again. A zero
 * {@code ttl} reuses nothing: every call fetches.
 *
 * <p>Lookups take a short lock around an access-ordered map and never wait for a fetch, so they are
 * safe on an event loop; the fetch runs when the returned {@code Mono} is subscribed.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class BoundedCache<K, V> {

    /** A value and when it was fetched. */
    private record Stamped<V>(V value, Instant at) {
    }

    private final Function<K, Mono<V>> fetch;
    private final Duration ttl;
    private final Clock clock;
    private final int maxEntries;
    /** Access-ordered: the eldest entry is the least recently used. Guarded by itself. */
    private final Map<K, Mono<Stamped<V>>> entries;

    /**
     * @param fetch fetches the value of a key; subscribed once per fetch
     * @param ttl how long a value is served; zero: never reused
     * @param clock the clock ages are measured by
     * @param maxEntries how many keys are held at most, 1 or more
     */
    public BoundedCache(Function<K, Mono<V>> fetch, Duration ttl, Clock clock, int maxEntries) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be 1 or more");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Mono<Stamped<V>>> eldest) {
                return size() > BoundedCache.this.maxEntries;
            }
        };
    }

    /**
     * The value of a key: the one held while it is fresh, else fetched (once for every concurrent caller).
     *
     * @param key the key
     * @return the value, at subscription
     */
    public Mono<V> get(K key) {
        if (ttl.isZero()) {
            return Mono.defer(() -> fetch.apply(key));
        }
        Mono<Stamped<V>> entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, this::entry);
        }
        return entry.map(Stamped::value);
    }

    /** How many keys are held (fresh or not). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Mono<Stamped<V>> entry(K key) {
        return Mono.defer(() -> fetch.apply(key))
                .map(value -> new Stamped<>(value, clock.instant()))
                .cacheInvalidateIf(stamped -> !clock.instant().isBefore(stamped.at().plus(ttl)));
    }
}
