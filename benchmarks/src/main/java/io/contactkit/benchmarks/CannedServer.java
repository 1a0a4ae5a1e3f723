package io.contactkit.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A loopback Reactor Netty server that answers every request with the same canned Bird contact
 * ({@code 200}, JSON). While recording it keeps every request it sees, so that other clients can
 * replay exactly the same bytes.
 */
public final class CannedServer implements AutoCloseable {

    /** Bird's documented contact answer. */
    public static final String CONTACT = """
            {"id":"0b3e0a52-3a3b-4a7e-9f59-3c2b7f2d9a11","computedDisplayName":"John Doe",\
            "createdAt":"2025-10-08T18:30:56.771Z","updatedAt":"2025-10-08T18:31:00.000Z",\
            "workspaceId":"5d1f9c3e-8a1b-4c3d-9e2f-7a6b5c4d3e2f",\
            "featuredIdentifiers":[{"key":"emailaddress","value":"john@example.com"}],\
            "attributes":{"firstName":"John","lastName":"Smith","emailaddress":["john@example.com"]},\
            "identifierCount":1,"accountIds":[],"listIds":[]}""";

    /** One request as seen by the server. */
    public record Seen(String method, String uri, String contentType, String authorization, byte[] body) {
    }

    private final DisposableServer server;
    private final Queue<Seen> recorded = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;
    private final AtomicLong served = new AtomicLong();

    public CannedServer() {
        byte[] answer = CONTACT.getBytes(StandardCharsets.UTF_8);
        ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(answer));
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
                    if (recording) {
                        recorded.add(new Seen(req.method().name(), req.uri(), req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                                req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), body));
                    }
                    served.incrementAndGet();
                    return res.status(200)
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(answer.length))
                            .send(Mono.just(shared.duplicate()))
                            .then();
                }))
                .bindNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Starts keeping every request, forgetting those kept before. */
    public void record() {
        recorded.clear();
        recording = true;
    }

    /** Stops keeping requests and returns those kept, in arrival order. */
    public List<Seen> stopRecording() {
        recording = false;
        return new ArrayList<>(recorded);
    }

    public long served() {
        return served.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
