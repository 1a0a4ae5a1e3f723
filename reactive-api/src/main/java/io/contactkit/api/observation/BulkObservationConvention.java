package io.contactkit.api.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the bulk-record observation. Extend {@link DefaultBulkObservationConvention} and
 * hand it to {@code ContactKit.builder().bulkObservationConvention(...)} to change them.
 */
public interface BulkObservationConvention extends ObservationConvention<BulkRecordContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof BulkRecordContext;
    }
}
