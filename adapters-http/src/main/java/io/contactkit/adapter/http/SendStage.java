package io.contactkit.adapter.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.contactkit.ports.TransportException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.Context;

/**
 * The last stage: sends one attempt on the shared client and reads its whole response with the
 * {@link ResponseReader}. The request's own, authentication and trace headers are set on the
 * outgoing request by the client's {@code doOnRequest} hook ({@link #applyHeaders}), handed over
 * through the subscriber context, so no client is copied per request. The authenticator is asked
 * again for every attempt, so signatures with timestamps are always fresh. Once the transport is
 * closed, an attempt (a retry of a call begun before included) sends nothing and fails: Reactor Netty's
 * disposed pool would otherwise open a new pool, and connections nothing closes.
 */
final class SendStage implements HttpStage {

    private final String provider;
    private final AtomicBoolean closed;
    private final HttpClient client;
    private final RequestAuthenticator authenticator;
    private final ResponseReader reader;
    private final AtomicLong attempts;

    SendStage(String provider, AtomicBoolean closed, HttpClient client, RequestAuthenticator authenticator, ResponseReader reader,
              AtomicLong attempts) {
        this.provider = provider;
        this.closed = closed;
        this.client = client;
        this.authenticator = authenticator;
        this.reader = reader;
        this.attempts = attempts;
    }

    /** The hook the transport installs with {@link HttpClient#doOnRequest}. */
    static void applyHeaders(HttpClientRequest req) {
        OutgoingHeaders headers = req.currentContextView().getOrDefault(OutgoingHeaders.class, null);
        if (headers != null) {
            headers.applyTo(req);
        }
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        HttpRequest request = call.request();
        if (closed.get()) {
            return Mono.error(new TransportException(provider, 0, "closed", "the " + provider + " client is closed; nothing was sent ("
                    + request.name() + ")", null, false));
        }
        attempts.incrementAndGet();
        byte[] body = request.body();
        HttpClient.RequestSender sender = client.request(method(request.method())).uri(request.pathAndQuery());
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender : sender.send((req, out) -> out.sendByteArray(Mono.just(body)));
        OutgoingHeaders headers = new OutgoingHeaders(request.headers(), authenticator.headers(request), call.propagationHeaders(),
                body != null);
        return receiver
                .response((res, content) -> reader.read(request, res, content))
                .single()
                .contextWrite(Context.of(OutgoingHeaders.class, headers));
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
    private record OutgoingHeaders(Map<String, String> request, Map<String, String> authentication, Map<String, String> tracing,
                                   boolean json) {
        void applyTo(HttpClientRequest req) {
            tracing.forEach(req::header);
            request.forEach(req::header);
            authentication.forEach(req::header);
            if (json) {
                req.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
        }
    }
}
