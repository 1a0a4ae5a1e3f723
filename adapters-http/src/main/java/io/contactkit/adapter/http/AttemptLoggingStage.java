package io.contactkit.adapter.http;

import io.contactkit.ports.ProviderException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Numbers the attempts and logs one DEBUG line per attempt: provider, operation, method, path
 * template, status (or the typed error's code when no response came), attempt number and elapsed
 * time. Never a body, a header, a query or a value from the path in the text; those values (path and query as
 * sent) appear only at TRACE. The workspace the path names is the line's key-value {@code contactkit.workspace.id}.
 */
final class AttemptLoggingStage implements HttpStage {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final String provider;

    AttemptLoggingStage(String provider) {
        this.provider = provider;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        int attempt = call.nextAttempt();
        if (!LOG.isDebugEnabled()) {
            return next.proceed(call);
        }
        long start = System.nanoTime();
        // one line per attempt: a retry operator may cancel an attempt that has already failed
        AtomicBoolean logged = new AtomicBoolean();
        return next.proceed(call)
                .doOnNext(response -> log(logged, call, attempt, start, Integer.toString(response.status())))
                .doOnError(e -> log(logged, call, attempt, start, e instanceof ProviderException p
                        ? (p.status() == 0 ? p.code() : p.status() + " " + p.code()) : e.getClass().getSimpleName()))
                .doOnCancel(() -> log(logged, call, attempt, start, "cancelled"));
    }

    private void log(AtomicBoolean logged, HttpCall call, int attempt, long start, String result) {
        if (!logged.compareAndSet(false, true)) {
            return;
        }
        HttpRequest request = call.request();
        long millis = (System.nanoTime() - start) / 1_000_000;
        call.about(LOG.atDebug()).log("{} {} {} {} -> {} attempt {} in {} ms", provider, request.name(), request.method(),
                call.route().template(), result, attempt, millis);
        if (LOG.isTraceEnabled()) {
            call.about(LOG.atTrace()).log("{} {} attempt {} sent {} {}", provider, request.name(), attempt, request.method(),
                    request.pathAndQuery());
        }
    }
}
