package io.contactkit.ports;

/**
 * The provider cannot do what was asked (a strategy, lists, accounts, a key it cannot key on, ...)
 * and nothing was sent. Never replaced by a silent substitute.
 */
public final class UnsupportedCapabilityException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final String capability;

    public UnsupportedCapabilityException(String provider, String capability, String message) {
        super(provider, 0, null, message, null);
        this.capability = capability;
    }

    /** What is missing, for example {@code strategy:first_alias} or {@code lists}. */
    public String capability() {
        return capability;
    }

    @Override
    public String code() {
        return "unsupported";
    }
}
