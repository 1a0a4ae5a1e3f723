package io.contactkit.ports;

import io.contactkit.domain.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The request is invalid: found locally before anything was sent (status 0), or reported by the
 * provider (HTTP 400 or 422). Lists every problem.
 */
public final class ValidationException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final List<Violation> violations;

    public ValidationException(String provider, int status, String providerCode, String message, List<Violation> violations) {
        super(provider, status, providerCode, message, null);
        this.violations = List.copyOf(violations);
    }

    /** A local validation failure: nothing was sent. */
    public static ValidationException local(String provider, List<Violation> violations) {
        String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new ValidationException(provider, 0, null, "invalid request: " + message, violations);
    }

    /** True when the problems were found before sending anything. */
    public boolean isLocal() {
        return status() == 0;
    }

    public List<Violation> violations() {
        return violations;
    }

    @Override
    public String code() {
        return "validation";
    }
}
