package io.contactkit.adapter.postgres.observation;

import io.contactkit.adapter.postgres.observation.StoreObservationDocumentation.HighCardinalityKeys;
import io.contactkit.adapter.postgres.observation.StoreObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default convention: name {@value #NAME}; low-cardinality keys {@code provider}, {@code operation}, {@code outcome};
 * the attempts only as a high-cardinality key. At the start only {@code provider} and {@code operation} are known, so a meter
 * handler's {@code .active} long-task timer carries those two: an unfinished operation has no outcome yet (see
 * {@link StoreOperationContext#outcomeKnown()}). Meant to be extended.
 */
public class DefaultStoreObservationConvention implements StoreObservationConvention {

    /** The observation's name; with a meter handler, the timer's name. */
    public static final String NAME = "contactkit.store.operations";

    /** A shared instance. */
    public static final DefaultStoreObservationConvention INSTANCE = new DefaultStoreObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    /** {@code <provider> <operation>}, such as {@code postgres contacts.upsert}: the span's name. */
    @Override
    public String getContextualName(StoreOperationContext context) {
        return context.provider() + " " + context.operation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(StoreOperationContext context) {
        KeyValues known = KeyValues.of(
                LowCardinalityKeys.PROVIDER.withValue(context.provider()),
                LowCardinalityKeys.OPERATION.withValue(context.operation()));
        return context.outcomeKnown() ? known.and(LowCardinalityKeys.OUTCOME.withValue(context.outcome())) : known;
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(StoreOperationContext context) {
        return KeyValues.of(HighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(context.attempts())));
    }
}
