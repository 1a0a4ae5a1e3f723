package io.contactkit.adapter.postgres.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the store-operation observation. Extend {@link DefaultStoreObservationConvention} to add or change keys,
 * and register it with the registry ({@code observationConfig().observationConvention(...)}).
 */
public interface StoreObservationConvention extends ObservationConvention<StoreOperationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof StoreOperationContext;
    }
}
