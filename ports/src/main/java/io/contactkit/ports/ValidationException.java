package io.contactkit.ports;

import io.contactkit.domain.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The request is invalid: found locally before anything was sent (status 0), or reported by the
 * provider (HTTP 400 or 422). Lists every problem.
 */
public final class ValidationException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** Every problem found. */
    private final List<Violation> violations;

    /**
     * An invalid request.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 when found locally
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what is invalid, without credentials
     * @param violations every problem found
     */
    public ValidationException(String provider, int status, @Nullable String providerCode, String message, List<Violation> violations) {
        super(provider, status, providerCode, message, null);
        this.violations = List.copyOf(violations);
    }

    /**
     * A local validation failure: nothing was sent.
     *
     * @param provider the provider's id
     * @param violations every problem found
     * @return the exception, its message listing the violations
     */
    public static ValidationException local(String provider, List<Violation> violations) {
        String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new ValidationException(provider, 0, null, "invalid request: " + message, violations);
    }

    /**
     * Whether the problems were found before sending anything.
     *
     * @return true for a local failure (status 0)
     */
    public boolean isLocal() {
        return status() == 0;
    }

    /**
     * Every problem found.
     *
     * @return the violations, in the order found
     */
    public List<Violation> violations() {
        return violations;
    }

    @Override
    public String code() {
        return "validation";
    }
}
