package io.contactkit.adapter.http;

import reactor.core.publisher.Mono;

/** Starts the call's deadline (the call timeout, retries and backoffs included) when the call is subscribed. */
final class CallDeadlineStage implements HttpStage {

    private final long callTimeoutNanos;

    CallDeadlineStage(HttpSettings settings) {
        this.callTimeoutNanos = settings.callTimeout().toNanos();
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        call.deadlineNanos(System.nanoTime() + callTimeoutNanos);
        return next.proceed(call);
    }
}
