package io.contactkit.ports;

/** The provider failed (HTTP 5xx); safe to retry for idempotent requests. */
public final class ServerException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public ServerException(String provider, int status, String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    public ServerException(String provider, int status, String providerCode, String message, Throwable cause) {
        super(provider, status, providerCode, message, cause);
    }

    @Override
    public String code() {
        return "server";
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
