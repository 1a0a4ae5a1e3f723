package io.contactkit.api.observation;

import io.contactkit.api.observation.BulkObservationDocumentation.HighCardinalityKeys;
import io.contactkit.api.observation.BulkObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default: name {@value #NAME}; low-cardinality keys {@code operation}, {@code outcome} and {@code error.code}; the
 * workspace and record only high-cardinality. At the start only {@code operation} is known, so a meter handler's
 * {@code .active} long-task timer carries that one: a record in flight has no outcome yet (see
 * {@link BulkRecordContext#finished()}).
 */
public class DefaultBulkObservationConvention implements BulkObservationConvention {

    /** The observation's name; with a meter handler, the timer's name. */
    public static final String NAME = "contactkit.bulk.records";

    /** A shared instance. */
    public static final DefaultBulkObservationConvention INSTANCE = new DefaultBulkObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    /** {@code contactkit <operation> record}: the span's name. */
    @Override
    public String getContextualName(BulkRecordContext context) {
        return "contactkit " + context.operation() + " record";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(BulkRecordContext context) {
        KeyValues known = KeyValues.of(LowCardinalityKeys.OPERATION.withValue(context.operation()));
        if (!context.finished()) {
            return known;
        }
        return known.and(LowCardinalityKeys.OUTCOME.withValue(context.outcome()),
                LowCardinalityKeys.ERROR_CODE.withValue(context.errorCode()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(BulkRecordContext context) {
        return KeyValues.of(HighCardinalityKeys.WORKSPACE_ID.withValue(context.workspace()),
                HighCardinalityKeys.RECORD.withValue(Long.toString(context.record())));
    }
}
