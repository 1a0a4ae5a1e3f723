package io.contactkit.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How safe requests are retried: at most {@code maxRetries} times, after an exponential backoff from
 * {@code firstBackoff} up to {@code maxBackoff} with ±{@code jitter} (0 to 1), or after the delay a
 * {@code Retry-After} header asked for when it is not longer than {@code maxRetryAfter} (a longer
 * one is not waited for: the rate-limit error is reported instead).
 */
public record RetrySettings(int maxRetries, Duration firstBackoff, Duration maxBackoff, double jitter, Duration maxRetryAfter) {

    /** Three retries, from 200 ms to at most 5 s with 50% jitter, waiting up to 30 s for a rate limit. */
    public static final RetrySettings DEFAULT = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.5, Duration.ofSeconds(30));
    /** No retries. */
    public static final RetrySettings NONE = new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), 0, Duration.ZERO);

    /**
     * Checks the ranges.
     *
     * @param maxRetries    retries after the first attempt, 0-20
     * @param firstBackoff  the backoff before the first retry
     * @param maxBackoff    the longest backoff, at least {@code firstBackoff}
     * @param jitter        0-1: 0.5 makes each backoff between half and one and a half times its value
     * @param maxRetryAfter the longest {@code Retry-After} waited for
     * @throws IllegalArgumentException naming the value out of range
     */
    public RetrySettings {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be 0-20");
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must be positive and maxBackoff >= firstBackoff");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
    }

    /**
     * The backoff before a retry, before jitter.
     *
     * @param attempt the retry's number, 1 for the first
     * @return the backoff, doubling from {@code firstBackoff} up to {@code maxBackoff}
     */
    public Duration backoff(long attempt) {
        long shift = Math.min(attempt - 1, 30);
        long millis = firstBackoff.toMillis() << shift;
        if (millis <= 0 || millis > maxBackoff.toMillis()) {
            millis = maxBackoff.toMillis();
        }
        return Duration.ofMillis(millis);
    }
}
