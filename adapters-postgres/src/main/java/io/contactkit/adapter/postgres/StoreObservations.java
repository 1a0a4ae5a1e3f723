package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.Failures;
import io.contactkit.adapter.postgres.observation.DefaultStoreObservationConvention;
import io.contactkit.adapter.postgres.observation.StoreObservationDocumentation;
import io.contactkit.adapter.postgres.observation.StoreOperationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.RetryBackoffSpec;

/**
 * One {@code contactkit.store.operations} observation per store operation, on the settings' registry; skipped entirely when
 * that is a no-op. The parent is the caller's observation, taken from the Reactor context (key
 * {@value ObservationThreadLocalAccessor#KEY}) or else the registry's current one. Also where the store's retries are
 * noted: a {@code retry} event per transaction started over, and a warning when one is given up.
 */
final class StoreObservations {

    static final Logger LOG = LoggerFactory.getLogger(PostgresContactProvider.class);
    /** The key-value of a log line that names the workspace it is about: the name provider requests' observations give it. */
    private static final String WORKSPACE = "contactkit.workspace.id";
    private static final String PROVIDER = StoreObservationDocumentation.LowCardinalityKeys.PROVIDER.asString();
    private static final String OPERATION = StoreObservationDocumentation.LowCardinalityKeys.OPERATION.asString();

    private final ObservationRegistry registry;

    StoreObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** The work, observed as one operation per subscription; it is handed what notes its retries. */
    <T> Mono<T> mono(String operation, Function<Observed, Mono<T>> work) {
        if (registry.isNoop()) {
            return Mono.defer(() -> work.apply(unobserved(operation)));
        }
        return Mono.deferContextual(view -> {
            Observed observed = start(operation, view.getOrDefault(ObservationThreadLocalAccessor.KEY, registry.getCurrentObservation()));
            return work.apply(observed)
                    .doOnSuccess(v -> observed.succeeded())
                    .doOnError(observed::failed)
                    .doOnCancel(observed::cancelled);
        });
    }

    /** Names an operation that is not observed, for the warning when its retries are given up. */
    static Observed unobserved(String operation) {
        return new Observed(operation, null, null);
    }

    /** An observation started now, finished by the caller (a deduplication run spans many calls). */
    Observed start(String operation, @Nullable Observation parent) {
        if (registry.isNoop()) {
            return unobserved(operation);
        }
        StoreOperationContext context = new StoreOperationContext(PostgresContactProvider.ID, operation);
        Observation observation = StoreObservationDocumentation.STORE_OPERATION
                .observation(null, DefaultStoreObservationConvention.INSTANCE, () -> context, registry)
                .parentObservation(parent)
                .start();
        return new Observed(operation, context, observation);
    }

    /** The current observation of the registry, the parent of one started outside a subscription. */
    @Nullable Observation current() {
        return registry.getCurrentObservation();
    }

    /**
     * One observed operation: notes its retries, and is finished once (the first of success, failure or cancellation
     * counts). With a no-op registry it only names the operation, for the warning when retries are given up.
     */
    static final class Observed {
        private final String operation;
        private final @Nullable StoreOperationContext context;
        private final @Nullable Observation observation;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Observed(String operation, @Nullable StoreOperationContext context, @Nullable Observation observation) {
            this.operation = operation;
            this.context = context;
            this.observation = observation;
        }

        /**
         * The retry of a whole transaction (or read), each noted as a {@code retry} event and a DEBUG line, and a warning
         * when they are given up; the failure given up on goes on as it was. The lines carry the workspace as the key-value
         * {@code contactkit.workspace.id}, never in their text.
         *
         * @param workspace the workspace the transaction (or read) is in
         */
        RetryBackoffSpec retry(RetryBackoffSpec spec, String workspace) {
            return spec.doBeforeRetry(s -> retrying(s.failure(), workspace))
                    .onRetryExhaustedThrow((given, signal) -> {
                        LOG.atWarn().addKeyValue(WORKSPACE, workspace).log("{} {}: gave up after {} attempts: {}{}", PostgresContactProvider.ID,
                                operation, signal.totalRetries() + 1, Failures.retryCause(signal.failure()), Failures.sqlState(signal.failure()));
                        return signal.failure();
                    });
        }

        void retrying(Throwable failure, String workspace) {
            String cause = Failures.retryCause(failure);
            LOG.atDebug().addKeyValue(WORKSPACE, workspace).log("{} {}: starting over: {}{}", PostgresContactProvider.ID, operation, cause,
                    Failures.sqlState(failure));
            if (observation != null) {
                context.retrying(cause);
                // the retry event's tags (a meter handler's counter) name the cause; the outcome is not a key before the end (it
                // would tag the active timer), so it is added for the event only, when the observation has the keys of the
                // default convention (its own or one extending it), and taken off again
                String key = StoreObservationDocumentation.LowCardinalityKeys.OUTCOME.asString();
                boolean present = context.getLowCardinalityKeyValue(key) != null;
                boolean tagged = present || (context.getLowCardinalityKeyValue(PROVIDER) != null
                        && context.getLowCardinalityKeyValue(OPERATION) != null);
                if (tagged) {
                    observation.lowCardinalityKeyValue(key, cause);
                }
                observation.event(StoreObservationDocumentation.Events.RETRY);
                if (tagged && !present) {
                    context.removeLowCardinalityKeyValue(key);
                }
            }
        }

        void succeeded() {
            if (observation != null && stopped.compareAndSet(false, true)) {
                context.succeeded();
                observation.stop();
            }
        }

        void failed(Throwable failure) {
            if (observation != null && stopped.compareAndSet(false, true)) {
                context.failed(failure);
                observation.error(failure);
                observation.stop();
            }
        }

        void cancelled() {
            if (observation != null && stopped.compareAndSet(false, true)) {
                context.cancelled();
                observation.stop();
            }
        }
    }
}
