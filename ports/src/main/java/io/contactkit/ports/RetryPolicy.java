package io.contactkit.ports;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * How a failed request or operation is repeated: at most {@code maxRetries} times, after an
 * exponential backoff from {@code firstBackoff} up to {@code maxBackoff} with ±{@code jitter} (0 to 1),
 * or, after a {@link RateLimitedException} that names a delay, after that delay when it is not longer
 * than {@code maxRetryAfter} (a longer one is not waited for: the rate-limit error is reported).
 *
 * <p>One policy type serves both layers that retry: the HTTP adapters' transport, which retries each
 * request that is safe to repeat (default {@code backoff(3, 200ms)}), and the facade
 * ({@code ContactKit.Builder.retry}), which repeats whole operations on top (default {@link #none()}).
 * What is safe to repeat is each layer's own decision; this value only says how often and how long to
 * wait. Immutable.
 *
 * @param maxRetries    how many repeats at most, 0 for none
 * @param firstBackoff  the backoff before the first repeat (positive)
 * @param maxBackoff    the longest backoff (not shorter than {@code firstBackoff})
 * @param jitter        how far a backoff is randomly spread, from 0 (not at all) to 1 (from zero to twice it)
 * @param maxRetryAfter the longest {@code Retry-After} delay waited for (0: never wait for one)
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff, double jitter, Duration maxRetryAfter) {

    /**
     * The longest wait a policy sets, 7 days ({@code maxBackoff}, {@code maxRetryAfter}); also the longest timeout the
     * facade, the HTTP transport and the PostgreSQL store take. Longer ones are refused: from about 292 years on, a duration
     * no longer fits the nanoseconds that schedulers, deadlines and pools count in.
     */
    public static final Duration MAX_WAIT = Duration.ofDays(7);

    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    private static final double DEFAULT_JITTER = 0.5;
    private static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(100), DEFAULT_MAX_BACKOFF, DEFAULT_JITTER,
            DEFAULT_MAX_RETRY_AFTER);

    /**
     * Checks the values.
     *
     * @param maxRetries    how many repeats at most, 0 for none
     * @param firstBackoff  the backoff before the first repeat (positive)
     * @param maxBackoff    the longest backoff (not shorter than {@code firstBackoff})
     * @param jitter        how far a backoff is randomly spread, from 0 to 1
     * @param maxRetryAfter the longest {@code Retry-After} delay waited for (0: never wait for one)
     * @throws IllegalArgumentException when a value is out of its range
     * @throws NullPointerException     when a duration is null
     */
    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("firstBackoff must be positive, got " + firstBackoff);
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + maxRetryAfter);
        }
        if (maxBackoff.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("retry maxBackoff must be at most 7 days (" + MAX_WAIT + "), got " + maxBackoff);
        }
        if (maxRetryAfter.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("retry maxRetryAfter must be at most 7 days (" + MAX_WAIT + "), got " + maxRetryAfter);
        }
    }

    /**
     * No repeats at all.
     *
     * @return the policy that never repeats
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Up to {@code maxRetries} repeats, backing off exponentially from {@code firstBackoff} to at most
     * 5 seconds (or {@code firstBackoff} when longer) with 50% jitter, waiting at most 30 seconds for a
     * rate limit.
     *
     * @param maxRetries   how many repeats at most
     * @param firstBackoff the backoff before the first repeat
     * @return the policy
     * @throws IllegalArgumentException when {@code maxRetries} is negative or {@code firstBackoff} not positive
     */
    public static RetryPolicy backoff(int maxRetries, Duration firstBackoff) {
        Duration first = Objects.requireNonNull(firstBackoff, "firstBackoff");
        Duration cap = first.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? first : DEFAULT_MAX_BACKOFF;
        return new RetryPolicy(maxRetries, first, cap, DEFAULT_JITTER, DEFAULT_MAX_RETRY_AFTER);
    }

    /**
     * A copy with another backoff cap.
     *
     * @param value the longest backoff
     * @return the copy
     */
    public RetryPolicy withMaxBackoff(Duration value) {
        return new RetryPolicy(maxRetries, firstBackoff, Objects.requireNonNull(value, "maxBackoff"), jitter, maxRetryAfter);
    }

    /**
     * A copy with another jitter: 0 for none, 0.5 for delays between half and one and a half times the backoff.
     *
     * @param value the jitter, 0 to 1
     * @return the copy
     */
    public RetryPolicy withJitter(double value) {
        return new RetryPolicy(maxRetries, firstBackoff, maxBackoff, value, maxRetryAfter);
    }

    /**
     * A copy that waits at most this long for a rate limit to pass.
     *
     * @param value the longest {@code Retry-After} waited for
     * @return the copy
     */
    public RetryPolicy withMaxRetryAfter(Duration value) {
        return new RetryPolicy(maxRetries, firstBackoff, maxBackoff, jitter, Objects.requireNonNull(value, "maxRetryAfter"));
    }

    /**
     * Whether this policy never repeats anything.
     *
     * @return true when {@code maxRetries} is 0
     */
    public boolean isOff() {
        return maxRetries == 0;
    }

    /**
     * The backoff before repeat number {@code attempt}, before jitter: {@code firstBackoff} doubled per
     * earlier repeat, at most {@code maxBackoff}.
     *
     * @param attempt the repeat's number, from 1
     * @return the backoff
     */
    public Duration backoffBefore(long attempt) {
        long shift = Math.max(0, Math.min(attempt - 1, 30));
        long millis = firstBackoff.toMillis() << shift;
        if (millis <= 0 || millis > maxBackoff.toMillis()) {
            millis = maxBackoff.toMillis();
        }
        return Duration.ofMillis(Math.max(millis, firstBackoff.toMillis()));
    }

    /**
     * The wait before repeat number {@code attempt} after this failure: the delay a
     * {@link RateLimitedException} asked for, or {@code null} to give up when it is longer than
     * {@code maxRetryAfter}; otherwise the jittered backoff (at least a millisecond).
     *
     * @param failure the failure to repeat after
     * @param attempt the repeat's number, from 1
     * @return the wait, or {@code null} to give up
     */
    public @Nullable Duration delay(Throwable failure, long attempt) {
        if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
            Duration asked = limited.retryAfter().get();
            return asked.compareTo(maxRetryAfter) <= 0 ? asked : null;
        }
        double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (backoffBefore(attempt).toMillis() * factor)));
    }

    @Override
    public String toString() {
        return isOff() ? "RetryPolicy[off]" : "RetryPolicy[maxRetries=" + maxRetries + ", firstBackoff=" + firstBackoff
                + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + "]";
    }
}
