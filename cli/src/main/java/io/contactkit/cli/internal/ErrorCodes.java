package io.contactkit.cli.internal;

import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ValidationException;

/**
 * The code and message a failed record reports: for a failure found locally before sending, the
 * most specific code (the first violation's, such as {@code invalid_identifier} or
 * {@code missing_cellphone}); for a provider's answer, the typed error's code ({@code conflict},
 * {@code authentication}, ...) with the provider's own code and HTTP status in the message.
 */
final class ErrorCodes {

    private ErrorCodes() {
    }

    static String code(ProviderException e) {
        if (e instanceof ValidationException v && v.isLocal() && !v.violations().isEmpty()) {
            return v.violations().get(0).code();
        }
        return e.code();
    }

    static String message(ProviderException e) {
        if (e instanceof ValidationException v && v.isLocal() && !v.violations().isEmpty()) {
            StringBuilder s = new StringBuilder();
            for (Violation violation : v.violations()) {
                if (s.length() > 0) {
                    s.append("; ");
                }
                s.append(violation.field().isEmpty() ? "" : violation.field() + ": ").append(violation.message());
            }
            return s.toString();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        StringBuilder s = new StringBuilder(m);
        String code = e.providerCode().filter(c -> !m.contains(c)).orElse(null);
        String http = e.status() > 0 && !m.contains("HTTP " + e.status()) ? "HTTP " + e.status() : null;
        if (code != null || http != null) {
            s.append(" (").append(e.provider());
            if (code != null) {
                s.append(' ').append(code);
            }
            if (http != null) {
                s.append(code == null ? " " : ", ").append(http);
            }
            s.append(')');
        }
        return s.toString();
    }
}
