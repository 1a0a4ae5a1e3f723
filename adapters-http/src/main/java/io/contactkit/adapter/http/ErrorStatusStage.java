package io.contactkit.adapter.http;

import reactor.core.publisher.Mono;

/** A response that is not 2xx becomes the typed error the adapter's {@link ErrorMapper} reads from it. */
final class ErrorStatusStage implements HttpStage {

    private final ErrorMapper errors;

    ErrorStatusStage(ErrorMapper errors) {
        this.errors = errors;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        return next.proceed(call).handle((response, sink) -> {
            if (response.isSuccess()) {
                sink.next(response);
            } else {
                sink.error(errors.map(call.request(), response));
            }
        });
    }
}
