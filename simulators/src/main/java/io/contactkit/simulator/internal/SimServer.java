package io.contactkit.simulator.internal;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP side shared by the simulators: binds Reactor Netty's {@link HttpServer}, reads each body
 * without blocking, hands a {@link SimRequest} to the API (in-memory work, on a worker thread) and
 * writes its answer.
 *
 * <p>Starting and stopping come in two forms. {@link #bind} and {@link #closeLater()} are
 * non-blocking, for reactive code. {@link #start} and {@link #close()} block the calling thread
 * ({@code bindNow}, {@code disposeNow}, {@code awaitUninterruptibly}) until the port is bound or
 * released: they are test-support and command-line entry points, called from a test's or a program's
 * own thread, never from an event loop, and so the one place in this module's main code that waits.
 */
public final class SimServer implements AutoCloseable {

    /** Bird allows page tokens of 8000 characters in the query string. */
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final DisposableServer server;
    private final AtomicLong requests;
    /** Every open connection, so that closing the simulator also ends idle keep-alive connections. */
    private final ChannelGroup connections;

    private SimServer(DisposableServer server, ChannelGroup connections, AtomicLong requests) {
        this.server = server;
        this.connections = connections;
        this.requests = requests;
    }

    private static HttpServer server(String host, int port, Function<SimRequest, SimResponse> api, ChannelGroup connections,
                                     AtomicLong requests) {
        return HttpServer.create()
                .channelGroup(connections)
                .host(host)
                .port(port)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(MAX_INITIAL_LINE))
                .handle((req, res) -> serve(req, res, api, requests));
    }

    /** Binds now, blocking until the port is bound (a test-support entry point); port 0 picks a free port. */
    public static SimServer start(String host, int port, Function<SimRequest, SimResponse> api) {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        AtomicLong requests = new AtomicLong();
        return new SimServer(server(host, port, api, connections, requests).bindNow(Duration.ofSeconds(10)), connections, requests);
    }

    /** Binds when subscribed, without blocking; port 0 picks a free port. */
    public static Mono<SimServer> bind(String host, int port, Function<SimRequest, SimResponse> api) {
        return Mono.defer(() -> {
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            AtomicLong requests = new AtomicLong();
            return server(host, port, api, connections, requests).bind().map(bound -> new SimServer(bound, connections, requests));
        });
    }

    private static Mono<Void> serve(HttpServerRequest req, HttpServerResponse res, Function<SimRequest, SimResponse> api,
                                    AtomicLong requests) {
        requests.incrementAndGet();
        // The API's work is in memory but not always free of I/O (libphonenumber loads a region's
        // metadata from the class path on first use), so it runs off the event loop.
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .publishOn(Schedulers.boundedElastic())
                .map(body -> answer(req, body, api))
                .onErrorResume(e -> Mono.just(SimResponse.of(500, error("InternalError", "the simulator failed: " + e.getClass().getSimpleName()))))
                .flatMap(answer -> write(res, answer, api instanceof Clocked c ? c.clock() : java.time.Clock.systemUTC()));
    }

    private static SimResponse answer(HttpServerRequest req, String body, Function<SimRequest, SimResponse> api) {
        if (body.length() > MAX_BODY) {
            return SimResponse.of(413, error("PayloadTooLarge", "the body is too large"));
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        QueryStringDecoder query = new QueryStringDecoder(uri);
        SimRequest request = new SimRequest(req.method().name(), rawPath, PathCodec.segments(rawPath),
                query.parameters(), req.requestHeaders(), body, q < 0 ? "" : uri.substring(q + 1));
        try {
            return api.apply(request);
        } catch (Json.Malformed e) {
            return SimResponse.of(400, error("BadRequest", e.getMessage()));
        } catch (RuntimeException e) {
            return SimResponse.of(500, error("InternalError", "the simulator failed: " + e.getClass().getSimpleName()));
        }
    }

    private static tools.jackson.databind.node.ObjectNode error(String code, String message) {
        tools.jackson.databind.node.ObjectNode o = Json.object();
        o.put("code", code);
        o.put("message", message);
        return o;
    }

    private static final java.time.format.DateTimeFormatter HTTP_DATE =
            java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);

    /** An API that stamps with its own clock: the {@code Date} of every answer comes from it too. */
    public interface Clocked {
        java.time.Clock clock();
    }

    private static Mono<Void> write(HttpServerResponse res, SimResponse answer, java.time.Clock clock) {
        res.status(answer.status());
        // an origin server with a clock must send Date (RFC 9110, 6.6.1)
        res.header(HttpHeaderNames.DATE, HTTP_DATE.format(java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)));
        if (answer.body() == null) {
            return res.send();
        }
        byte[] json = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.length))
                .sendByteArray(Mono.just(json))
                .then();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** How many requests arrived since the start, whatever their outcome. */
    public long requestCount() {
        return requests.get();
    }

    /** Stops listening and closes every connection, blocking until done (a test-support entry point). */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        connections.close().awaitUninterruptibly(5_000);
    }

    /** Stops listening and closes every connection when subscribed; completes once both are done, without blocking. */
    public Mono<Void> closeLater() {
        return Mono.defer(() -> {
            server.dispose();
            return server.onDispose();
        }).then(Mono.create(sink -> connections.close().addListener(done -> {
            if (done.isSuccess()) {
                sink.success();
            } else {
                sink.error(done.cause());
            }
        })));
    }
}
