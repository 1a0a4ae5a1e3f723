package io.contactkit.ports;

import java.util.Optional;

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

    private final String provider;
    private final int status;
    private final String providerCode;

    protected ProviderException(String provider, int status, String providerCode, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider == null ? "unknown" : provider;
        this.status = status;
        this.providerCode = providerCode;
    }

    /** A stable machine-readable code of the error class: {@code not_found}, {@code conflict}, ... */
    public abstract String code();

    /** Whether repeating the same request later may succeed (the request itself is not judged here). */
    public boolean isRetryable() {
        return false;
    }

    /** The provider's id: {@code bird}, {@code bridge}, {@code memory}, ... */
    public String provider() {
        return provider;
    }

    /** The HTTP status, or 0 when no response was received. */
    public int status() {
        return status;
    }

    /** The provider's own error code, such as {@code InvalidPayload} or {@code BRIDGE_CONTACT_0001}. */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }
}
