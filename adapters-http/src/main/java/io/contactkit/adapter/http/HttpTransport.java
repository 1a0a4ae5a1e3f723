package io.contactkit.adapter.http;

import io.contactkit.domain.Violation;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ValidationException;
import io.netty.channel.ChannelOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The shared, non-blocking HTTP transport of the adapters: one Reactor Netty {@link HttpClient} on one
 * {@link ConnectionProvider} (built once and disposed by {@link #close()}, unless the caller handed in
 * its own), sized and time-limited by {@link HttpSettings}.
 *
 * <p>A request runs through an ordered pipeline of small stages, outermost first:
 * <ol>
 *   <li>{@code ObservationStage}: one {@code contactkit.provider.requests} observation per call;</li>
 *   <li>{@code CallDeadlineStage}: the call's deadline, retries included;</li>
 *   <li>{@code RetryStage}: retries where safe, on Reactor's {@code Retry};</li>
 *   <li>{@code AttemptLoggingStage}: numbers the attempts, one DEBUG line each;</li>
 *   <li>{@code ClassificationStage}: every failure as a typed error of the ports, by its type;</li>
 *   <li>{@code AttemptDeadlineStage}: one deadline per attempt;</li>
 *   <li>{@code ErrorStatusStage}: a non-2xx response as the adapter's typed error;</li>
 *   <li>{@code RedactionStage}: credentials removed from error responses before they are read;</li>
 *   <li>{@code SendStage}: sends the attempt and reads the response within the size cap ({@code ResponseReader}).</li>
 * </ol>
 *
 * <p>Every response body is read completely, on success and error paths alike, within the size cap,
 * so no buffer leaks and no connection is starved. Retries happen only where safe: transport failures,
 * 429 and 5xx for idempotent requests; for a non-idempotent request only failures where nothing was
 * sent (connect and pool-acquire failures) and 429 (documented as "not processed"). A non-idempotent
 * request that fails after it may have been sent fails with {@link OutcomeUnknownException}. A
 * {@code Retry-After} delay is honoured when it is not longer than the configured maximum. A request
 * body larger than {@link HttpSettings#maxRequestBytes()} is not sent: a local {@link ValidationException}.
 */
public final class HttpTransport implements AutoCloseable {

    private final String provider;
    private final HttpSettings settings;
    private final PathTemplates templates;
    private final ConnectionProvider ownPool;
    private final PoolMetrics poolMetrics;
    private final HttpPipeline pipeline;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A transport whose logs and observations name every path {@value PathTemplates#UNMATCHED}.
     *
     * @param provider      the provider's id, in errors, logs and observations
     * @param settings      where to connect, limits, retries, observation
     * @param authenticator the authentication headers of each attempt
     * @param errors        reads the provider's error responses
     */
    public HttpTransport(String provider, HttpSettings settings, RequestAuthenticator authenticator, ErrorMapper errors) {
        this(provider, settings, authenticator, errors, PathTemplates.NONE);
    }

    /**
     * @param provider      the provider's id, in errors, logs and observations
     * @param settings      where to connect, limits, retries, observation
     * @param authenticator the authentication headers of each attempt
     * @param errors        reads the provider's error responses
     * @param templates     the provider's endpoints, so logs and observations name paths without their values
     */
    public HttpTransport(String provider, HttpSettings settings, RequestAuthenticator authenticator, ErrorMapper errors,
                         PathTemplates templates) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        JsonSupport.mapper();   // its first use fills Jackson's caches: here, never on an event loop
        this.templates = Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(errors, "errors");
        boolean callersClient = settings.httpClient() != null || settings.connectionProvider() != null;
        this.poolMetrics = new PoolMetrics(!settings.observationRegistry().isNoop());
        this.ownPool = callersClient ? null : pool(settings, poolMetrics);
        HttpClient client = client(settings, ownPool);
        FailureClassifier failures = new FailureClassifier(provider, settings);
        this.pipeline = new HttpPipeline(List.of(
                new ObservationStage(provider, settings.observationRegistry(), settings.observationConvention()),
                new CallDeadlineStage(settings),
                new RetryStage(provider, settings.retry(), failures, retries),
                new AttemptLoggingStage(provider),
                new ClassificationStage(provider, settings, failures),
                new AttemptDeadlineStage(settings, failures),
                new ErrorStatusStage(errors),
                new RedactionStage(authenticator),
                new SendStage(provider, closed, client, authenticator, new ResponseReader(settings, failures), attempts)));
    }

    private static ConnectionProvider pool(HttpSettings settings, PoolMetrics metrics) {
        return ConnectionProvider.builder(settings.poolName())
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(settings.pendingAcquireMaxCount())
                .pendingAcquireTimeout(settings.pendingAcquireTimeout())
                .maxIdleTime(settings.maxIdleTime())
                .maxLifeTime(settings.maxLifeTime())
                .evictInBackground(settings.evictionInterval())
                .metrics(true, () -> metrics)
                .build();
    }

    /** The caller's client, a client on the caller's pool, or one on the transport's own pool; then the transport's settings and hooks. */
    private static HttpClient client(HttpSettings settings, ConnectionProvider ownPool) {
        HttpClient base = settings.httpClient() != null ? settings.httpClient()
                : HttpClient.create(ownPool != null ? ownPool : settings.connectionProvider());
        if (settings.httpClient() == null && settings.loopResources().isPresent()) {
            base = base.runOn(settings.loopResources().get());   // the application's event loops (Spring's ReactorResourceFactory)
        }
        return base
                .baseUrl(settings.base())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .responseTimeout(settings.responseTimeout())
                .headers(h -> h.set("Accept", "application/json").set("User-Agent", settings.userAgent()))
                .doOnRequest((req, connection) -> SendStage.applyHeaders(req));
    }

    /** {@return the settings it was made with} */
    public HttpSettings settings() {
        return settings;
    }

    /** {@return the provider's endpoints as path templates} */
    public PathTemplates templates() {
        return templates;
    }

    /**
     * Sends the request and reads the whole response. Completes with a 2xx response; fails with the
     * typed error of the ports otherwise. Lazy: nothing is sent before subscription.
     *
     * <p>One deadline per attempt: the attempt timeout, or what is left of the call timeout when that is
     * sooner (then the call has timed out); a retry whose backoff would end past the call deadline is
     * not made.
     *
     * @param request the request
     * @return the 2xx response, read completely
     */
    public Mono<HttpResponse> exchange(HttpRequest request) {
        byte[] body = request.body();
        if (body != null && body.length > settings.maxRequestBytes()) {
            return Mono.error(() -> ValidationException.local(provider, List.of(Violation.of("body", "too_large", "the request body is "
                    + body.length + " bytes; at most " + settings.maxRequestBytes() + " are sent (" + request.name() + ")"))));
        }
        return Mono.defer(() -> pipeline.send(new HttpCall(request, templates)));
    }

    /** {@return connections currently lent out by the transport's own pool (0 when every request has finished, or when the pool is the caller's)} */
    public int activeConnections() {
        return poolMetrics.acquired();
    }

    /** {@return connections the transport's own pool holds, active or idle (0 when the pool is the caller's)} */
    public int allocatedConnections() {
        return poolMetrics.allocated();
    }

    /** {@return attempts sent (or tried) so far, retries included} */
    public long attempts() {
        return attempts.get();
    }

    /** {@return retries made so far} */
    public long retries() {
        return retries.get();
    }

    /**
     * Disposes the transport's own connection pool; a pool or client the caller handed in is left to the caller. Idempotent.
     * From then on every attempt, a retry of a call begun before included, sends nothing and fails with a
     * {@link io.contactkit.ports.TransportException} whose provider code is {@code closed} (not retryable).
     */
    @Override
    public void close() {
        closed.set(true);
        if (ownPool != null) {
            ownPool.dispose();
        }
    }

    @Override
    public String toString() {
        return "HttpTransport[" + provider + ", " + settings.baseUrl() + "]";
    }
}
