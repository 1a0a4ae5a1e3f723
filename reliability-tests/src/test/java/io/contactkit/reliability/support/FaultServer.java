package io.contactkit.reliability.support;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A loopback Reactor Netty server in front of a {@link Backend} (a small, stateful fake of a provider)
 * that injects faults, deterministically by seed: which fault an attempt gets depends only on the seed,
 * the logical request (method, target and body: a retry is the same logical request) and the attempt's
 * number, never on arrival order.
 *
 * <p>Faults: 429 with {@code Retry-After} (short, or too long to wait for), 500 (the request applied or
 * not), 503 (not applied), a connection reset (RST) before any response (applied or not), a reset right
 * after a complete response, a stall past the client's response timeout (applied or not), and closing
 * the connection a few milliseconds after a response when no further request came (an idle pooled
 * connection closed by the server). For each logical request the server remembers every attempt: its
 * fault and whether the backend applied it.
 */
public final class FaultServer implements AutoCloseable {

    /** What one attempt gets. */
    public enum Fault {
        NONE, RATE_LIMITED, RATE_LIMITED_LONG, SERVER_ERROR, UNAVAILABLE, RESET_BEFORE_RESPONSE, RESET_AFTER_RESPONSE,
        STALL, IDLE_CLOSE;

        /** Whether an attempt with this fault never reaches the backend. */
        public boolean neverApplied() {
            return this == RATE_LIMITED || this == RATE_LIMITED_LONG || this == UNAVAILABLE;
        }
    }

    /**
     * One attempt as the server saw it: its fault, whether the backend applied it, the status the
     * client was sent (0 for none), and the backend's own status (0 when not applied), which says
     * whether this attempt created the contact (201) even when the client never saw that answer.
     */
    public record Attempt(Fault fault, boolean applied, int status, int backendStatus) {
    }

