package io.contactkit.adapter.http;

import java.util.List;
import reactor.core.publisher.Mono;

/** Stages in order, outermost first; the last one sends and must not call its {@code next}. */
final class HttpPipeline {

    private final HttpStage.Next head;

    HttpPipeline(List<HttpStage> stages) {
        HttpStage.Next next = call -> Mono.error(new IllegalStateException("the last stage of the pipeline must send the request"));
        for (int i = stages.size() - 1; i >= 0; i--) {
            HttpStage stage = stages.get(i);
            HttpStage.Next rest = next;
            next = call -> stage.process(call, rest);
        }
        this.head = next;
    }

    Mono<HttpResponse> send(HttpCall call) {
        return head.proceed(call);
    }
}
