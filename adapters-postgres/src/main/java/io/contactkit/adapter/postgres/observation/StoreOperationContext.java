package io.contactkit.adapter.postgres.observation;

import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ProviderException;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What the store-operation observation knows: the provider, the operation and, once finished, the outcome and the attempts
 * made. It holds no workspace, contact or identifier.
 */
public class StoreOperationContext extends Observation.Context {

    /** The outcome of an operation that succeeded. */
    public static final String SUCCESS = "success";
    /** The outcome of an operation the subscriber cancelled (or a deduplication run aborted). */
    public static final String CANCELLED = "cancelled";
    /** The outcome of an operation that failed with an error that is not a typed provider error. */
    public static final String ERROR = "error";
    /** The outcome of a write refused because the store's identity rules are not its workspace's. */
    public static final String RULES_MISMATCH = "rules_mismatch";

    private final String provider;
    private final String operation;
    private volatile String outcome = CANCELLED;
    private volatile boolean outcomeKnown;
    private volatile int attempts = 1;

    /**
     * @param provider  the provider's id
     * @param operation the operation's name, such as {@code contacts.upsert}
     */
    public StoreOperationContext(String provider, String operation) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** {@return the provider's id} */
    public String provider() {
        return provider;
    }

    /** {@return the operation's name, such as {@code contacts.upsert}} */
    public String operation() {
        return operation;
    }

    /**
     * {@return {@value #SUCCESS}, a typed error's code, {@value #RULES_MISMATCH}, {@value #ERROR} or {@value #CANCELLED};
     * while unfinished, {@value #CANCELLED} before the first retry and then the cause last retried; a convention should
     * report it only once {@link #outcomeKnown()}}
     */
    public String outcome() {
        return outcome;
    }

    /**
     * {@return whether {@link #outcome()} says something yet: {@code false} from the start until the first retry or the end,
     * so that a convention leaves it out of the keys known at the start (those a meter handler's {@code .active} long-task
     * timer is tagged with)}
     */
    public boolean outcomeKnown() {
        return outcomeKnown;
    }

    /** {@return attempts made so far} */
    public int attempts() {
        return attempts;
    }

    /** Records success. */
    public void succeeded() {
        this.outcome = SUCCESS;
        this.outcomeKnown = true;
    }

    /**
     * Records the final failure.
     *
     * @param failure the failure
     */
    public void failed(Throwable failure) {
        setError(failure);
        this.outcome = outcomeOf(failure);
        this.outcomeKnown = true;
    }

    /**
     * Records a transaction about to be started over: until the operation finishes, its outcome is the cause, so that
     * what is noted about the retry (the {@code retry} event) says why.
     *
     * @param cause {@code serialization}, {@code deadlock}, {@code connection} or {@code stale_owner}
     */
    public void retrying(String cause) {
        this.outcome = Objects.requireNonNull(cause, "cause");
        this.outcomeKnown = true;
        this.attempts++;
    }

    /** Records that the subscriber cancelled the operation. */
    public void cancelled() {
        this.outcome = CANCELLED;
        this.outcomeKnown = true;
    }

    /**
     * The outcome a failure is reported as.
     *
     * @param failure the failure
     * @return its outcome
     */
    public static String outcomeOf(Throwable failure) {
        if (failure instanceof ConflictException c && c.providerCode().filter(RULES_MISMATCH::equals).isPresent()) {
            return RULES_MISMATCH;
        }
        return failure instanceof ProviderException p ? p.code() : ERROR;
    }
}