    /** A request as the backend sees it. */
    public record Request(String method, String target, List<String> segments, Map<String, List<String>> query,
                          HttpHeaders headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The backend's answer. */
    public record Reply(int status, byte[] body) {
        public static Reply json(int status, String json) {
            return new Reply(status, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A provider's behaviour: applies a request to its state and answers. Called one request at a time. */
    @FunctionalInterface
    public interface Backend {
        Reply handle(Request request);
    }

    private static final AttributeKey<AtomicInteger> BUSY = AttributeKey.valueOf("contactkit.busy");
    private static final byte[] EMPTY = new byte[0];

    private final long seed;
    private final Backend backend;
    private final EnumMap<Fault, Double> rates;
    private final Duration stallFor;
    private final Duration idleCloseAfter;
    private volatile Duration responseDelay;
    private volatile boolean faultsOn;
    private final DisposableServer server;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
    private final EnumMap<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong idleCloses = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> targets = new ConcurrentLinkedQueue<>();
    private volatile boolean recordTargets;

    private FaultServer(Builder b) {
        this.seed = b.seed;
        this.backend = b.backend;
        this.rates = new EnumMap<>(b.rates);
        this.stallFor = b.stallFor;
        this.idleCloseAfter = b.idleCloseAfter;
        this.responseDelay = b.responseDelay;
        this.faultsOn = !rates.isEmpty();
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .channelGroup(channels)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024))
                .handle(this::serve)
                .bindNow(Duration.ofSeconds(10));
    }

    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    private Mono<Void> serve(HttpServerRequest req, HttpServerResponse res) {
        requests.incrementAndGet();
        inFlight.incrementAndGet();
        Channel[] channel = new Channel[1];
        res.withConnection(c -> channel[0] = c.channel());
        Channel ch = Objects.requireNonNull(channel[0], "the request's channel");
        ch.attr(BUSY).setIfAbsent(new AtomicInteger());
        AtomicInteger[] busy = {ch.attr(BUSY).get()};
        busy[0].incrementAndGet();
        return req.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY)
                .flatMap(body -> answer(req, res, ch, body))
                .doFinally(s -> {
                    inFlight.decrementAndGet();
                    if (busy[0] != null) {
                        busy[0].decrementAndGet();
                    }
                });
    }

    private Mono<Void> answer(HttpServerRequest req, HttpServerResponse res, Channel ch, byte[] body) {
        String target = req.uri();
        if (recordTargets) {
            targets.add(req.method().name() + " " + target);
        }
        String key = req.method().name() + " " + target + "\n" + new String(body, StandardCharsets.UTF_8);
        List<Attempt> history = attempts.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
        int number;
        synchronized (history) {
            number = history.size();
            history.add(null);
        }
        SplittableRandom random = new SplittableRandom(mix(seed, key, number));
        Fault fault = faultsOn ? pick(random) : Fault.NONE;
        boolean applied = !fault.neverApplied() && switch (fault) {
            case SERVER_ERROR, RESET_BEFORE_RESPONSE, STALL -> random.nextBoolean();
            default -> true;
        };
        Reply reply = applied ? apply(req, target, body) : null;
        injected.get(fault).incrementAndGet();
        int status = switch (fault) {
            case RATE_LIMITED, RATE_LIMITED_LONG -> 429;
            case SERVER_ERROR -> 500;
            case UNAVAILABLE -> 503;
            case RESET_BEFORE_RESPONSE, STALL -> 0;
            default -> reply.status();
        };
        history.set(number, new Attempt(fault, applied, status, reply == null ? 0 : reply.status()));
        Mono<Void> out = switch (fault) {
            case NONE -> send(res, reply);
            case RATE_LIMITED -> send(res.header(HttpHeaderNames.RETRY_AFTER, random.nextInt(8) == 0 ? "1" : "0"),
                    Reply.json(429, "{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}"));
            case RATE_LIMITED_LONG -> send(res.header(HttpHeaderNames.RETRY_AFTER, "3600"),
                    Reply.json(429, "{\"code\":\"TooManyRequests\",\"message\":\"come back in an hour\"}"));
            case SERVER_ERROR -> send(res, Reply.json(500, "{\"code\":\"InternalError\",\"message\":\"injected\"}"));
            case UNAVAILABLE -> send(res, Reply.json(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"injected\"}"));
            case RESET_BEFORE_RESPONSE -> reset(ch);
            case RESET_AFTER_RESPONSE -> send(res, reply).then(reset(ch));
            case STALL -> Mono.delay(stallFor).then(reset(ch));
            case IDLE_CLOSE -> send(res, reply).then(Mono.fromRunnable(() -> closeIfIdle(ch)));
        };
        Duration delay = responseDelay;
        return delay.isZero() ? out : Mono.delay(delay).then(out);
    }

    private Reply apply(HttpServerRequest req, String target, byte[] body) {
        Request request;
        try {
            request = new Request(req.method().name(), target, RawPath.segments(target), RawPath.parameters(target),
                    req.requestHeaders(), body);
        } catch (IllegalArgumentException e) {
            return Reply.json(400, "{\"code\":\"BadRequest\",\"message\":\"malformed request target\"}");
        }
        return handle(request);
    }

    private Reply handle(Request request) {
        try {
            synchronized (backend) {
                return backend.handle(request);
            }
        } catch (RuntimeException e) {
            return Reply.json(500, "{\"code\":\"InternalError\",\"message\":\"backend failed: " + e.getClass().getSimpleName() + "\"}");
        }
    }

    private Fault pick(SplittableRandom random) {
        double x = random.nextDouble();
        double acc = 0;
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            acc += e.getValue();
            if (x < acc) {
                return e.getKey();
            }
        }
        return Fault.NONE;
    }

