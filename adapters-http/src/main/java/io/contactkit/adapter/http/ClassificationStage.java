package io.contactkit.adapter.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Every failure of an attempt as the typed error of the ports (see {@link FailureClassifier}); warns when the pool is
 * exhausted: the first time, then at most once per {@link ThrottledWarning#INTERVAL} with the number of requests refused
 * since the line before, so that an overloaded client does not write a line per refused request.
 */
final class ClassificationStage implements HttpStage {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final String provider;
    private final HttpSettings settings;
    private final FailureClassifier failures;
    private final ThrottledWarning poolExhausted;

    ClassificationStage(String provider, HttpSettings settings, FailureClassifier failures) {
        this.provider = provider;
        this.settings = settings;
        this.failures = failures;
        this.poolExhausted = new ThrottledWarning(settings.clock(), ThrottledWarning.INTERVAL);
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        return next.proceed(call).onErrorMap(e -> {
            if (FailureClassifier.poolExhausted(e) && LOG.isWarnEnabled()) {
                warnPoolExhausted(call);
            }
            return failures.typed(call.request(), e, call.lastAttempt());
        });
    }

    private void warnPoolExhausted(HttpCall call) {
        long unlogged = poolExhausted.occurred();
        if (unlogged == ThrottledWarning.SKIP) {
            return;
        }
        String line = "{} {}: connection pool exhausted (at most {} connections, {} waiting, {} acquire timeout)";
        // the workspace of the request refused that writes the line; the pool is the client's, shared by every workspace
        if (unlogged == 0) {
            call.about(LOG.atWarn()).log(line, provider, call.request().name(), settings.maxConnections(),
                    settings.pendingAcquireMaxCount(), settings.pendingAcquireTimeout());
        } else {
            call.about(LOG.atWarn()).log(line + "; {} more requests refused since the last such warning", provider,
                    call.request().name(), settings.maxConnections(), settings.pendingAcquireMaxCount(),
                    settings.pendingAcquireTimeout(), unlogged);
        }
    }
}
