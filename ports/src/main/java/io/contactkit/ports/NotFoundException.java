package io.contactkit.ports;

/** The contact (or other resource) does not exist (HTTP 404). */
public final class NotFoundException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String provider, int status, String providerCode, String message) {
        super(provider, status, providerCode, message, null);
    }

    public NotFoundException(String provider, int status, String providerCode, String message, Throwable cause) {
        super(provider, status, providerCode, message, cause);
    }

    @Override
    public String code() {
        return "not_found";
    }

}
