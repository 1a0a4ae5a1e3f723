package io.contactkit.examples.webflux;

import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * contactkit's typed errors as RFC 9457 problem details: the caller's mistakes as 4xx, the
 * provider's trouble as 502/504 (this service is a gateway to it). The {@code code} property is the
 * error's stable code; messages never carry a credential.
 */
@RestControllerAdvice
class ProblemHandler {

    @ExceptionHandler(ProviderException.class)
    ProblemDetail problem(ProviderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e), e.getMessage());
        problem.setProperty("code", e.code());
        problem.setProperty("provider", e.provider());
        if (e instanceof ValidationException v) {
            problem.setProperty("violations", v.violations());
        }
        return problem;
    }

    private static HttpStatus status(ProviderException e) {
        if (e instanceof ValidationException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof RateLimitedException) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        if (e instanceof UnsupportedCapabilityException) {
            return HttpStatus.NOT_IMPLEMENTED;
        }
        if (e instanceof TransportException t && "deadline_exceeded".equals(t.providerCode().orElse(null))) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        // authentication, permission, server and transport failures, unknown outcomes: the provider failed us
        return HttpStatus.BAD_GATEWAY;
    }
}
