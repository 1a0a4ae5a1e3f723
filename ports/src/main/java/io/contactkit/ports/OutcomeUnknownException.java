package io.contactkit.ports;

/**
 * A non-idempotent request (such as a plain create) failed in a way that leaves unknown whether the
 * provider applied it. It is never retried blindly: look the contact up before trying again.
 */
public final class OutcomeUnknownException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String provider, String message, Throwable cause) {
        super(provider, 0, null, message, cause);
    }

    @Override
    public String code() {
        return "outcome_unknown";
    }
}
