package io.contactkit.benchmarks;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.resources.ConnectionProvider;

/**
 * Bird upserts through the facade against a loopback {@link CannedServer}, next to raw Reactor Netty
 * {@code HttpClient} and the JDK's {@code java.net.http.HttpClient} replaying exactly the requests the
 * facade sent (method, path, headers that matter, body bytes), all at the same concurrency, rounds
 * interleaved so that load changes on the machine hit every client alike.
 *
 * <p>{@code AdapterHarness <requests per round> <rounds> <concurrency>}; prints one line per client and
 * round, then the median and spread of each and of the ratios.
 */
public final class AdapterHarness {

    static final String WORKSPACE = "5d1f9c3e-8a1b-4c3d-9e2f-7a6b5c4d3e2f";

    private AdapterHarness() {
    }

    public static void main(String[] args) {
        int requests = Args.integer(args, 0, 20_000);
        int rounds = Args.integer(args, 1, 5);
        int concurrency = Args.integer(args, 2, 64);
        Result r = run(requests, rounds, concurrency, System.out::println);
        System.out.println(r.summary());
    }

    /** Per-round throughputs (requests/s) of the three clients. */
    public record Result(double[] kit, double[] netty, double[] jdk) {
        public String summary() {
            double[] kitVsNetty = new double[kit.length];
            double[] kitVsJdk = new double[kit.length];
            for (int i = 0; i < kit.length; i++) {
                kitVsNetty[i] = kit[i] / netty[i];
                kitVsJdk[i] = kit[i] / jdk[i];
            }
            return String.join("\n",
                    Stats.line("facade (Bird adapter) req/s", kit),
                    Stats.line("raw Reactor Netty req/s", netty),
                    Stats.line("JDK HttpClient req/s", jdk),
                    Stats.line("facade / raw Reactor Netty", kitVsNetty),
                    Stats.line("facade / JDK HttpClient", kitVsJdk));
        }
    }

    public static Result run(int requests, int rounds, int concurrency, java.util.function.Consumer<String> log) {
        List<UpsertCommand> commands = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            commands.add(UpsertCommand.builder().identifier("emailaddress", "person" + i + "@example.com")
                    .set("firstName", "Person" + i).build(IdentifierPolicy.defaults()).get());
        }
        try (CannedServer server = new CannedServer();
             ContactKit kit = ContactKit.builder().provider("bird").concurrency(concurrency)
                     .settings(ProviderSettings.builder().option("baseUrl", server.baseUrl()).option("allowInsecureHttp", "true")
                             .option("maxConnections", String.valueOf(concurrency))
                             .secret("accessKey", Secret.of("benchmark-access-key")).build())
                     .build()) {
            // one recorded pass: the exact requests the facade sends, replayed by the raw clients
            server.record();
            runKit(kit, commands, concurrency);
            List<CannedServer.Seen> seen = server.stopRecording();
            if (seen.size() != requests) {
                throw new IllegalStateException("expected " + requests + " recorded requests, saw " + seen.size());
            }
            ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(concurrency).build();
            reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create(pool).baseUrl(server.baseUrl());
            HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // warm every client up once
            runNetty(netty, seen, concurrency);
            runJdk(jdk, server.baseUrl(), seen, concurrency);
            double[] k = new double[rounds];
            double[] n = new double[rounds];
            double[] j = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                k[r] = rate(requests, () -> runKit(kit, commands, concurrency));
                n[r] = rate(requests, () -> runNetty(netty, seen, concurrency));
                j[r] = rate(requests, () -> runJdk(jdk, server.baseUrl(), seen, concurrency));
                log.accept(String.format(Locale.ROOT, "round %d: facade %.0f req/s, raw reactor-netty %.0f req/s, jdk %.0f req/s",
                        r + 1, k[r], n[r], j[r]));
            }
            pool.disposeLater().block();
            return new Result(k, n, j);
        }
    }

    private static double rate(int requests, Supplier<Long> run) {
        long t0 = System.nanoTime();
        long done = run.get();
        long ns = System.nanoTime() - t0;
        if (done != requests) {
            throw new IllegalStateException("expected " + requests + " successful requests, got " + done);
        }
        return requests / (ns / 1e9);
    }

    private static long runKit(ContactKit kit, List<UpsertCommand> commands, int concurrency) {
        return kit.upsertAll(WORKSPACE, Flux.fromIterable(commands), c -> c, concurrency)
                .filter(r -> r.succeeded()).count().block();
    }

    private static long runNetty(reactor.netty.http.client.HttpClient client, List<CannedServer.Seen> seen, int concurrency) {
        return Flux.fromIterable(seen).flatMap(s -> client
                        .headers(h -> h.set("Content-Type", s.contentType()).set("Authorization", s.authorization())
                                .set("Accept", "application/json"))
                        .request(io.netty.handler.codec.http.HttpMethod.valueOf(s.method()))
                        .uri(s.uri())
                        .send(ByteBufFlux.fromInbound(Mono.just(s.body())))
                        .responseSingle((res, body) -> body.asByteArray().map(b -> res.status().code())), concurrency)
                .filter(code -> code == 200).count().block();
    }

    private static long runJdk(HttpClient client, String base, List<CannedServer.Seen> seen, int concurrency) {
        AtomicLong ok = new AtomicLong();
        Flux.fromIterable(seen).flatMap(s -> Mono.fromFuture(() -> client.sendAsync(HttpRequest.newBuilder(URI.create(base + s.uri()))
                                .method(s.method(), HttpRequest.BodyPublishers.ofByteArray(s.body()))
                                .header("Content-Type", s.contentType()).header("Authorization", s.authorization())
                                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray())), concurrency)
                .doOnNext(res -> {
                    if (res.statusCode() == 200) {
                        ok.incrementAndGet();
                    }
                })
                .blockLast();
        return ok.get();
    }

    /** Median and spread of a few measurements. */
    static final class Stats {
        private Stats() {
        }

        static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        static String line(String name, double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "%-32s median %.3f  min %.3f  max %.3f  (n=%d)", name, median(v), s[0], s[s.length - 1], v.length);
        }
    }
}
