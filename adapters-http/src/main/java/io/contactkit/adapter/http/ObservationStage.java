package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.ContactKitObservationConvention;
import io.contactkit.adapter.http.observation.ContactKitObservationDocumentation;
import io.contactkit.adapter.http.observation.DefaultContactKitObservationConvention;
import io.contactkit.adapter.http.observation.ProviderRequestContext;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

/**
 * One {@code contactkit.provider.requests} observation per call, all attempts included. Its parent is
 * the caller's observation, taken from the Reactor context (key {@value ObservationThreadLocalAccessor#KEY},
 * where Spring WebFlux and Reactor's own instrumentation put it) or else the registry's current one;
 * the observation is put there in turn for what runs below. A tracing handler injects its headers
 * ({@code traceparent}) into the context's carrier, and every attempt sends them. Skipped entirely
 * when the registry is a no-op. A {@link HealthProbe}'s request is observed as
 * {@value DefaultContactKitObservationConvention#PROBE_NAME} instead, with the keys of the same convention.
 */
final class ObservationStage implements HttpStage {

    private final String provider;
    private final ObservationRegistry registry;
    private final ContactKitObservationConvention convention;
    private final ContactKitObservationConvention probeConvention;

    ObservationStage(String provider, ObservationRegistry registry, ContactKitObservationConvention convention) {
        this.provider = provider;
        this.registry = registry;
        this.convention = convention;
        this.probeConvention = convention == null ? null : new ProbeConvention(convention);
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        if (registry.isNoop()) {
            return next.proceed(call);
        }
        return Mono.deferContextual(view -> {
            HttpRequest request = call.request();
            PathTemplates.Route route = call.route();
            ProviderRequestContext context = new ProviderRequestContext(provider, request.name(), request.method(), route.template(),
                    route.workspaceId(), route.contactId(), call.propagationHeaders());
            Observation parent = view.getOrDefault(ObservationThreadLocalAccessor.KEY, registry.getCurrentObservation());
            Observation observation = (HealthProbe.in(view)
                    ? ContactKitObservationDocumentation.HEALTH_PROBE
                            .observation(probeConvention, DefaultContactKitObservationConvention.PROBE, () -> context, registry)
                    : ContactKitObservationDocumentation.PROVIDER_REQUEST
                            .observation(convention, DefaultContactKitObservationConvention.INSTANCE, () -> context, registry))
                    .parentObservation(parent)
                    .start();
            call.retryObserver(failure -> {
                // the retry event's tags (a meter handler's retry counter) name the failure retried, not an unfinished outcome
                context.retrying(failure);
                observation.lowCardinalityKeyValues(retryKeys(context));
                observation.event(ContactKitObservationDocumentation.Events.RETRY);
            });
            // stopped before the result goes on, so whoever sees the result sees the observation finished
            return next.proceed(call)
                    .doOnSuccess(response -> {
                        context.succeeded(response);
                        stop(call, context, observation);
                    })
                    .doOnError(e -> {
                        context.failed(e);
                        observation.error(e);
                        stop(call, context, observation);
                    })
                    .doOnCancel(() -> {
                        context.cancelled();
                        stop(call, context, observation);
                    })
                    .contextWrite(c -> c.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /**
     * The low-cardinality keys the observation already has, with their values for the failure being retried. The convention
     * given, else the default one, gives the values; a key the observation lacks (a registry's own convention made it) is left
     * out, and one it has that the convention does not give keeps its value.
     */
    private KeyValues retryKeys(ProviderRequestContext context) {
        ContactKitObservationConvention keys = convention != null ? convention : DefaultContactKitObservationConvention.INSTANCE;
        return KeyValues.of(keys.getLowCardinalityKeyValues(context).stream()
                .filter(kv -> context.getLowCardinalityKeyValue(kv.getKey()) != null).toList());
    }

    private static void stop(HttpCall call, ProviderRequestContext context, Observation observation) {
        context.attempts(call.attempts());
        observation.stop();
    }

    /** The convention given, for probes: its keys and contextual name under the probes' name. */
    private record ProbeConvention(ContactKitObservationConvention keys) implements ContactKitObservationConvention {

        @Override
        public String getName() {
            return DefaultContactKitObservationConvention.PROBE_NAME;
        }

        @Override
        public String getContextualName(ProviderRequestContext context) {
            return keys.getContextualName(context);
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(ProviderRequestContext context) {
            return keys.getLowCardinalityKeyValues(context);
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(ProviderRequestContext context) {
            return keys.getHighCardinalityKeyValues(context);
        }
    }
}
