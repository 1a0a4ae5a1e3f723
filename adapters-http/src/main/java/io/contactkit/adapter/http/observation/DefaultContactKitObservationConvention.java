package io.contactkit.adapter.http.observation;

import io.contactkit.adapter.http.observation.ContactKitObservationDocumentation.HighCardinalityKeys;
import io.contactkit.adapter.http.observation.ContactKitObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default convention: name {@value #NAME}; low-cardinality keys {@code provider},
 * {@code operation}, {@code outcome}, {@code status}; the workspace and contact ids, the route and
 * the attempts only as high-cardinality keys. At the start only {@code provider} and {@code operation}
 * are known, so a meter handler's {@code .active} long-task timer carries those two: an unfinished
 * request has no outcome or status yet (see {@link ProviderRequestContext#outcomeKnown()}). Meant to be extended.
 */
public class DefaultContactKitObservationConvention implements ContactKitObservationConvention {

    /** The observation's name; with a meter handler, the timer's name. */
    public static final String NAME = "contactkit.provider.requests";

    /** The name of a health probe's observation (see {@code HealthProbe}): its keys are those of a request. */
    public static final String PROBE_NAME = "contactkit.provider.probes";

    /** A shared instance. */
    public static final DefaultContactKitObservationConvention INSTANCE = new DefaultContactKitObservationConvention();

    /** A shared instance for health probes: named {@value #PROBE_NAME}, the same keys. */
    public static final DefaultContactKitObservationConvention PROBE = new DefaultContactKitObservationConvention() {
        @Override
        public String getName() {
            return PROBE_NAME;
        }
    };

    @Override
    public String getName() {
        return NAME;
    }

    /** {@code <provider> <operation>}, such as {@code bird contacts.get}: the span's name. */
    @Override
    public String getContextualName(ProviderRequestContext context) {
        return context.provider() + " " + context.operation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ProviderRequestContext context) {
        KeyValues known = KeyValues.of(
                LowCardinalityKeys.PROVIDER.withValue(context.provider()),
                LowCardinalityKeys.OPERATION.withValue(context.operation()));
        if (!context.outcomeKnown()) {
            return known;
        }
        return known.and(
                LowCardinalityKeys.OUTCOME.withValue(context.outcome()),
                LowCardinalityKeys.STATUS.withValue(context.status() == 0 ? "NONE" : Integer.toString(context.status())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ProviderRequestContext context) {
        KeyValues values = KeyValues.of(
                HighCardinalityKeys.ROUTE.withValue(context.method() + " " + context.pathTemplate()),
                HighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(context.attempts())));
        if (context.workspaceId() != null) {
            values = values.and(HighCardinalityKeys.WORKSPACE_ID.withValue(context.workspaceId()));
        }
        if (context.contactId() != null) {
            values = values.and(HighCardinalityKeys.CONTACT_ID.withValue(context.contactId()));
        }
        return values;
    }
}
