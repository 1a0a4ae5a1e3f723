package io.contactkit.ports;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The typed errors every provider reports, whatever its wire format. Each keeps the provider's id,
 * the HTTP status (0 when there was none) and the provider's own error code and message, and never
 * any credential.
 */
public abstract sealed class ProviderException extends RuntimeException
        permits NotFoundException, ConflictException, ValidationException, AuthenticationException,
        PermissionException, RateLimitedException, ServerException, TransportException,
        OutcomeUnknownException, UnsupportedCapabilityException {

    private static final long serialVersionUID = 1L;

    /** The provider's id. */
    private final String provider;
    /** The HTTP status, 0 without a response. */
    private final int status;
    /** The provider's own error code, if it gave one. */
    private final @Nullable String providerCode;

    /**
     * An error of one of the permitted kinds.
     *
     * @param provider the provider's id; {@code null} becomes {@code unknown}
     * @param status the HTTP status, 0 when no response was received
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what went wrong, without credentials
     * @param cause the underlying failure, or {@code null}
     */
    protected ProviderException(@Nullable String provider, int status, @Nullable String providerCode, String message,
                                @Nullable Throwable cause) {
        super(message, cause);
        this.provider = provider == null ? "unknown" : provider;
        this.status = status;
        this.providerCode = providerCode;
    }

    /**
     * A stable machine-readable code of the error class.
     *
     * @return {@code not_found}, {@code conflict}, ...
     */
    public abstract String code();

    /**
     * Whether repeating the same request later may succeed (the request itself is not judged here).
     *
     * @return true for rate limits, server and transport failures
     */
    public boolean isRetryable() {
        return false;
    }

    /**
     * The provider that reported the error.
     *
     * @return its id: {@code bird}, {@code bridge}, {@code memory}, ...
     */
    public String provider() {
        return provider;
    }

    /**
     * The HTTP status of the response.
     *
     * @return the status, or 0 when no response was received
     */
    public int status() {
        return status;
    }

    /**
     * The provider's own error code.
     *
     * @return the code, such as {@code InvalidPayload} or {@code BRIDGE_CONTACT_0001}; empty when it gave none
     */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }
}
