package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.TransportException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.contactkit.domain.Contact;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The pool settings of the builder reach the connection pool: they change what the client does. */
class BridgePoolSettingsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aRequestWaitingLongerThanThePendingAcquireTimeoutFailsWithoutBeingSent() throws Exception {
        wm.stubFor(get(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))
                .withFixedDelay(1500)));
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).maxConnections(1)
                .pendingAcquireTimeout(Duration.ofMillis(200)).retry(RetryPolicy.none()).build())) {
            CompletableFuture<Contact> holding = client.get(WS, CONTACT_ID).toFuture();
            long start = System.nanoTime();
            // with the default 45 s the second request would wait for the first (1.5 s) and succeed
            TransportException e = assertThrows(TransportException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
            assertTrue(e.getMessage().contains("no pooled connection available"), e.getMessage());
            assertTrue(System.nanoTime() - start < Duration.ofMillis(1400).toNanos(), "it gave up before the first request ended");
            assertEquals(CONTACT_ID, holding.get(5, TimeUnit.SECONDS).id());
            assertEquals(1, wm.getAllServeEvents().size(), "the waiting request was never sent");
        }
    }

    @Test
    void idleConnectionsAreEvictedInTheBackgroundAtTheEvictionInterval() throws InterruptedException {
        wm.stubFor(get(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).maxIdleTime(Duration.ofMillis(100))
                .evictionInterval(Duration.ofMillis(50)).build())) {
            client.get(WS, CONTACT_ID).block(WAIT);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (client.allocatedConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, client.allocatedConnections(), "the idle connection was closed without any new request");
        }
    }
}
