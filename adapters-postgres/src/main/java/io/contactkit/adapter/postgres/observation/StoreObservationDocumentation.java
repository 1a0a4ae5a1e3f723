package io.contactkit.adapter.postgres.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the PostgreSQL store makes, with their names and keys: what a dashboard or an alert may rely on. No key
 * holds a workspace id, a contact id, an identifier's value or SQL text.
 */
public enum StoreObservationDocumentation implements ObservationDocumentation {

    /**
     * One operation of the store as the caller sees it: every transaction it started over and every backoff included.
     * Each transaction started over is an event named {@code retry}; the attempts made are the high-cardinality key
     * {@code contactkit.attempts}.
     */
    STORE_OPERATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultStoreObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }
    };

    /** Keys with a few values each, safe as metric tags. */
    public enum LowCardinalityKeys implements KeyName {
        /** The provider's id: {@code postgres}. */
        PROVIDER {
            @Override
            public String asString() {
                return "provider";
            }
        },
        /**
         * The operation: {@code contacts.upsert}, {@code contacts.create}, {@code contacts.update}, {@code contacts.delete},
         * {@code contacts.get}, {@code contacts.search}, {@code contacts.list} (one per page), {@code log.list} (one per
         * page), {@code contacts.split}, {@code contacts.dedupe} (a whole deduplication run) or {@code schema.migrate}.
         */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },
        /**
         * {@code success}, or the typed error's code ({@code validation}, {@code conflict}, {@code not_found},
         * {@code server}, {@code transport}, {@code outcome_unknown}, {@code authentication}, {@code permission}), or
         * {@code rules_mismatch} for a conflict of identity rules, or {@code cancelled}. On a {@code retry} event, the cause
         * of the transaction started over: {@code serialization}, {@code deadlock}, {@code connection} or
         * {@code stale_owner}. Known only once the operation ends (or on a {@code retry} event): never on the
         * {@code .active} long-task timer of operations in flight, which carries {@code provider} and {@code operation}
         * only.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** Keys with unbounded values: span tags only, never metric tags. */
    public enum HighCardinalityKeys implements KeyName {
        /** Transactions (or, for reads, connections) tried: 1 when the first succeeded. */
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
         * A transaction is started over; a meter handler counts these as {@code contactkit.store.operations.retry}, with
         * {@code outcome} the cause: {@code serialization} ({@code 40001}), {@code deadlock} ({@code 40P01}),
         * {@code connection} (a connection lost before the commit) or {@code stale_owner} (an owner merged away while the
         * transaction waited for its lock).
         */
        RETRY {
            @Override
            public String getName() {
                return "retry";
            }
        }
    }
}
