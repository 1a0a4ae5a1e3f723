package io.contactkit.adapter.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Every failure of an attempt as the typed error of the ports (see {@link FailureClassifier}); warns when the pool is exhausted. */
final class ClassificationStage implements HttpStage {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final String provider;
    private final HttpSettings settings;
    private final FailureClassifier failures;

    ClassificationStage(String provider, HttpSettings settings, FailureClassifier failures) {
        this.provider = provider;
        this.settings = settings;
        this.failures = failures;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        return next.proceed(call).onErrorMap(e -> {
            if (FailureClassifier.poolExhausted(e) && LOG.isWarnEnabled()) {
                LOG.warn("{} {}: connection pool exhausted (at most {} connections, {} waiting, {} acquire timeout)", provider,
                        call.request().name(), settings.maxConnections(), settings.pendingAcquireMaxCount(),
                        settings.pendingAcquireTimeout());
            }
            return failures.typed(call.request(), e, call.lastAttempt());
        });
    }
}
