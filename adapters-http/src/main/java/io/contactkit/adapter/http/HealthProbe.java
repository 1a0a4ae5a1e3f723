package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.DefaultContactKitObservationConvention;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Health probes: requests a health check makes through a provider's client. A probe is made once, never retried, so
 * that it answers within the check's timeout; it is observed as {@value DefaultContactKitObservationConvention#PROBE_NAME},
 * not as one of the service's own {@value DefaultContactKitObservationConvention#NAME}. Everything else (timeouts,
 * typed errors, log lines) is as for any request.
 */
public final class HealthProbe {

    /** The Reactor context key that marks the requests below it as probes. */
    public static final String CONTEXT_KEY = "contactkit.health.probe";

    private HealthProbe() {
    }

    /**
     * Makes the requests of a call probes.
     *
     * @param call what the health check does with the client, such as listing one contact
     * @param <T>  what the call gives
     * @return the call, its requests probes
     */
    public static <T> Mono<T> of(Mono<T> call) {
        return call.contextWrite(c -> c.put(CONTEXT_KEY, Boolean.TRUE));
    }

    /** Whether the context marks a probe. */
    static boolean in(ContextView view) {
        return Boolean.TRUE.equals(view.getOrDefault(CONTEXT_KEY, Boolean.FALSE));
    }
}
