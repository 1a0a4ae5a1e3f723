package io.contactkit.api;

import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The facade's own retry policy, applied around a whole operation on top of whatever the adapter
 * does. Off by default ({@link #none()}): the HTTP adapters already retry each request that is safe to
 * repeat (transport failures, 429 and 5xx on idempotent requests, honouring {@code Retry-After}), so
 * a second layer is only worth it for providers that do not, or for longer outages.
 *
 * <p>When on, it repeats only failures that are typed {@link ProviderException}s saying
 * {@link ProviderException#isRetryable() retryable}, and only for operations whose repetition is
 * harmless: {@code get}, {@code upsert} and {@code update} (idempotent), while {@code delete} is
 * repeated only after {@link RateLimitedException} (the provider did not process it). Lists and
 * searches are not repeated here, because a repeat would emit contacts twice; each page fetch is
 * retried by the adapter. A {@link RateLimitedException} waits the delay the provider asked for,
 * and gives up with that error when the delay is longer than {@link #maxRetryAfter()}; other failures
 * back off exponentially from {@link #firstBackoff()} up to {@link #maxBackoff()} with jitter.
 * The kit's per-operation timeout is one deadline around all attempts. Immutable.
 */
public final class RetryPolicy {

    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(5), 0.5, Duration.ofSeconds(30));

    private final int maxRetries;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;

    private RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff, double jitter, Duration maxRetryAfter) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        requirePositive("firstBackoff", firstBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("maxRetryAfter", maxRetryAfter);
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** {@return the policy of no facade-level retries (the default); adapters still retry what they deem safe} */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Up to {@code maxRetries} repeats, backing off exponentially from {@code firstBackoff} to at most
     * 5 seconds with 50% jitter, waiting at most 30 seconds for a rate limit.
     *
     * @param maxRetries how many times to repeat at most
     * @param firstBackoff the wait before the first repeat
     * @return the policy
     */
    public static RetryPolicy backoff(int maxRetries, Duration firstBackoff) {
        Duration first = Objects.requireNonNull(firstBackoff, "firstBackoff");
        Duration cap = first.compareTo(NONE.maxBackoff) > 0 ? first : NONE.maxBackoff;
        return new RetryPolicy(maxRetries, first, cap, NONE.jitter, NONE.maxRetryAfter);
    }

    /**
     * A copy with another backoff cap.
     *
     * @param value the longest wait between attempts
     * @return the copy
     */
    public RetryPolicy withMaxBackoff(Duration value) {
        return new RetryPolicy(maxRetries, firstBackoff, Objects.requireNonNull(value, "maxBackoff"), jitter, maxRetryAfter);
    }

    /**
     * A copy with another jitter: 0 for none, 0.5 for delays between half and one and a half times the backoff.
     *
     * @param value the jitter factor, 0-1
     * @return the copy
     */
    public RetryPolicy withJitter(double value) {
        return new RetryPolicy(maxRetries, firstBackoff, maxBackoff, value, maxRetryAfter);
    }

    /**
     * A copy that waits at most this long for a rate limit to pass.
     *
     * @param value the longest {@code Retry-After} to honour
     * @return the copy
     */
    public RetryPolicy withMaxRetryAfter(Duration value) {
        return new RetryPolicy(maxRetries, firstBackoff, maxBackoff, jitter, Objects.requireNonNull(value, "maxRetryAfter"));
    }

    /** {@return how many times an operation is repeated at most} */
    public int maxRetries() {
        return maxRetries;
    }

    /** {@return the wait before the first repeat} */
    public Duration firstBackoff() {
        return firstBackoff;
    }

    /** {@return the longest wait between attempts} */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** {@return the jitter factor: 0 for none, 0.5 for delays between half and one and a half times the backoff} */
    public double jitter() {
        return jitter;
    }

    /** {@return the longest {@code Retry-After} of a rate limit that is waited for} */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** {@return true when this policy never repeats anything} */
    public boolean isOff() {
        return maxRetries == 0;
    }

    /** Whether a failure is worth repeating for an operation of the given kind. */
    static boolean repeatable(Throwable failure, boolean idempotent) {
        if (failure instanceof RateLimitedException) {
            return true;
        }
        return idempotent && failure instanceof ProviderException p && p.isRetryable();
    }

    /** The delay before repeat number {@code attempt} (from 1), or null to give up. */
    Duration delay(Throwable failure, long attempt) {
        if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
            Duration asked = limited.retryAfter().get();
            return asked.compareTo(maxRetryAfter) <= 0 ? asked : null;
        }
        long base = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, firstBackoff.toMillis()), maxBackoff.toMillis());
        double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (capped * factor)));
    }

    /** The Reactor {@link Retry} for an operation of the given kind. */
    Retry toRetry(boolean idempotent) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempt = signal.totalRetries() + 1;
            if (attempt > maxRetries || !repeatable(failure, idempotent)) {
                return Mono.error(failure);
            }
            Duration wait = delay(failure, attempt);
            return wait == null ? Mono.error(failure) : Mono.delay(wait).thenReturn(attempt);
        }));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return isOff() ? "RetryPolicy[off]" : "RetryPolicy[maxRetries=" + maxRetries + ", firstBackoff=" + firstBackoff
                + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + "]";
    }
}
