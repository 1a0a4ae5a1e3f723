package io.contactkit.ports;

/** No usable response: connection refused or reset, timeout, malformed or oversized response. */
public final class TransportException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public TransportException(String provider, int status, String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    public TransportException(String provider, int status, String providerCode, String message, Throwable cause) {
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
