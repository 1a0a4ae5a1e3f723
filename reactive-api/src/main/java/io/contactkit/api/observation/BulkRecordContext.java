package io.contactkit.api.observation;

import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What the observation of one bulk record knows: the operation, the workspace, the record's position, its outcome and, for a
 * record that failed, the code of its error.
 */
public class BulkRecordContext extends Observation.Context {

    /** The outcome of a record the subscriber cancelled (also while unfinished: see {@link #finished()}). */
    public static final String CANCELLED = "cancelled";
    /** The error code of a record that did not fail (also while unfinished, see {@link #finished()}, and when cancelled). */
    public static final String NONE = "none";
    /** The error code of a record that failed with an error that is not a typed provider error. */
    public static final String ERROR = "error";

    private final String operation;
    private final String workspace;
    private final long record;
    private volatile String outcome = CANCELLED;
    private volatile String errorCode = NONE;
    private volatile boolean finished;

    /**
     * @param operation {@code upsertAll} or {@code dedupe}
     * @param workspace the workspace
     * @param record    the record's position
     */
    public BulkRecordContext(String operation, String workspace, long record) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.record = record;
    }

    /** {@return the operation: {@code upsertAll} or {@code dedupe}} */
    public String operation() {
        return operation;
    }

    /** {@return the workspace written to} */
    public String workspace() {
        return workspace;
    }

    /** {@return the record's position} */
    public long record() {
        return record;
    }

    /** {@return what happened to the record; see {@link BulkObservationDocumentation.LowCardinalityKeys#OUTCOME}} */
    public String outcome() {
        return outcome;
    }

    /**
     * Sets what happened to the record.
     *
     * @param value the outcome; see {@link BulkObservationDocumentation.LowCardinalityKeys#OUTCOME}
     */
    public void outcome(String value) {
        this.outcome = Objects.requireNonNull(value, "outcome");
    }

    /**
     * {@return whether the record's observation has ended, so that {@link #outcome()} and {@link #errorCode()} say something:
     * a convention leaves them out of the keys known at the start (those a meter handler's {@code .active} long-task timer is
     * tagged with)}
     */
    public boolean finished() {
        return finished;
    }

    /** Records that the record's observation ends now (done, failed or cancelled): its outcome and error code are final. */
    public void finish() {
        this.finished = true;
    }

    /** {@return the code of the record's error; see {@link BulkObservationDocumentation.LowCardinalityKeys#ERROR_CODE}} */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Sets the code of the record's error.
     *
     * @param value the code; see {@link BulkObservationDocumentation.LowCardinalityKeys#ERROR_CODE}
     */
    public void errorCode(String value) {
        this.errorCode = Objects.requireNonNull(value, "errorCode");
    }
}
