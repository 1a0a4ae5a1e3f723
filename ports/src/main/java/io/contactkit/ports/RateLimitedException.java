package io.contactkit.ports;

import java.time.Duration;
import java.util.Optional;

/** The provider refused the request for now (HTTP 429); it was not processed. */
public final class RateLimitedException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String provider, int status, String providerCode, String message, Duration retryAfter) {
        super(provider, status, providerCode, message, null);
        this.retryAfter = retryAfter;
    }

    /** The delay the provider asked for ({@code Retry-After}), when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String code() {
        return "rate_limited";
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
