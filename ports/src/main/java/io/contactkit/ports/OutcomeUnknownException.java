package io.contactkit.ports;

import org.jspecify.annotations.Nullable;

/**
 * A non-idempotent request (such as a plain create) failed in a way that leaves unknown whether the
 * provider applied it. It is never retried blindly: look the contact up before trying again.
 */
public final class OutcomeUnknownException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * A request whose outcome is unknown.
     *
     * @param provider the provider's id
     * @param message what was attempted and why its outcome is unknown
     * @param cause the failure that left it unknown, or {@code null}
     */
    public OutcomeUnknownException(String provider, String message, @Nullable Throwable cause) {
        super(provider, 0, null, message, cause);
    }

    @Override
    public String code() {
        return "outcome_unknown";
    }
}
