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

    public static final RetrySettings DEFAULT = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.5, Duration.ofSeconds(30));
    public static final RetrySettings NONE = new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), 0, Duration.ZERO);

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

    /** The backoff before retry number {@code attempt} (1 for the first retry), before jitter. */
    public Duration backoff(long attempt) {
        long shift = Math.min(attempt - 1, 30);
        long millis = firstBackoff.toMillis() << shift;
        if (millis <= 0 || millis > maxBackoff.toMillis()) {
            millis = maxBackoff.toMillis();
        }
        return Duration.ofMillis(millis);
    }
}
