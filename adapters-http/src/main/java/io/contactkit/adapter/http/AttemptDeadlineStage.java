package io.contactkit.adapter.http;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One deadline per attempt: the attempt timeout, or what is left of the call's deadline when that is
 * sooner (the attempt is then the last, and its timeout is the call's). No attempt starts after the
 * call's deadline.
 */
final class AttemptDeadlineStage implements HttpStage {

    private final Duration attemptTimeout;
    private final long attemptTimeoutNanos;
    private final FailureClassifier failures;

    AttemptDeadlineStage(HttpSettings settings, FailureClassifier failures) {
        this.attemptTimeout = settings.attemptTimeout();
        this.attemptTimeoutNanos = attemptTimeout.toNanos();
        this.failures = failures;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        long remaining = call.deadlineNanos() - System.nanoTime();
        if (remaining <= 0) {
            return Mono.error(failures.callTimedOut(call.request()));
        }
        boolean last = remaining <= attemptTimeoutNanos;
        call.lastAttempt(last);
        return next.proceed(call).timeout(last ? Duration.ofNanos(remaining) : attemptTimeout);
    }
}
