package io.contactkit.adapter.http;

import io.contactkit.domain.Violation;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one status-to-error table both adapters use. Adapters parse their own error bodies into a
 * provider code, a message, violations and contact ids, and hand them here.
 */
public final class HttpErrors {

    private HttpErrors() {
    }

    /**
     * The typed error for a status.
     *
     * @param provider     the provider id
     * @param request      the request, named in the message
     * @param response     the response (for the status and {@code Retry-After})
     * @param providerCode the provider's error code, or {@code null}
     * @param message      the provider's message, or {@code null} for a generic one
     * @param violations   field problems (for 400/422)
     * @param contactIds   contacts a conflict names
     * @param clock        the clock for {@code Retry-After} dates
     * @return the error: validation for 400 and 422, authentication, permission, not found, conflict,
     *         rate limited for 429, server for 5xx
     */
    public static ProviderException forStatus(String provider, HttpRequest request, HttpResponse response, @Nullable String providerCode,
                                              @Nullable String message, List<Violation> violations, List<String> contactIds, Clock clock) {
        int status = response.status();
        String text = (message == null || message.isBlank() ? "HTTP " + status : message) + " (" + request.name() + ", HTTP " + status + ")";
        switch (status) {
            case 400:
            case 422:
                return new ValidationException(provider, status, providerCode, text, violations);
            case 401:
                return new AuthenticationException(provider, status, providerCode, text);
            case 403:
                return new PermissionException(provider, status, providerCode, text);
            case 404:
                return new NotFoundException(provider, status, providerCode, text);
            case 409:
                return new ConflictException(provider, status, providerCode, text, contactIds);
            case 429:
                return new RateLimitedException(provider, status, providerCode, text,
                        retryAfter(response, clock).orElse(null));
            default:
                if (status >= 500) {
                    return new ServerException(provider, status, providerCode, text);
                }
                if (status >= 400) {
                    return new ValidationException(provider, status, providerCode, text, violations);
                }
                return new ServerException(provider, status, providerCode, "unexpected status: " + text);
        }
    }

    /** How {@link #forStatus} ends every message: the request's name and the status, {@code (contacts.upsert, HTTP 403)}. */
    private static final Pattern REQUEST_AND_STATUS = Pattern.compile(" \\(([A-Za-z][A-Za-z0-9_.]*), HTTP ([0-9]{3})\\)$");

    /**
     * The name of the request whose answer an error stands for, read from the end of its message, where {@link #forStatus}
     * puts it with the status: which of the requests an operation makes was refused (an upsert's own, or one it made first,
     * such as a read of the workspace's settings), for a caller that judges the two differently.
     *
     * @param e an error
     * @return the request's name, such as {@code contacts.upsert}; empty for an error this class did not make from an answer
     */
    public static Optional<String> requestName(ProviderException e) {
        String message = e.getMessage();
        if (message == null || e.status() <= 0) {
            return Optional.empty();
        }
        Matcher m = REQUEST_AND_STATUS.matcher(message);
        return m.find() && Integer.parseInt(m.group(2)) == e.status() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * {@code Retry-After} as delta-seconds or an HTTP date.
     *
     * @param response the response
     * @param clock the clock an HTTP date is measured from
     * @return the delay; empty when absent or unreadable
     */
    public static Optional<Duration> retryAfter(HttpResponse response, Clock clock) {
        return response.header("retry-after").flatMap(v -> parseRetryAfter(v, clock));
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
