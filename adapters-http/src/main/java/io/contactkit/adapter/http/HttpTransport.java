package io.contactkit.adapter.http;

import io.contactkit.domain.Violation;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.Context;

/**
 * The shared, non-blocking HTTP transport of the adapters: one Reactor Netty {@link HttpClient} on one
 * {@link ConnectionProvider} (built once, disposed by {@link #close()}), sized and time-limited by
 * {@link HttpSettings}.
 *
 * <p>Every response body is read completely, on success and error paths alike, within the size cap,
 * so no buffer leaks and no connection is starved. Retries happen only where safe: transport failures,
 * 429 and 5xx for idempotent requests; for a non-idempotent request only failures where nothing was
 * sent (connect and pool-acquire failures) and 429 (documented as "not processed"). A non-idempotent
 * request that fails after it may have been sent fails with {@link OutcomeUnknownException}. A
 * {@code Retry-After} delay is honoured when it is not longer than the configured maximum. A request
 * body larger than {@link HttpSettings#maxRequestBytes()} is not sent: a local {@link ValidationException}.
 * The credentials the authenticator sends are removed from error responses before they are read,
 * so a provider that echoes a rejected key cannot put it into an exception message.
 */
public final class HttpTransport implements AutoCloseable {

    private final String provider;
    private final HttpSettings settings;
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final RequestAuthenticator authenticator;
    private final ErrorMapper errors;
    private final List<ConnectionPoolMetrics> poolMetrics = new CopyOnWriteArrayList<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final long callTimeoutNanos;
    private final long attemptTimeoutNanos;
    private static final byte[] EMPTY = new byte[0];

    public HttpTransport(String provider, HttpSettings settings, RequestAuthenticator authenticator, ErrorMapper errors) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.pool = ConnectionProvider.builder(settings.poolName())
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(settings.pendingAcquireMaxCount())
                .pendingAcquireTimeout(settings.pendingAcquireTimeout())
                .maxIdleTime(settings.maxIdleTime())
                .maxLifeTime(settings.maxLifeTime())
                .evictInBackground(settings.evictionInterval())
                .metrics(true, () -> new ConnectionProvider.MeterRegistrar() {
                    @Override
                    public void registerMetrics(String poolName, String id, java.net.SocketAddress remote, ConnectionPoolMetrics metrics) {
                        poolMetrics.add(metrics);
                    }
                })
                .build();
        HttpClient base = HttpClient.create(pool);
        this.client = settings.loopResources().map(base::runOn).orElse(base)
                .baseUrl(settings.base())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .responseTimeout(settings.responseTimeout())
                .headers(h -> h.set("Accept", "application/json").set("User-Agent", "contactkit/0.1"))
                .doOnRequest((req, connection) -> {
                    OutgoingHeaders headers = req.currentContextView().getOrDefault(OutgoingHeaders.class, null);
                    if (headers != null) {
                        headers.applyTo(req);
                    }
                });
        this.callTimeoutNanos = settings.callTimeout().toNanos();
        this.attemptTimeoutNanos = settings.attemptTimeout().toNanos();
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * Sends the request and reads the whole response. Completes with a 2xx response; fails with the
     * typed error of the ports otherwise. Lazy: nothing is sent before subscription.
     *
     * <p>One deadline per attempt: the attempt timeout, or what is left of the call timeout when that is
     * sooner (then the call has timed out); a retry whose backoff would end past the call deadline is
     * not made. Retries chain with {@code onErrorResume}, so a call that succeeds at once costs no
     * retry machinery.
     */
    public Mono<HttpResponse> exchange(HttpRequest request) {
        byte[] body = request.body();
        if (body != null && body.length > settings.maxRequestBytes()) {
            return Mono.error(() -> ValidationException.local(provider, List.of(Violation.of("body", "too_large", "the request body is "
                    + body.length + " bytes; at most " + settings.maxRequestBytes() + " are sent (" + request.name() + ")"))));
        }
        return Mono.defer(() -> attempt(request, System.nanoTime() + callTimeoutNanos, 0));
    }

