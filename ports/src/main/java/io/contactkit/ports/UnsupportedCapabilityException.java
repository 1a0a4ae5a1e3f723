package io.contactkit.ports;

/**
 * The provider cannot do what was asked (a strategy, lists, accounts, a key it cannot key on, ...)
 * and nothing was sent. Never replaced by a silent substitute.
 */
public final class UnsupportedCapabilityException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** What is missing. */
    private final String capability;

    /**
     * A refusal, before anything was sent.
     *
     * @param provider the provider's id
     * @param capability what is missing, for example {@code strategy:first_alias}
     * @param message what was asked and why it cannot be done
     */
    public UnsupportedCapabilityException(String provider, String capability, String message) {
        super(provider, 0, null, message, null);
        this.capability = capability;
    }

    /**
     * What is missing.
     *
     * @return for example {@code strategy:first_alias} or {@code lists}
     */
    public String capability() {
        return capability;
    }

    @Override
    public String code() {
        return "unsupported";
    }
}
