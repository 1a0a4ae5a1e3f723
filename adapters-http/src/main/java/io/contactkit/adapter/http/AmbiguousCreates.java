package io.contactkit.adapter.http;

import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A create that is not idempotent is never repeated after it may have reached the provider. When its
 * outcome is ambiguous (the connection failed or timed out after sending, the provider answered 5xx,
 * or its 2xx answer was unreadable) the adapter looks the contact up instead: found, the create was
 * applied (or the contact existed, which a repeat would have reported as a conflict); not found, or
 * the lookup failed too, the create fails with {@link OutcomeUnknownException} whose cause is the
 * original failure, and the caller decides.
 */
public final class AmbiguousCreates {

    private AmbiguousCreates() {
    }

    /**
     * Whether a failure of a create leaves its outcome unknown.
     *
     * @param failure the create's failure
     * @return true for an outcome-unknown failure, a 5xx and an unreadable 2xx
     */
    public static boolean isAmbiguous(Throwable failure) {
        return failure instanceof OutcomeUnknownException
                || failure instanceof ServerException
                || (failure instanceof TransportException t && t.status() >= 200 && t.status() < 300);
    }

    /**
     * The create, with its ambiguous failures handed to {@code resolve}; every other outcome as it is.
     *
     * @param create the create
     * @param resolve what to do instead of repeating it
     * @param <T> the created contact's type
     * @return the create, resolved when ambiguous
     */
    public static <T> Mono<T> resolved(Mono<T> create, Function<ProviderException, Mono<T>> resolve) {
        return create.onErrorResume(AmbiguousCreates::isAmbiguous, failure -> resolve.apply((ProviderException) failure));
    }

    /**
     * The contact {@code lookup} finds, else {@link OutcomeUnknownException}.
     *
     * @param provider the provider's id
     * @param failure the create's ambiguous failure: the cause of any {@link OutcomeUnknownException}
     * @param lookup finds the contact the create would have made; empty when none is found
     * @param notFound why the outcome stays unknown when the lookup finds nothing
     * @param lookupFailed why the outcome stays unknown when the lookup fails (its failure is suppressed)
     * @param <T> the contact's type
     * @return the contact found, or the failure
     */
    public static <T> Mono<T> lookUp(String provider, ProviderException failure, Mono<T> lookup, String notFound, String lookupFailed) {
        return lookup
                .switchIfEmpty(Mono.error(() -> unknown(provider, failure, notFound)))
                .onErrorMap(e -> !(e instanceof OutcomeUnknownException), e -> {
                    OutcomeUnknownException unknown = unknown(provider, failure, lookupFailed);
                    unknown.addSuppressed(e);
                    return unknown;
                });
    }

    /**
     * The failure of a create whose outcome stays unknown.
     *
     * @param provider the provider's id
     * @param failure the create's ambiguous failure, the cause
     * @param why why the outcome could not be found out
     * @return {@code "the create may or may not have been applied (<failure>); <why>"}
     */
    public static OutcomeUnknownException unknown(String provider, ProviderException failure, String why) {
        return new OutcomeUnknownException(provider, "the create may or may not have been applied (" + failure.getMessage() + "); " + why, failure);
    }
}