    private Mono<HttpResponse> attempt(HttpRequest request, long deadline, long retriesSoFar) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return Mono.error(callTimedOut(request));
        }
        boolean last = remaining <= attemptTimeoutNanos;
        return once(request, last ? Duration.ofNanos(remaining) : settings.attemptTimeout(), last)
                .onErrorResume(failure -> retryOrFail(request, deadline, retriesSoFar + 1, typed(request, failure, last)));
    }

    private Mono<HttpResponse> retryOrFail(HttpRequest request, long deadline, long retry, Throwable failure) {
        RetrySettings r = settings.retry();
        if (retry > r.maxRetries() || !isSafeToRetry(request, failure)) {
            return Mono.error(failure);
        }
        Duration delay = delay(failure, retry, r);
        if (delay == null) {
            return Mono.error(failure);
        }
        if (System.nanoTime() + delay.toNanos() >= deadline) {
            return Mono.error(callTimedOut(request));
        }
        retries.incrementAndGet();
        return Mono.delay(delay).then(Mono.defer(() -> attempt(request, deadline, retry)));
    }

    /** An attempt may be in flight when the call deadline passes: for a non-idempotent request the outcome is unknown. */
    private ProviderException callTimedOut(HttpRequest request) {
        String what = "no result within the call timeout of " + settings.callTimeout() + " (" + request.name() + ")";
        return request.idempotent()
                ? new TransportException(provider, 0, null, what)
                : new OutcomeUnknownException(provider, what + "; it was not repeated because it is not idempotent", null);
    }

    /**
     * One attempt within {@code limit}; {@code last} when the limit is the call's deadline. The
     * request's own and authentication headers are set on the outgoing request by the client's
     * {@code doOnRequest} hook, handed over through the subscriber context, so no client is copied per request.
     */
    private Mono<HttpResponse> once(HttpRequest request, Duration limit, boolean last) {
        attempts.incrementAndGet();
        byte[] body = request.body();
        HttpClient.RequestSender sender = client.request(method(request.method())).uri(request.pathAndQuery());
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender : sender.send((req, out) -> out.sendByteArray(Mono.just(body)));
        OutgoingHeaders headers = new OutgoingHeaders(request.headers(), authenticator.headers(request), body != null);
        return receiver
                .response((res, content) -> read(request, res, content))
                .single()
                .timeout(limit)
                .contextWrite(Context.of(OutgoingHeaders.class, headers))
                .handle((response, sink) -> {
                    if (response.isSuccess()) {
                        sink.next(response);
                    } else {
                        sink.error(errors.map(request, withoutCredentials(response)));
                    }
                });
    }

    /** Every failure of an attempt as the typed error of the ports. */
    private ProviderException typed(HttpRequest request, Throwable e, boolean last) {
        if (e instanceof ProviderException p) {
            return p;
        }
        return last && e instanceof TimeoutException ? callTimedOut(request) : transportError(request, e);
    }

    /**
     * The whole body within the size cap. A declared length over the cap fails before reading; a body
     * of declared length within the cap is aggregated into one array (the codec stops at the declared
     * length); a body without one is counted while it streams in and cut off at the cap.
     */
    private Mono<HttpResponse> read(HttpRequest request, HttpClientResponse res, ByteBufFlux content) {
        long cap = settings.maxResponseBytes();
        long declared = res.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        if (declared > cap) {
            return Mono.error(tooLarge(request));
        }
        int status = res.status().code();
        Map<String, List<String>> headers = new HeadersView(res.responseHeaders());
        if (declared >= 0) {
            return content.aggregate().asByteArray().defaultIfEmpty(EMPTY).map(bytes -> new HttpResponse(status, headers, bytes));
        }
        return content.asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (acc, bytes) -> {
                    if (acc.size() + (long) bytes.length > cap) {
                        throw tooLarge(request);
                    }
                    acc.write(bytes, 0, bytes.length);
                    return acc;
                })
                .map(acc -> new HttpResponse(status, headers, acc.toByteArray()));
    }

    private static HttpMethod method(String name) {
        switch (name) {
            case "GET":
                return HttpMethod.GET;
            case "POST":
                return HttpMethod.POST;
            case "PATCH":
                return HttpMethod.PATCH;
            case "DELETE":
                return HttpMethod.DELETE;
            case "PUT":
                return HttpMethod.PUT;
            default:
                return HttpMethod.valueOf(name);
        }
    }

    /** What {@code doOnRequest} sets on one attempt's request. */
    private record OutgoingHeaders(Map<String, String> request, Map<String, String> authentication, boolean json) {
        void applyTo(HttpClientRequest req) {
            request.forEach(req::header);
            authentication.forEach(req::header);
            if (json) {
                req.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
        }
    }

    /** The response with every credential the authenticator sends replaced by {@code [redacted]} in its body. */
    private HttpResponse withoutCredentials(HttpResponse response) {
        List<String> credentials = authenticator.credentials();
        if (credentials.isEmpty() || response.body().length == 0) {
            return response;
        }
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        String redacted = text;
        for (String c : credentials) {
            if (c != null && !c.isEmpty()) {
                redacted = redacted.replace(c, "[redacted]");
            }
        }
        return redacted.equals(text) ? response
                : new HttpResponse(response.status(), response.headers(), redacted.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private TransportException tooLarge(HttpRequest request) {
        return new TransportException(provider, 0, null, "response larger than " + settings.maxResponseBytes()
                + " bytes (" + request.name() + ")");
    }

    private ProviderException transportError(HttpRequest request, Throwable e) {
        boolean notSent = neverSent(e);
        String what = describe(e);
        if (!request.idempotent() && !notSent) {
            return new OutcomeUnknownException(provider, what + " after the request may have been sent (" + request.name()
                    + "); it was not repeated because it is not idempotent", e);
        }
        return new TransportException(provider, 0, null, what + " (" + request.name() + ")", e);
    }

    /**
     * Failures that happen before any byte of the request left: connecting, waiting for a pooled
     * connection, or the TLS handshake (the request is written only once it has succeeded).
     */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException || name.endsWith("ConnectTimeoutException")
                    || name.endsWith("PoolAcquireTimeoutException") || name.endsWith("PoolAcquirePendingLimitException")
                    || t instanceof java.net.UnknownHostException || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** A refused certificate or an unsupported protocol: trying again gives the same answer. */
    private static boolean handshakeFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        if (name.equals("ReadTimeoutException")) {
            return "no response within " + settings.responseTimeout();
        }
        // before the timeout case: a pool acquire timeout is a TimeoutException too, but nothing was sent
        if (name.startsWith("PoolAcquire")) {
            return "no pooled connection available";
        }
        if (e instanceof TimeoutException) {
            return "response not complete within " + settings.attemptTimeout();
        }
        if (handshakeFailed(e)) {
            return "TLS handshake with " + settings.baseUrl().getHost() + " failed (certificate or protocol refused)";
        }
        if (name.equals("PrematureCloseException")) {
            return "connection closed prematurely";
        }
        if (e instanceof ConnectException || name.endsWith("ConnectException") || name.endsWith("ConnectTimeoutException")) {
            return "could not connect to " + settings.baseUrl().getHost();
        }
        if (name.contains("Decoder") || name.contains("TooLong")) {
            return "malformed response";
        }
        String m = e.getMessage();
        return "transport failure: " + name + (m == null ? "" : " " + m.lines().findFirst().orElse(""));
    }

    private static boolean isSafeToRetry(HttpRequest request, Throwable failure) {
        if (failure instanceof RateLimitedException) {
            return true;
        }
        if (!(failure instanceof ProviderException p) || !p.isRetryable() || handshakeFailed(failure)) {
            return false;
        }
        if (request.idempotent()) {
            return true;
        }
        return failure instanceof TransportException && neverSent(failure);
    }

    private static Duration delay(Throwable failure, long retry, RetrySettings r) {
        if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
            Duration asked = limited.retryAfter().get();
            return asked.compareTo(r.maxRetryAfter()) <= 0 ? asked : null;
        }
        Duration base = r.backoff(retry);
        double factor = 1 + r.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    /** Connections currently lent out by the pool (0 when every request has finished). */
    public int activeConnections() {
        return poolMetrics.stream().mapToInt(ConnectionPoolMetrics::acquiredSize).sum();
    }

    /** Connections the pool holds, active or idle. */
    public int allocatedConnections() {
        return poolMetrics.stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
    }

    /** Attempts sent (or tried) so far, retries included. */
    public long attempts() {
        return attempts.get();
    }

    /** Retries made so far. */
    public long retries() {
        return retries.get();
    }

    /** Disposes the connection pool. Idempotent. */
    @Override
    public void close() {
        pool.dispose();
    }

    @Override
    public String toString() {
        return "HttpTransport[" + provider + ", " + settings.baseUrl() + "]";
    }
}
