package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.ContactKitObservationConvention;
import io.contactkit.adapter.http.observation.ContactKitObservationDocumentation;
import io.contactkit.adapter.http.observation.DefaultContactKitObservationConvention;
import io.contactkit.adapter.http.observation.ProviderRequestContext;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.ArrayList;
import java.util.List;
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
                retryEvent(context, observation);
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
     * Notes a retry as the event {@code retry}, with the low-cardinality keys the convention given (else the default one) gives
     * for the failure retried. The keys the observation has take these values; those it lacks ({@code outcome} and
     * {@code status}, which are not known at the start) are added for the event only and taken off again, so that the
     * observation's keys stay those its convention gives (at the end, the final outcome). When a registry's own convention made
     * the observation (it lacks {@code provider} or {@code operation}), only the keys it has take the retry's values.
     */
    private void retryEvent(ProviderRequestContext context, Observation observation) {
        ContactKitObservationConvention keys = convention != null ? convention : DefaultContactKitObservationConvention.INSTANCE;
        boolean ours = convention != null || (has(context, ContactKitObservationDocumentation.LowCardinalityKeys.PROVIDER)
                && has(context, ContactKitObservationDocumentation.LowCardinalityKeys.OPERATION));
        List<String> added = new ArrayList<>(2);
        for (KeyValue kv : keys.getLowCardinalityKeyValues(context)) {
            boolean present = context.getLowCardinalityKeyValue(kv.getKey()) != null;
            if (present || ours) {
                observation.lowCardinalityKeyValue(kv);
                if (!present) {
                    added.add(kv.getKey());
                }
            }
        }
        observation.event(ContactKitObservationDocumentation.Events.RETRY);
        added.forEach(context::removeLowCardinalityKeyValue);
    }

    private static boolean has(ProviderRequestContext context, KeyName key) {
        return context.getLowCardinalityKeyValue(key.asString()) != null;
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
