package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.Contact;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.TransportException;
import io.contactkit.reliability.support.Await;
import io.contactkit.reliability.support.BirdBackend;
import io.contactkit.reliability.support.BridgeBackend;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.FaultServer;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Cancelling a bulk sync or an export stops new requests at once and gives every connection back; a
 * subscriber that consumes slowly never makes the library fetch or buffer ahead of it.
 */
@Order(2)
class CancellationAndBackpressureTest {

    private static final String WS = BulkSyncFaultsTest.WS;
    private static final Duration SETTLE = Duration.ofMillis(400);

    @Test
    void cancellingABulkSyncStopsRequestsAndReleasesConnections() throws Exception {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        try (FaultServer server = FaultServer.builder(backend).responseDelay(Duration.ofMillis(20)).start();
             BirdContactsClient client = Clients.bird(server.baseUrl());
             ContactKit kit = ContactKit.builder().provider(client).concurrency(Clients.POOL).build()) {
            int wanted = 300;
            List<BulkResult<Integer>> got = kit.upsertAll(WS, Flux.range(0, 5_000), BulkSyncFaultsTest::birdCommand)
                    .take(wanted).collectList().block(Duration.ofMinutes(1));
            assertNotNull(got);
            long atCancel = server.requests();
            int active = Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5));
            Thread.sleep(SETTLE.toMillis());
            long afterSettle = server.requests();
            Thread.sleep(SETTLE.toMillis());
            assertEquals(wanted, got.size());
            // requests already on the wire when the subscriber cancelled may still reach the server; nothing new is sent
            assertTrue(afterSettle <= wanted + Clients.POOL, "at most the in-flight upserts beyond those consumed: " + afterSettle);
            assertEquals(afterSettle, server.requests(), "no request after the cancellation settled");
            assertEquals(0, active, "every connection released");
            assertEquals(0, Await.gauge(server::inFlight, 0, Duration.ofSeconds(5)));
            Figures.record("cancel bulk", "5,000 upserts cancelled after " + wanted + " results: " + atCancel + " requests seen by the server"
                    + " at the cancellation, " + afterSettle + " once those on the wire arrived (at most " + (wanted + Clients.POOL)
                    + " allowed), none in the " + SETTLE.toMillis() + " ms after; active connections " + active);
        }
    }

    @Test
    void closingTheKitMidBulkSyncLetsUpsertsOnTheWireFinishAndSendsNoOther() throws Exception {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        int concurrency = 8;
        try (FaultServer server = FaultServer.builder(backend).responseDelay(Duration.ofMillis(300)).start()) {
            BirdContactsClient client = Clients.bird(server.baseUrl());
            ContactKit kit = ContactKit.builder().provider(client).closeProvider(true).concurrency(concurrency).build();
            BlockingQueue<BulkResult<Integer>> results = new LinkedBlockingQueue<>();
            kit.upsertAll(WS, Flux.range(0, 40), BulkSyncFaultsTest::birdCommand).subscribe(results::add);
            assertEquals(concurrency, Await.gauge(server::inFlight, concurrency, Duration.ofSeconds(5)), "a full batch on the wire");
            kit.close();
            List<BulkResult<Integer>> all = new java.util.ArrayList<>();
            while (all.size() < 40) {
                BulkResult<Integer> r = results.poll(10, TimeUnit.SECONDS);
                assertNotNull(r, "a result for every input; got " + all.size());
                all.add(r);
            }
            long created = all.stream().filter(r -> !r.failed()).count();
            assertEquals(concurrency, created, "the upserts on the wire at the close finish");
            for (BulkResult<Integer> r : all) {
                if (r.failed()) {
                    TransportException t = assertInstanceOf(TransportException.class, r.error());
                    assertEquals("closed", t.providerCode().orElseThrow(), t.getMessage());
                }
            }
            Thread.sleep(SETTLE.toMillis());
            assertEquals(concurrency, server.requests(), "no request sent after the close");
            assertEquals(concurrency, backend.contacts());
            assertEquals(0, Await.gauge(server::openConnections, 0, Duration.ofSeconds(5)), "every connection closed");
        }
    }

    @Test
    void cancellingAnExportStopsPagingAndReleasesConnections() throws Exception {
        BirdBackend bird = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        bird.seed(WS, 10_000);
        BridgeBackend bridge = new BridgeBackend(Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET);
        bridge.seed(WS, 10_000);
        try (FaultServer birdServer = FaultServer.builder(bird).start();
             FaultServer bridgeServer = FaultServer.builder(bridge).start();
             BirdContactsClient birdClient = Clients.bird(birdServer.baseUrl());
             BridgeContactsClient bridgeClient = Clients.bridge(bridgeServer.baseUrl(), BridgeApiGeneration.CONNECT);
             ContactKit birdKit = ContactKit.builder().provider(birdClient).build();
             ContactKit bridgeKit = ContactKit.builder().provider(bridgeClient).build()) {
            ListQuery query = ListQuery.builder().pageSize(100).build();
            for (Object[] c : new Object[][] {{"bird", birdKit, birdServer, birdClient}, {"bridge", bridgeKit, bridgeServer, bridgeClient}}) {
                ContactKit kit = (ContactKit) c[1];
                FaultServer server = (FaultServer) c[2];
                List<Contact> first = kit.list(WS, query).take(250).collectList().block(Duration.ofSeconds(30));
                assertNotNull(first);
                assertEquals(250, first.size());
                Thread.sleep(SETTLE.toMillis());
                java.util.function.IntSupplier active = c[3] instanceof BirdContactsClient b ? b::activeConnections
                        : ((BridgeContactsClient) c[3])::activeConnections;
                int stillActive = Await.gauge(active, 0, Duration.ofSeconds(5));
                assertEquals(3, server.requests(), c[0] + ": 250 contacts of 100 per page take exactly 3 pages of 100");
                assertEquals(0, stillActive);
                Figures.record("cancel export", c[0] + ": export of 10,000 contacts (100 per page) cancelled after 250: "
                        + server.requests() + " pages fetched, none after; active connections " + stillActive);
            }
        }
    }

    @Test
    void aSlowListSubscriberNeverMakesTheLibraryFetchAhead() throws Exception {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        backend.seed(WS, 10_000);
        int pageSize = 50;
        int consume = 1_000;
        try (FaultServer server = FaultServer.builder(backend).start();
             BirdContactsClient client = Clients.bird(server.baseUrl());
             ContactKit kit = ContactKit.builder().provider(client).build()) {
            OneAtATime<Contact> subscriber = new OneAtATime<>();
            kit.list(WS, ListQuery.builder().pageSize(pageSize).build()).subscribe(subscriber);
            long maxAhead = 0;
            for (int consumed = 1; consumed <= consume; consumed++) {
                assertNotNull(subscriber.next(Duration.ofSeconds(10)), "item " + consumed);
                long fetchedItems = server.requests() * pageSize;
                maxAhead = Math.max(maxAhead, fetchedItems - consumed);
                assertTrue(fetchedItems - consumed < pageSize, "never more than the current page held: " + fetchedItems + " fetched, "
                        + consumed + " consumed");
                if (consumed % 100 == 0) {
                    Thread.sleep(5);
                }
            }
            long pages = server.requests();
            subscriber.dispose();
            Thread.sleep(SETTLE.toMillis());
            assertEquals(consume / pageSize, pages, "exactly the pages consumed");
            assertEquals(pages, server.requests(), "nothing fetched after cancelling");
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
            Figures.record("backpressure list", consume + " of 10,000 contacts consumed one at a time (" + pageSize + " per page): "
                    + pages + " pages fetched, at most " + maxAhead + " items held ahead of the subscriber");
        }
    }

    @Test
    void aSlowBulkSubscriberNeverMakesTheFacadeReadAhead() throws Exception {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        int concurrency = 8;
        int consume = 400;
        try (FaultServer server = FaultServer.builder(backend).start();
             BirdContactsClient client = Clients.bird(server.baseUrl());
             ContactKit kit = ContactKit.builder().provider(client).build()) {
            AtomicLong pulled = new AtomicLong();
            OneAtATime<BulkResult<Integer>> subscriber = new OneAtATime<>();
            kit.upsertAll(WS, Flux.range(0, 100_000).doOnNext(i -> pulled.incrementAndGet()), BulkSyncFaultsTest::birdCommand, concurrency)
                    .subscribe(subscriber);
            long maxAhead = 0;
            for (int consumed = 1; consumed <= consume; consumed++) {
                assertNotNull(subscriber.next(Duration.ofSeconds(10)), "result " + consumed);
                if (consumed % 50 == 0) {
                    Thread.sleep(20);
                }
                maxAhead = Math.max(maxAhead, pulled.get() - consumed);
                assertTrue(pulled.get() - consumed <= 2L * concurrency, "inputs read ahead of results: " + (pulled.get() - consumed));
            }
            subscriber.dispose();
            Thread.sleep(SETTLE.toMillis());
            long requests = server.requests();
            Thread.sleep(SETTLE.toMillis());
            assertEquals(requests, server.requests(), "nothing sent after cancelling");
            assertTrue(requests <= consume + 2L * concurrency);
            assertEquals(0, Await.gauge(client::activeConnections, 0, Duration.ofSeconds(5)));
            Figures.record("backpressure bulk", consume + " of 100,000 upsert results consumed one at a time at concurrency " + concurrency
                    + ": at most " + maxAhead + " inputs read ahead of the subscriber, " + requests + " requests sent in all");
        }
    }

    /** Requests one item at a time, from the test thread, and hands each over through a queue. */
    static final class OneAtATime<T> extends BaseSubscriber<T> {
        private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing until asked
        }

        @Override
        protected void hookOnNext(T value) {
            items.add(value);
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            items.add(throwable);
        }

        @SuppressWarnings("unchecked")
        T next(Duration within) throws InterruptedException {
            request(1);
            Object o = items.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (o instanceof Throwable t) {
                throw new AssertionError(t);
            }
            return (T) o;
        }
    }
}
