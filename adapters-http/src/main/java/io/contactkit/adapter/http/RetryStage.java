package io.contactkit.adapter.http;

import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs the rest of the pipeline again after a failure that is safe to retry (see
 * {@link FailureClassifier#isSafeToRetry}), as a Reactor {@link Retry}: at most
 * {@link RetryPolicy#maxRetries()} times, after a jittered exponential backoff or the delay a
 * {@code Retry-After} asked for when it is not longer than {@link RetryPolicy#maxRetryAfter()}. A
 * retry whose backoff would end past the call's deadline is not made: the call has timed out. When
 * it gives up, the last failure itself is reported, not Reactor's retry-exhausted wrapper, and a
 * warning is logged. A {@link HealthProbe} is never retried.
 */
final class RetryStage implements HttpStage {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final String provider;
    private final RetryPolicy settings;
    private final FailureClassifier failures;
    private final AtomicLong retries;

    RetryStage(String provider, RetryPolicy settings, FailureClassifier failures, AtomicLong retries) {
        this.provider = provider;
        this.settings = settings;
        this.failures = failures;
        this.retries = retries;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        Mono<HttpResponse> attempt = Mono.defer(() -> next.proceed(call));
        // a health probe answers with its one attempt, within the check's timeout
        return Mono.deferContextual(view -> HealthProbe.in(view) ? attempt
                : attempt.retryWhen(Retry.from(signals -> signals.concatMap(s -> decide(call, s.failure(), s.totalRetries() + 1)))));
    }

    /** A delay before retry number {@code retry}, or the error that ends the call. */
    private Mono<Long> decide(HttpCall call, Throwable failure, long retry) {
        HttpRequest request = call.request();
        if (!failures.isSafeToRetry(request, failure)) {
            return Mono.error(failure);
        }
        if (retry > settings.maxRetries()) {
            if (settings.maxRetries() > 0) {
                giveUp(call, failure, "after " + call.attempts() + " attempts");
            }
            return Mono.error(failure);
        }
        Duration delay = settings.delay(failure, retry);
        if (delay == null) {
            giveUp(call, failure, "the provider asked to wait longer than " + settings.maxRetryAfter());
            return Mono.error(failure);
        }
        if (System.nanoTime() + delay.toNanos() >= call.deadlineNanos()) {
            ProviderException timedOut = failures.retryPastDeadline(request, (ProviderException) failure);
            giveUp(call, failure, "the next attempt would start after the call's deadline");
            return Mono.error(timedOut);
        }
        retries.incrementAndGet();
        call.retrying(failure);
        return Mono.delay(delay);
    }

    private void giveUp(HttpCall call, Throwable failure, String why) {
        if (LOG.isWarnEnabled()) {
            ProviderException p = (ProviderException) failure;
            call.about(LOG.atWarn()).log("{} {} {} {}: retries given up, {}; last failure: {}{}", provider, call.request().name(),
                    call.request().method(), call.route().template(), why, p.code(), p.status() == 0 ? "" : " (HTTP " + p.status() + ")");
        }
    }
}
