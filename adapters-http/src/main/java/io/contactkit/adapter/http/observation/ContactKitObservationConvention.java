package io.contactkit.adapter.http.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the provider-request observation. Extend {@link DefaultContactKitObservationConvention}
 * to add or change keys, and hand the result to the client's builder ({@code observationConvention(...)}).
 */
public interface ContactKitObservationConvention extends ObservationConvention<ProviderRequestContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ProviderRequestContext;
    }
}
