package io.contactkit.ports;

/** The credentials are valid but not allowed to do this (HTTP 403). */
public final class PermissionException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public PermissionException(String provider, int status, String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    public PermissionException(String provider, int status, String providerCode, String message, Throwable cause) {
        super(provider, status, providerCode, message, cause);
    }

    @Override
    public String code() {
        return "permission";
    }

}
