package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.domain.Contact;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.reliability.support.Await;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Secrets;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A server that answers with hostile responses: bodies far larger than the cap (streamed, or declared
 * up front), deeply nested or malformed JSON, HTML where JSON was expected, bodies dripped a byte at a
 * time, numbers with absurd exponents. Each request fails with a typed error within the configured
 * deadline, the client stops reading at the cap (the server could not push more than a few times the
 * cap before the client hung up), and every connection goes back to the pool or is closed.
 */
@Order(4)
class HostileResponsesTest {

    private static final String WS = BulkSyncFaultsTest.WS;
    private static final String ID = "0b3e0a52-3a3b-4a7e-9f59-3c2b7f2d9a11";
    private static final long CAP = 1024 * 1024;
    private static final Duration ATTEMPT = Duration.ofSeconds(1);
    private static final Duration CALL = Duration.ofSeconds(4);

    private final AtomicLong bytesPushed = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    private String serve(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    requests.incrementAndGet();
                    return req.receive().then(Mono.defer(() -> Mono.from(handler.apply(req, res))));
                })
                .bindNow(Duration.ofSeconds(10));
        return "http://127.0.0.1:" + server.port();
    }

    private BirdContactsClient bird(String baseUrl) {
        BirdConfig config = Clients.birdConfig(baseUrl).maxResponseBytes(CAP).responseTimeout(Duration.ofMillis(500))
                .attemptTimeout(ATTEMPT).callTimeout(CALL).build();
        return Clients.scanned(new BirdContactsClient(config));
    }

    private static Mono<Void> json(HttpServerResponse res, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length)).sendByteArray(Mono.just(bytes)).then();
    }

    /** Runs the call, checks the error is typed and came within the call deadline (plus scheduling slack). */
    private static ProviderException failsTyped(String what, Supplier<Mono<?>> call) {
        long t0 = System.nanoTime();
        Throwable error = null;
        try {
            call.get().block(Duration.ofSeconds(30));
        } catch (Throwable e) {
            error = e;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ProviderException typed = assertInstanceOf(ProviderException.class, error, what + ": a typed error, got " + error);
        Secrets.scanThrowable("hostile response", typed);
        assertTrue(ms < CALL.toMillis() + 2_000, what + ": failed within the call deadline, took " + ms + " ms");
        Figures.record("hostile response", what + ": " + typed.getClass().getSimpleName() + " after " + ms + " ms (" + typed.getMessage() + ")");
        return typed;
    }

    @Test
    void aHugeStreamedBodyIsCutOffAtTheCapWhileReading() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        String base = serve((req, res) -> res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendByteArray(Flux.range(0, 3_200).map(i -> chunk).doOnNext(c -> bytesPushed.addAndGet(c.length))).then());
        try (BirdContactsClient client = bird(base)) {
            ProviderException e = failsTyped("200 MB streamed body, cap 1 MiB", () -> client.get(WS, ID));
            assertInstanceOf(TransportException.class, e);
            assertTrue(e.getMessage().contains("larger than " + CAP), e.getMessage());
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
        }
        long attempts = requests.get();
        // each attempt stopped reading at the cap; the server pushed at most what the sockets buffered beyond it
        assertTrue(bytesPushed.get() < attempts * (CAP + 8L * 1024 * 1024), "pushed " + bytesPushed.get() + " bytes in " + attempts + " attempts");
        Figures.record("hostile response", "200 MB streamed body: " + attempts + " attempts, " + bytesPushed.get() / 1024 + " KiB pushed by the server in all"
                + " before the client hung up (of " + attempts * 200 + " MB offered)");
    }

    @Test
    void aHugeDeclaredBodyIsRefusedBeforeReading() {
        String base = serve((req, res) -> res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(500L * 1024 * 1024))
                .sendByteArray(Flux.range(0, 8_000).map(i -> new byte[64 * 1024]).doOnNext(c -> bytesPushed.addAndGet(c.length))).then());
        try (BirdContactsClient client = bird(base)) {
            ProviderException e = failsTyped("Content-Length 500 MB, cap 1 MiB", () -> client.get(WS, ID));
            assertInstanceOf(TransportException.class, e);
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
        }
    }

    @Test
    void deeplyNestedAndMalformedJsonAreTypedErrors() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String deepObject = "{\"id\":\"x\",\"attributes\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        String[] bodies = {deep, deepObject, "{\"id\": \"x\", \"attributes\": {", "\u0000\u0001garbage", "{\"id\":\"x\"}}}}", "[]", "\"just a string\"",
                "{\"results\": 42}"};
        String[] current = new String[1];
        String base = serve((req, res) -> json(res, 200, current[0]));
        try (BirdContactsClient client = bird(base)) {
            for (String body : bodies) {
                current[0] = body;
                ProviderException e = failsTyped("200 with " + describe(body), () -> client.get(WS, ID));
                assertInstanceOf(TransportException.class, e);
                assertTrue(e.getMessage().startsWith("malformed response"), e.getMessage());
                failsTyped("a page of " + describe(body), () -> client.list(WS, io.contactkit.ports.ListQuery.all()).collectList());
            }
            // an error status with a hostile body is still the status's typed error
            current[0] = deep;
            String errorBase = base;
            try (BirdContactsClient again = bird(errorBase)) {
                server.disposeNow();
                String base404 = serve((req, res) -> json(res, 404, deep));
                try (BirdContactsClient c404 = bird(base404)) {
                    assertInstanceOf(NotFoundException.class, failsTyped("404 with deeply nested JSON", () -> c404.get(WS, ID)));
                }
            }
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
        }
    }

    @Test
    void wrongContentTypesAreTypedErrors() {
        String base = serve((req, res) -> res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .sendString(Mono.just("<html><body>Service temporarily unavailable</body></html>")).then());
        try (BirdContactsClient bird = bird(base);
             BridgeContactsClient bridge = Clients.scanned(new BridgeContactsClient(Clients.bridgeConfig(base, BridgeApiGeneration.CONNECT)
                     .attemptTimeout(ATTEMPT).callTimeout(CALL).maxResponseBytes(CAP).build()))) {
            assertInstanceOf(TransportException.class, failsTyped("200 text/html (Bird)", () -> bird.get(WS, ID)));
            assertInstanceOf(TransportException.class, failsTyped("200 text/html (Bridge)", () -> bridge.get(WS, ID)));
            assertEquals(0, Await.gauge(bird::activeConnections, 0, Duration.ofSeconds(5)));
        }
        server.disposeNow();
        String html503 = serve((req, res) -> res.status(503).header(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .sendString(Mono.just("<html>" + "x".repeat(100_000) + "</html>")).then());
        try (BirdContactsClient bird = bird(html503)) {
            assertInstanceOf(ServerException.class, failsTyped("503 text/html, retried then reported", () -> bird.get(WS, ID)));
        }
    }

    @Test
    void aSlowDripIsCutOffByTheAttemptDeadline() {
        String base = serve((req, res) -> res.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, "100000")
                .sendByteArray(Flux.interval(Duration.ofMillis(50)).take(100_000).map(i -> new byte[] {' '})
                        .doOnNext(b -> bytesPushed.incrementAndGet())).then());
        try (BirdContactsClient client = bird(base)) {
            ProviderException e = failsTyped("1 byte per 50 ms (response timeout 500 ms never fires)", () -> client.get(WS, ID));
            assertInstanceOf(TransportException.class, e);
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
        }
        assertTrue(requests.get() >= 2, "the drip was retried as a transport failure: " + requests.get());
    }

    @Test
    void numbersWithAbsurdExponentsAreMalformedNotTwoBillionCharacters() {
        String[] body = {"{\"id\":\"" + ID + "\",\"attributes\":{\"huge\":1e999999999}}"};
        String base = serve((req, res) -> json(res, 200, body[0]));
        try (BirdContactsClient client = bird(base)) {
            ProviderException e = failsTyped("attribute number 1e999999999", () -> client.get(WS, ID));
            assertTrue(e.getMessage().startsWith("malformed response"), e.getMessage());
            body[0] = "{\"id\":\"" + ID + "\",\"attributes\":{\"small\":1e-999,\"long\":" + "9".repeat(150) + "}}";
            Contact c = client.get(WS, ID).block(Duration.ofSeconds(10));
            assertEquals(ID, c.id());
            assertTrue(c.toString().length() < 10_000, "a contact prints in a few kilobytes");
        }
    }

    private static String describe(String body) {
        String shown = body.length() > 40 ? body.substring(0, 20) + "... (" + body.length() + " characters)" : body;
        return shown.replace("\u0000", "\\u0000").replace("\u0001", "\\u0001");
    }
}