    private static long mix(long seed, String key, int attempt) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (attempt * 0xBF58476D1CE4E5B9L);
    }

    private static Mono<Void> send(HttpServerResponse res, Reply reply) {
        return res.status(reply.status())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(reply.body().length))
                .sendByteArray(Mono.just(reply.body()))
                .then();
    }

    /** Closes the connection with a TCP reset (linger 0) and completes once it is closed. */
    private Mono<Void> reset(Channel ch) {
        return Mono.create(sink -> {
            if (!ch.isActive()) {
                sink.success();
                return;
            }
            resets.incrementAndGet();
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close().addListener(f -> sink.success());
        });
    }

    /**
     * Closes the connection (FIN, as a server's keep-alive timeout does) as soon as it is idle after
     * this response, checking every {@code idleCloseAfter}; a client that reuses it at that moment
     * meets a closed connection: the stale pooled connection trap.
     */
    private void closeIfIdle(Channel ch) {
        closeIfIdle(ch, 50);
    }

    private void closeIfIdle(Channel ch, int checksLeft) {
        ch.eventLoop().schedule(() -> {
            AtomicInteger busy = ch.attr(BUSY).get();
            if (!ch.isActive()) {
                return;
            }
            if (busy == null || busy.get() == 0) {
                idleCloses.incrementAndGet();
                ch.close();
            } else if (checksLeft > 0) {
                closeIfIdle(ch, checksLeft - 1);
            }
        }, idleCloseAfter.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- what the server saw ------------------------------------------------------------------

    /** Turns fault injection on or off (the backend still answers). */
    public void faults(boolean on) {
        this.faultsOn = on && !rates.isEmpty();
    }

    /** Delays every answer (for cancellation tests that need requests in flight). */
    public void responseDelay(Duration value) {
        this.responseDelay = Objects.requireNonNull(value);
    }

    /** Starts keeping every request target ({@code METHOD target}), forgetting earlier ones. */
    public void recordTargets() {
        targets.clear();
        recordTargets = true;
    }

    public List<String> targets() {
        return List.copyOf(targets);
    }

    public long requests() {
        return requests.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Connections open on the server side now. */
    public int openConnections() {
        return channels.size();
    }

    public long idleCloses() {
        return idleCloses.get();
    }

    /** Connections reset (RST) by the server. */
    public long resets() {
        return resets.get();
    }

    /** How many attempts got each fault ({@link Fault#NONE} included). */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        injected.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    /** Every logical request (method, target and body) with its attempts in arrival order. */
    public Map<String, List<Attempt>> attempts() {
        Map<String, List<Attempt>> out = new java.util.HashMap<>();
        attempts.forEach((k, v) -> {
            synchronized (v) {
                out.put(k, List.copyOf(v));
            }
        });
        return out;
    }

    /** Forgets attempts, counters and targets (the backend keeps its state). */
    public void resetCounters() {
        attempts.clear();
        injected.values().forEach(n -> n.set(0));
        requests.set(0);
        idleCloses.set(0);
        resets.set(0);
        targets.clear();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        server.disposeNow(Duration.ofSeconds(10));
    }

    /** Builds a {@link FaultServer}; without rates it injects nothing. */
    public static final class Builder {
        private final Backend backend;
        private long seed = 8;
        private final EnumMap<Fault, Double> rates = new EnumMap<>(Fault.class);
        private Duration stallFor = Duration.ofSeconds(1);
        private Duration idleCloseAfter = Duration.ofMillis(1);
        private Duration responseDelay = Duration.ZERO;

        private Builder(Backend backend) {
            this.backend = Objects.requireNonNull(backend);
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The share of attempts (0 to 1) that get this fault. */
        public Builder rate(Fault fault, double share) {
            rates.put(fault, share);
            return this;
        }

        /** How long a stalled attempt waits before its connection is reset; longer than the client's response timeout. */
        public Builder stallFor(Duration value) {
            this.stallFor = value;
            return this;
        }

        public Builder idleCloseAfter(Duration value) {
            this.idleCloseAfter = value;
            return this;
        }

        public Builder responseDelay(Duration value) {
            this.responseDelay = value;
            return this;
        }

        public FaultServer start() {
            return new FaultServer(this);
        }
    }
}
