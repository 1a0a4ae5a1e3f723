package io.contactkit.api;

import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.RetryPolicy;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The facade's use of a {@link RetryPolicy}, around a whole operation on top of whatever the adapter
 * does. It repeats only failures that are typed {@link ProviderException}s saying
 * {@link ProviderException#isRetryable() retryable}, and only for operations whose repetition is
 * harmless: {@code get}, {@code upsert} and {@code update} (idempotent), while {@code delete} is
 * repeated only after {@link RateLimitedException} (the provider did not process it). Lists and
 * searches are not repeated here, because a repeat would emit contacts twice; each page fetch is
 * retried by the adapter. The waits are the policy's {@link RetryPolicy#delay}. The kit's
 * per-operation timeout is one deadline around all attempts.
 */
final class OperationRetry {

    private OperationRetry() {
    }

    /** Whether a failure is worth repeating for an operation of the given kind. */
    static boolean repeatable(Throwable failure, boolean idempotent) {
        if (failure instanceof RateLimitedException) {
            return true;
        }
        return idempotent && failure instanceof ProviderException p && p.isRetryable();
    }

    /** The Reactor {@link Retry} for an operation of the given kind. */
    static Retry of(RetryPolicy policy, boolean idempotent) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempt = signal.totalRetries() + 1;
            if (attempt > policy.maxRetries() || !repeatable(failure, idempotent)) {
                return Mono.error(failure);
            }
            Duration wait = policy.delay(failure, attempt);
            return wait == null ? Mono.error(failure) : Mono.delay(wait).thenReturn(attempt);
        }));
    }
}
