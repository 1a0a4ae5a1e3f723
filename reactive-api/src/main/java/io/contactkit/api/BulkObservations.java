package io.contactkit.api;

import io.contactkit.api.observation.BulkObservationConvention;
import io.contactkit.api.observation.BulkObservationDocumentation;
import io.contactkit.api.observation.BulkRecordContext;
import io.contactkit.api.observation.DefaultBulkObservationConvention;
import io.contactkit.domain.AuditEntry;
import io.contactkit.ports.ProviderException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.Locale;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The facade's {@code contactkit.bulk.records} observations: one per record of {@code upsertAll} and
 * {@code dedupe}, child of the caller's observation (from the Reactor context, key
 * {@value ObservationThreadLocalAccessor#KEY}, or the registry's current one). Nothing is created when
 * the registry is a no-op.
 */
final class BulkObservations {

    private final ObservationRegistry registry;
    private final BulkObservationConvention convention;

    BulkObservations(ObservationRegistry registry, BulkObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    boolean off() {
        return registry.isNoop();
    }

    Observation parent(ContextView view) {
        return view.getOrDefault(ObservationThreadLocalAccessor.KEY, registry.getCurrentObservation());
    }

    /** The upsert of one input, observed: the provider requests it makes are the observation's children. */
    <T> Mono<BulkResult<T>> upsert(String workspace, long index, Mono<BulkResult<T>> result) {
        if (off()) {
            return result;
        }
        return Mono.deferContextual(view -> {
            BulkRecordContext context = new BulkRecordContext("upsertAll", workspace, index);
            Observation observation = start(context, parent(view));
            return result
                    .doOnSuccess(r -> {
                        if (r != null) {
                            context.outcome(r.status().wireName());
                            if (r.error() != null) {
                                context.errorCode(r.error().code());
                            }
                        }
                        stop(context, observation);
                    })
                    .doOnError(e -> {
                        context.errorCode(codeOf(e));
                        observation.error(e);
                        stop(context, observation);
                    })
                    .doOnCancel(() -> stop(context, observation))
                    .contextWrite(c -> c.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /** One record through the deduplicator, observed. */
    AuditEntry dedupe(String workspace, long number, Observation parent, Supplier<AuditEntry> accept) {
        BulkRecordContext context = new BulkRecordContext("dedupe", workspace, number);
        Observation observation = start(context, parent);
        try {
            AuditEntry entry = accept.get();
            context.outcome(entry.action().name().toLowerCase(Locale.ROOT));
            if (entry.isRejected() && entry.code() != null) {
                context.errorCode(entry.code());
            }
            return entry;
        } catch (RuntimeException | Error e) {
            context.errorCode(codeOf(e));
            observation.error(e);
            throw e;
        } finally {
            stop(context, observation);
        }
    }

    private static void stop(BulkRecordContext context, Observation observation) {
        context.finish();
        observation.stop();
    }

    /** A typed error's code, else {@value BulkRecordContext#ERROR}. */
    private static String codeOf(Throwable e) {
        return e instanceof ProviderException p ? p.code() : BulkRecordContext.ERROR;
    }

    private Observation start(BulkRecordContext context, Observation parent) {
        return BulkObservationDocumentation.BULK_RECORD
                .observation(convention, DefaultBulkObservationConvention.INSTANCE, () -> context, registry)
                .parentObservation(parent)
                .start();
    }
}
