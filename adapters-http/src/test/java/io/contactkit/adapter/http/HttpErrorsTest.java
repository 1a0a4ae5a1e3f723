package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Violation;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final HttpRequest REQUEST = HttpRequest.get("contacts.get", "/x", "");

    private static HttpResponse response(int status, Map<String, List<String>> headers) {
        return new HttpResponse(status, headers, "".getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderException of(int status) {
        return HttpErrors.forStatus("p", REQUEST, response(status, Map.of()), "Code", "msg",
                List.of(Violation.of("f", "c", "m")), List.of("c1"), CLOCK);
    }

    @Test
    void theStatusTable() {
        assertInstanceOf(ValidationException.class, of(400));
        assertEquals(List.of(Violation.of("f", "c", "m")), ((ValidationException) of(422)).violations());
        assertInstanceOf(AuthenticationException.class, of(401));
        assertInstanceOf(PermissionException.class, of(403));
        assertInstanceOf(NotFoundException.class, of(404));
        assertEquals(List.of("c1"), assertInstanceOf(ConflictException.class, of(409)).contactIds());
        assertInstanceOf(RateLimitedException.class, of(429));
        assertInstanceOf(ServerException.class, of(500));
        assertInstanceOf(ServerException.class, of(503));
        assertInstanceOf(ValidationException.class, of(418));
        ProviderException e = of(404);
        assertEquals("Code", e.providerCode().orElseThrow());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("contacts.get") && e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void theRequestAnErrorAnsweredIsReadBackFromItsMessage() {
        assertEquals(Optional.of("contacts.get"), HttpErrors.requestName(of(403)));
        HttpRequest upsert = new HttpRequest("PATCH", "/x", "", new byte[0], true, Map.of(), "contacts.upsert");
        ProviderException refused = HttpErrors.forStatus("p", upsert, response(403, Map.of()), null, "no access (settings.attributes, HTTP 403)",
                List.of(), List.of(), CLOCK);
        assertEquals(Optional.of("contacts.upsert"), HttpErrors.requestName(refused), "the end of the message, whatever the provider said");
        ProviderException noMessage = HttpErrors.forStatus("p", upsert, response(403, Map.of()), null, null, List.of(), List.of(), CLOCK);
        assertEquals(Optional.of("contacts.upsert"), HttpErrors.requestName(noMessage));
        // an error not made from an answer here: none
        assertEquals(Optional.empty(), HttpErrors.requestName(new PermissionException("postgres", 0, "42501", "denied (contacts.upsert, HTTP 403)")));
        assertEquals(Optional.empty(), HttpErrors.requestName(new PermissionException("p", 403, null, "refused")));
        assertEquals(Optional.empty(), HttpErrors.requestName(new PermissionException("p", 403, null, "refused (contacts.upsert, HTTP 401)")));
    }

    @Test
    void retryAfterAsSecondsOrHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), HttpErrors.parseRetryAfter("30", CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(90)), HttpErrors.parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", CLOCK));
        assertEquals(Optional.of(Duration.ZERO), HttpErrors.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", CLOCK));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("soon", CLOCK));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("", CLOCK));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("99999999999999999999999", CLOCK));
        RateLimitedException limited = (RateLimitedException) HttpErrors.forStatus("p", REQUEST,
                response(429, Map.of("retry-after", List.of("4"))), null, null, List.of(), List.of(), CLOCK);
        assertEquals(Duration.ofSeconds(4), limited.retryAfter().orElseThrow());
    }
}
