package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.ports.TransportException;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Secrets;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code https} by default; plain {@code http} refused for every host that is not loopback unless
 * explicitly allowed; certificates always validated: a self-signed server on loopback is refused
 * with a typed error, and no setting exists that would turn validation off.
 */
@Order(6)
class TransportSecurityTest {

    @Test
    void httpsIsTheDefault() {
        assertEquals("https", BirdConfig.builder().accessKey(Secret.of(Secrets.BIRD_ACCESS_KEY)).build().baseUrl().getScheme());
        for (BridgeApiGeneration api : BridgeApiGeneration.values()) {
            BridgeConfig.Builder b = BridgeConfig.builder().api(api).apiKey(Secret.of(Secrets.BRIDGE_API_KEY));
            if (api == BridgeApiGeneration.LEGACY) {
                b.signingSecret(Secret.of(Secrets.BRIDGE_SIGNING_SECRET));
            }
            assertEquals("https", b.build().baseUrl().getScheme(), api.name());
        }
    }

    @Test
    void plainHttpIsRefusedForEveryHostThatIsNotLoopback() {
        List<String> remote = List.of("example.com", "api.bird.com", "10.0.0.1", "192.168.1.10", "169.254.169.254", "0.0.0.0",
                "127.0.0.1.nip.io", "localhost.example.com", "2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]", "[fe80::1]",
                "127.0.0.256", "localhost.");
        List<String> loopback = List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "app.localhost", "[::1]");
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger allowed = new AtomicInteger();
        qt().withFixedSeed(61L).withExamples(200).forAll(arbitrary().pick(remote), integers().between(1, 65535), arbitrary().pick("http", "HTTP", "Http"))
                .checkAssert((host, port, scheme) -> {
                    String url = scheme + "://" + host + ":" + port;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> HttpSettings.builder("https://api.bird.com").baseUrl(url).build(), url);
                    Secrets.scanThrowable("insecure url", e);
                    assertTrue(e.getMessage().contains("http") || e.getMessage().contains("URL"), e.getMessage());
                    refused.incrementAndGet();
                    // allowed only when asked for, explicitly (127.1 and 127.0.0.256 are no URL host at all: always refused)
                    if (!host.equals("127.0.0.256") && !host.equals("127.1")) {
                        HttpSettings.builder("https://api.bird.com").baseUrl(url).allowInsecureHttp(true).build();
                        allowed.incrementAndGet();
                    }
                });
        for (String host : loopback) {
            assertEquals(host.toLowerCase(Locale.ROOT), HttpSettings.builder("https://x").baseUrl("http://" + host + ":8080").build().baseUrl()
                    .getHost().toLowerCase(Locale.ROOT));
        }
        // through discovery, as a user configures it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContactKit.builder().provider("bird")
                .settings(ProviderSettings.builder().option("baseUrl", "http://api.bird.com").secret("accessKey", Secret.of(Secrets.BIRD_ACCESS_KEY))
                        .build()).build());
        Secrets.scanThrowable("insecure url via discovery", e);
        Figures.record("transport security", refused.get() + " plain-http URLs to " + remote.size() + " kinds of non-loopback host refused ("
                + allowed.get() + " accepted once allowInsecureHttp is set); " + loopback.size() + " loopback forms accepted");
    }

    @Test
    void aSelfSignedCertificateIsRejectedWithATypedError() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").setIsCertificateAuthority(true)
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1)))
                .buildSelfSigned();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        io.netty.handler.ssl.SslContext tls = sslContext(cert);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(tls))
                .doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
                .handle((req, res) -> {
                    served.incrementAndGet();
                    return res.status(200).sendString(Mono.just("{\"id\":\"c1\"}")).then();
                })
                .bindNow(Duration.ofSeconds(10));
        String base = "https://127.0.0.1:" + server.port();
        try (BirdContactsClient bird = Clients.scanned(new BirdContactsClient(Clients.birdConfig(base).build()));
             BridgeContactsClient bridge = Clients.bridge(base, BridgeApiGeneration.CONNECT)) {
            for (Mono<?> call : List.of(bird.get(BulkSyncFaultsTest.WS, "c1"), bridge.get(BulkSyncFaultsTest.WS, BulkSyncFaultsTest.WS))) {
                Throwable t = assertThrows(Throwable.class, () -> call.block(Duration.ofSeconds(20)));
                TransportException typed = assertInstanceOf(TransportException.class, t, "a typed error, got " + t);
                assertTrue(causedBy(typed, SSLException.class), "the cause is the TLS handshake: " + typed);
                assertTrue(!typed.isRetryable() && typed.getMessage().contains("refused the server's certificate"),
                        "a refused certificate is refused for good, and said so: " + typed.getMessage());
                Secrets.scanThrowable("self-signed", typed);
                Figures.record("transport security", "self-signed certificate on https://127.0.0.1: " + typed.getClass().getSimpleName()
                        + " (" + typed.getMessage() + ")");
            }
            // a plain create is not idempotent: as the handshake failed, nothing was sent, so its outcome is known
            UpsertCommand create = UpsertCommand.builder().identifier("emailaddress", "ann@example.com").set("displayName", "Ann")
                    .build(IdentifierPolicy.defaults()).get();
            Throwable t = assertThrows(Throwable.class, () -> bird.create(BulkSyncFaultsTest.WS, create).block(Duration.ofSeconds(20)));
            assertInstanceOf(TransportException.class, t, "nothing was sent, so not an unknown outcome: " + t);
            assertEquals(0, served.get(), "no request reached the server");
            // a refused certificate is refused again: one connection per call, no retries
            assertEquals(3, connections.get(), "connections opened");
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void noSettingTurnsCertificateValidationOff() {
        for (Class<?> c : List.of(HttpSettings.Builder.class, BirdConfig.Builder.class, BridgeConfig.Builder.class)) {
            List<String> risky = Arrays.stream(c.getMethods()).map(Method::getName)
                    .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*(trust|ssl|tls|verif|certificate|hostname).*")).toList();
            assertEquals(List.of(), risky, c.getName() + " offers a way around certificate validation");
        }
    }

    private static io.netty.handler.ssl.SslContext sslContext(X509Bundle cert) throws Exception {
        return SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
