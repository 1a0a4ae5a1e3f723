package io.contactkit.api.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The facade's observations, with their names and keys. */
public enum BulkObservationDocumentation implements ObservationDocumentation {

    /**
     * One record of a bulk operation ({@code upsertAll} or {@code dedupe}); with a meter handler its
     * timer's count by {@code outcome} is the number of records with that outcome. The provider
     * requests an upserted record causes are its children.
     */
    BULK_RECORD {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultBulkObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }
    };

    /** Keys with a few values each, safe as metric tags. */
    public enum LowCardinalityKeys implements KeyName {
        /** {@code upsertAll} or {@code dedupe}. */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },
        /**
         * For {@code upsertAll}: {@code created}, {@code updated} or {@code failed}; for {@code dedupe}:
         * {@code created}, {@code updated}, {@code merged} or {@code rejected}; {@code cancelled} when
         * the subscriber cancelled before the record was done. Known only once the record is done: never on the
         * {@code .active} long-task timer of records in flight, which carries {@code operation} only.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },
        /**
         * Why a record failed: for {@code upsertAll}, the typed error's code, the same codes the provider requests' own
         * {@code outcome} takes ({@code validation}, {@code rate_limited}, {@code server}, {@code transport},
         * {@code outcome_unknown}, ...), {@code error} for an error that is not a typed one; for {@code dedupe}, a
         * rejection's code ({@code invalid_identifier}, {@code invalid_record}, {@code conflict}); {@code none} for every
         * record that did not fail, cancelled ones included. Like {@code outcome}, known only once the record is done:
         * never on the {@code .active} long-task timer.
         */
        ERROR_CODE {
            @Override
            public String asString() {
                return "error.code";
            }
        }
    }

    /** Keys with unbounded values: span tags only. */
    public enum HighCardinalityKeys implements KeyName {
        /** The workspace of the operation. */
        WORKSPACE_ID {
            @Override
            public String asString() {
                return "contactkit.workspace.id";
            }
        },
        /** The record's position: 0-based for {@code upsertAll}, its record number from 1 for {@code dedupe}. */
        RECORD {
            @Override
            public String asString() {
                return "contactkit.record";
            }
        }
    }
}
