package io.contactkit.ports;

import org.jspecify.annotations.Nullable;

/** No usable response: connection refused or reset, timeout, malformed or oversized response. */
public final class TransportException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * An error as the provider reported it.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 when no response was received
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what went wrong, without credentials
     */
    public TransportException(String provider, int status, @Nullable String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    /**
     * An error as the provider reported it, with what caused it.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 when no response was received
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what went wrong, without credentials
     * @param cause the underlying failure, or {@code null}
     */
    public TransportException(String provider, int status, @Nullable String providerCode, String message, @Nullable Throwable cause) {
        super(provider, status, providerCode, message, cause);
    }

    @Override
    public String code() {
        return "transport";
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
