package io.contactkit.ports;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The provider refused the request for now (HTTP 429); it was not processed. */
public final class RateLimitedException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** The delay asked for, if any. */
    private final @Nullable Duration retryAfter;

    /**
     * A refusal for now.
     *
     * @param provider the provider's id
     * @param status the HTTP status (429)
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what the provider said, without credentials
     * @param retryAfter the delay the provider asked for, or {@code null}
     */
    public RateLimitedException(String provider, int status, @Nullable String providerCode, String message, @Nullable Duration retryAfter) {
        super(provider, status, providerCode, message, null);
        this.retryAfter = retryAfter;
    }

    /**
     * The delay the provider asked for ({@code Retry-After}).
     *
     * @return the delay, empty when it gave none
     */
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
