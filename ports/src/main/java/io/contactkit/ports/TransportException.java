package io.contactkit.ports;

import org.jspecify.annotations.Nullable;

/**
 * No usable response: connection refused or reset, timeout, malformed or oversized response, a refused TLS handshake.
 * Retryable, except a failure that trying again cannot change ({@link #isRetryable()}).
 */
public final class TransportException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** Whether trying again may help; false only for a failure that repeats itself however often it is tried. */
    private final boolean retryable;

    /**
     * An error as the provider reported it.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 when no response was received
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what went wrong, without credentials
     */
    public TransportException(String provider, int status, @Nullable String providerCode, String message) {
        this(provider, status, providerCode, message, null, true);
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
        this(provider, status, providerCode, message, cause, true);
    }

    /**
     * An error as the provider reported it, with what caused it, saying whether trying again may help.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 when no response was received
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what went wrong, without credentials
     * @param cause the underlying failure, or {@code null}
     * @param retryable false for a failure that repeats itself however often it is tried (a TLS handshake refused for
     *                  the server's certificate, or a server that does not speak TLS): retries would only repeat it
     */
    public TransportException(String provider, int status, @Nullable String providerCode, String message, @Nullable Throwable cause,
                              boolean retryable) {
        super(provider, status, providerCode, message, cause);
        this.retryable = retryable;
    }

    @Override
    public String code() {
        return "transport";
    }

    /** True, except for a failure that trying again cannot change (see the constructors). */
    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
