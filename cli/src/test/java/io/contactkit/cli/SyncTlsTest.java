package io.contactkit.cli;

import static io.contactkit.cli.SimulatorRoundTripTest.BIRD_WS;
import static io.contactkit.cli.SimulatorRoundTripTest.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.simulator.BirdSimulator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * {@code sync} over TLS: a handshake refused for good (a certificate Java does not trust, a server that does not speak
 * TLS) stops the run after its first records, at once and saying why, with nothing sent; a private authority's
 * certificate is trusted once given in a trust store, as the message says.
 */
class SyncTlsTest {

    private static final Map<String, String> ENV = Map.of("CONTACTKIT_BIRD_ACCESS_KEY", KEY);
    private static final String ADVICE = "; nothing was sent and no output written: check that --base-url is the https:// address of the"
            + " provider's API, and that its server's certificate is valid for that host and signed by an authority Java trusts (for a"
            + " private authority, give a trust store that holds its certificate: CONTACTKIT_JAVA_OPTS=-Djavax.net.ssl.trustStore=FILE,"
            + " with -Djavax.net.ssl.trustStorePassword=... if it has one), then run the same command again";

    @TempDir
    Path dir;

    private static X509Bundle authority() throws Exception {
        return new CertificateBuilder().subject("CN=contactkit test authority").setIsCertificateAuthority(true)
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1))).buildSelfSigned();
    }

    private static X509Bundle serverCertificate(X509Bundle issuer) throws Exception {
        CertificateBuilder b = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1)));
        return issuer == null ? b.setIsCertificateAuthority(true).buildSelfSigned() : b.buildIssuedBy(issuer);
    }

    /** A server on loopback that counts connections and requests and answers every request 200, over TLS when given a context. */
    private static DisposableServer server(SslContext tls, AtomicInteger connections, AtomicInteger requests) {
        HttpServer s = HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
                .handle((req, res) -> {
                    requests.incrementAndGet();
                    return res.status(200).sendString(Mono.just("{}")).then();
                });
        return (tls == null ? s : s.secure(spec -> spec.sslContext(tls))).bindNow(Duration.ofSeconds(10));
    }

    private Cli.Result sync(String baseUrl) {
        return Cli.run(ENV, "", "sync", "--provider", "bird", "--base-url", baseUrl, "--workspace", BIRD_WS, "--max-retry-time", "60s",
                "--output", dir.resolve("results.ndjson").toString(), DedupeCommandTest.EXAMPLE);
    }

    @Test
    void aCertificateJavaDoesNotTrustStopsTheRunAtOnceSayingWhy() throws Exception {
        X509Bundle selfSigned = serverCertificate(null);
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        DisposableServer server = server(SslContextBuilder.forServer(selfSigned.toKeyManagerFactory()).build(), connections, requests);
        try {
            long started = System.nanoTime();
            Cli.Result r = sync("https://127.0.0.1:" + server.port());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1, r.status(), r.err());
            assertEquals(List.of("contactkit: sync stopped: no TLS connection to bird: TLS handshake with 127.0.0.1 refused the server's"
                    + " certificate: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find"
                    + " valid certification path to requested target (contacts.upsert) (the first 3 records all failed so; it would fail the"
                    + " same way for every record)" + ADVICE), r.errLines());
            assertEquals(0, requests.get(), "no request reached the server");
            // the refusal is not retried: a handshake or two per record in flight, not the 60 s of retries each record may take
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "stopped after " + took);
            assertTrue(connections.get() <= 20, connections.get() + " handshakes");
            assertFalse(Files.exists(dir.resolve("results.ndjson")));
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsStopsTheRunAtOnceSayingWhy() {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        DisposableServer plain = server(null, connections, requests);
        try {
            Cli.Result r = sync("https://127.0.0.1:" + plain.port());
            assertEquals(1, r.status(), r.err());
            assertEquals(List.of("contactkit: sync stopped: no TLS connection to bird: TLS handshake with 127.0.0.1 failed: the server did"
                    + " not answer in TLS (an address of a plain http server?) (contacts.upsert) (the first 3 records all failed so; it would"
                    + " fail the same way for every record)" + ADVICE), r.errLines());
            assertEquals(0, requests.get(), "the handshake's first bytes are no request");
            assertFalse(Files.exists(dir.resolve("results.ndjson")));
        } finally {
            plain.disposeNow();
        }
    }

    @Test
    void aPrivateAuthorityIsTrustedThroughATrustStoreAsTheMessageSays() throws Exception {
        X509Bundle authority = authority();
        X509Bundle certificate = serverCertificate(authority);
        Path trustStore = dir.resolve("authority.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("contactkit-test-authority", authority.getCertificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, "changeit".toCharArray());
        }
        SslContext tls = SslContextBuilder.forServer(certificate.toKeyManagerFactory()).build();
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            // the simulator behind a TLS front with the private authority's certificate
            HttpClient upstream = HttpClient.create().baseUrl(bird.baseUrl());
            DisposableServer front = HttpServer.create().host("127.0.0.1").port(0).secure(spec -> spec.sslContext(tls))
                    .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                            .flatMap(body -> upstream.headers(h -> h.set(req.requestHeaders()).remove(HttpHeaderNames.HOST))
                                    .request(req.method()).uri(req.uri()).send(Mono.just(Unpooled.wrappedBuffer(body)))
                                    .responseSingle((answer, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                                            .flatMap(bytes -> res.status(answer.status())
                                                    .header(HttpHeaderNames.CONTENT_TYPE, answer.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                                                    .sendByteArray(Mono.just(bytes)).then()))))
                    .bindNow(Duration.ofSeconds(10));
            try {
                String base = "https://127.0.0.1:" + front.port();
                Path out = dir.resolve("results.ndjson");
                String[] args = {"sync", "--provider", "bird", "--base-url", base, "--workspace", BIRD_WS, "--output", out.toString(),
                        DedupeCommandTest.EXAMPLE};
                // without the trust store, refused as above
                Cli.Forked refused = Cli.fork(ENV, List.of(), dir.resolve("refused.log"), 120, args);
                assertEquals(1, refused.status(), refused.said());
                assertTrue(refused.said().contains("sync stopped: no TLS connection to bird"), refused.said());
                // with it, the run goes through as against the simulator itself
                Cli.Forked trusted = Cli.fork(ENV, List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit"),
                        dir.resolve("trusted.log"), 120, args);
                assertEquals(0, trusted.status(), trusted.said());
                assertTrue(trusted.said().contains("records=50 created=27 updated=17 failed=6"), trusted.said());
                assertEquals(50, Files.readAllLines(out).size());
                assertEquals(27, bird.contacts(BIRD_WS).size());
            } finally {
                front.disposeNow();
            }
        }
    }
}
