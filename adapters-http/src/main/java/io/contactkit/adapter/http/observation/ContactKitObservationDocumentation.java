package io.contactkit.adapter.http.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the HTTP adapters make, with their names and keys: what a dashboard or an
 * alert may rely on.
 */
public enum ContactKitObservationDocumentation implements ObservationDocumentation {

    /**
     * One provider request as the caller sees it: from the first attempt to the last byte of the
     * final response, retries and backoffs included. Retries are counted by the high-cardinality
     * key {@code contactkit.attempts} and each retry is an event named {@code retry}.
     */
    PROVIDER_REQUEST {
        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }
    },

    /**
     * One request of a health check (see {@code HealthProbe}), named {@code contactkit.provider.probes} so that probes are
     * not counted as the service's requests; the same keys, a single attempt, never retried.
     */
    HEALTH_PROBE;

    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
        return DefaultContactKitObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
        return LowCardinalityKeys.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
        return HighCardinalityKeys.values();
    }

    /** Keys with a few values each, safe as metric tags. */
    public enum LowCardinalityKeys implements KeyName {
        /** The provider's id: {@code bird}, {@code bridge}. */
        PROVIDER {
            @Override
            public String asString() {
                return "provider";
            }
        },
        /** The request's operation, such as {@code contacts.get} or {@code contacts.upsert}. */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },
        /**
         * {@code success}, or the typed error's code ({@code not_found}, {@code conflict},
         * {@code validation}, {@code authentication}, {@code permission}, {@code rate_limited},
         * {@code server}, {@code transport}, {@code outcome_unknown}), or {@code cancelled}. Known only once the request
         * ends (or, on a {@code retry} event, the failure retried): never on the {@code .active} long-task timer of
         * requests in flight, which carries {@code provider} and {@code operation} only.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },
        /**
         * The final HTTP status, or {@code NONE} when no response was received. Like {@code outcome}, known only once the
         * request ends (or on a {@code retry} event): never on the {@code .active} long-task timer.
         */
        STATUS {
            @Override
            public String asString() {
                return "status";
            }
        }
    }

    /** Keys with unbounded values: span tags only, never metric tags. */
    public enum HighCardinalityKeys implements KeyName {
        /** The workspace the request addresses, when its path names one. */
        WORKSPACE_ID {
            @Override
            public String asString() {
                return "contactkit.workspace.id";
            }
        },
        /** The contact the request addresses, when its path names one. */
        CONTACT_ID {
            @Override
            public String asString() {
                return "contactkit.contact.id";
            }
        },
        /** The request's method and path template, such as {@code GET /workspaces/{workspaceId}/contacts}. */
        ROUTE {
            @Override
            public String asString() {
                return "contactkit.route";
            }
        },
        /** Attempts made: 1 when the first succeeded. */
        ATTEMPTS {
            @Override
            public String asString() {
                return "contactkit.attempts";
            }
        }
    }

    /** Events within the observation. */
    public enum Events implements Observation.Event {
        /**
         * A failed attempt is retried; a meter handler counts these as {@code contactkit.provider.requests.retry}, with
         * {@code outcome} and {@code status} those of the failure retried (such as {@code server} and {@code 503}).
         */
        RETRY {
            @Override
            public String getName() {
                return "retry";
            }
        }
    }
}
