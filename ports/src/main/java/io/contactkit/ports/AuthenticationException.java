package io.contactkit.ports;

/** The credentials are missing, invalid or expired (HTTP 401). */
public final class AuthenticationException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String provider, int status, String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    public AuthenticationException(String provider, int status, String providerCode, String message, Throwable cause) {
        super(provider, status, providerCode, message, cause);
    }

    @Override
    public String code() {
        return "authentication";
    }

}
