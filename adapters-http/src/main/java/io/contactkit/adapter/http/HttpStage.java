package io.contactkit.adapter.http;

import reactor.core.publisher.Mono;

/**
 * One stage of the transport's pipeline, in the manner of the Azure SDK's {@code HttpPipelinePolicy}:
 * it may act before the rest of the pipeline runs, transform what it returns, or run it again.
 * {@link #process} is called when the call (or, below the retry stage, an attempt) is subscribed.
 */
@FunctionalInterface
interface HttpStage {

    Mono<HttpResponse> process(HttpCall call, Next next);

    /** The rest of the pipeline after a stage. */
    @FunctionalInterface
    interface Next {
        Mono<HttpResponse> proceed(HttpCall call);
    }
}
