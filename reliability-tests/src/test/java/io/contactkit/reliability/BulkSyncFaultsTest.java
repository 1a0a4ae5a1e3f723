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
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.reliability.support.BirdBackend;
import io.contactkit.reliability.support.BridgeBackend;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.Await;
import io.contactkit.reliability.support.FaultServer;
import io.contactkit.reliability.support.FaultServer.Attempt;
import io.contactkit.reliability.support.FaultServer.Fault;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.LogicalRequest;
import io.contactkit.reliability.support.RawPath;
import io.contactkit.reliability.support.Secrets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 5,000 upserts through the facade (Bird's identifier upsert; Bridge's cellphone upsert) and 1,000
 * plain creates per adapter (Bird's {@code POST /contacts}, Bridge's older API's create) against a
 * {@link FaultServer} that spoils about 20% of all attempts, deterministically by seed. For every
 * record: exactly one result, created/updated/failed agreeing with what the server did, failures typed;
 * no request repeated after a clean answer, idempotent requests at most 1 + 3 times, creates repeated
 * only after a 429 (never applied); every connection back in the pool at the end.
 */
@Order(1)
class BulkSyncFaultsTest {

    static final String WS = "5d1f9c3e-8a1b-4c3d-9e2f-7a6b5c4d3e2f";
    static final String LEGACY_WS = "ws_reliability";
    static final int RECORDS = 5_000;
    static final int EXISTING = 1_000;
    static final int CREATES = 1_000;
    static final long SEED = 20_261_122L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    /** About 20% of attempts spoiled, by kind. */
    static FaultServer.Builder faulty(FaultServer.Backend backend) {
        return FaultServer.builder(backend).seed(SEED)
                .rate(Fault.RATE_LIMITED, 0.040)
                .rate(Fault.RATE_LIMITED_LONG, 0.002)
                .rate(Fault.SERVER_ERROR, 0.030)
                .rate(Fault.UNAVAILABLE, 0.030)
                .rate(Fault.RESET_BEFORE_RESPONSE, 0.030)
                .rate(Fault.RESET_AFTER_RESPONSE, 0.030)
                .rate(Fault.STALL, 0.008)
                .rate(Fault.IDLE_CLOSE, 0.030)
                .stallFor(Duration.ofMillis(1_100));
    }

    static UpsertCommand birdCommand(int i) {
        return Clients.command(b -> b.identifier("emailaddress", "person" + i + "@example.com")
                .set("firstName", "Person" + i).set("rank", AttributeValue.of(BigDecimal.valueOf(i))));
    }

    static UpsertCommand bridgeCommand(int i) {
        return Clients.command(b -> b.identifier("phonenumber", Clients.phone(i)).set("firstName", "Ana" + i).set("lastName", "Lopez"));
    }

    @Test
    void birdUpsertsThroughTheFacadeLoseNothingUnderFaults() {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        try (FaultServer server = faulty(backend).start();
             BirdContactsClient client = Clients.bird(server.baseUrl());
             ContactKit kit = ContactKit.builder().provider(client).concurrency(Clients.POOL).timeout(Duration.ofSeconds(30)).build()) {
            Map<Integer, String> records = new HashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                records.put(i, "person" + i + "@example.com");
            }
            Function<LogicalRequest, String> recordOf = r -> r.method().equals("PATCH") ? last(RawPath.segments(r.target())) : null;
            checkUpserts("bird upsert", server, kit, client::activeConnections, BulkSyncFaultsTest::birdCommand, records, recordOf,
                    email -> backend.owner(WS, "emailaddress", email));
            assertEquals(0, backend.unauthorized());
        }
    }

    @Test
    void bridgeCellphoneUpsertsThroughTheFacadeLoseNothingUnderFaults() {
        BridgeBackend backend = new BridgeBackend(Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET);
        try (FaultServer server = faulty(backend).start();
             BridgeContactsClient client = Clients.bridge(server.baseUrl(), BridgeApiGeneration.CONNECT);
             ContactKit kit = ContactKit.builder().provider(client).concurrency(Clients.POOL).timeout(Duration.ofSeconds(30)).build()) {
            Map<Integer, String> records = new HashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                records.put(i, Clients.phone(i));
            }
            Function<LogicalRequest, String> recordOf = r -> r.target().endsWith("/contacts/partial")
                    ? JSON.readTree(r.body()).path("cellphone").asString() : null;
            checkUpserts("bridge upsert", server, kit, client::activeConnections, BulkSyncFaultsTest::bridgeCommand, records, recordOf,
                    phone -> backend.owner(WS, phone));
            assertEquals(0, backend.unauthorized());
        }
    }

    @Test
    void birdPlainCreatesAreNeverRepeatedBlindly() {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        try (FaultServer server = faulty(backend).start(); BirdContactsClient client = Clients.bird(server.baseUrl())) {
            Function<LogicalRequest, String> recordOf = r -> r.method().equals("POST") && r.target().endsWith("/contacts")
                    ? JSON.readTree(r.body()).path("identifiers").path(0).path("value").asString() : null;
            checkCreates("bird create", server, client::activeConnections,
                    i -> client.create(WS, birdCommand(i)), i -> "person" + i + "@example.com", recordOf,
                    email -> backend.owner(WS, "emailaddress", email));
            assertEquals(0, backend.unauthorized());
        }
    }

    @Test
    void bridgeLegacyCreatesAreNeverRepeatedBlindly() {
        BridgeBackend backend = new BridgeBackend(Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET);
        try (FaultServer server = faulty(backend).start();
             BridgeContactsClient client = Clients.bridge(server.baseUrl(), BridgeApiGeneration.LEGACY)) {
            Function<LogicalRequest, String> recordOf = r -> r.method().equals("POST") && r.target().endsWith("/contacts")
                    ? JSON.readTree(r.body()).path("cellphone").asString() : null;
            checkCreates("bridge legacy create", server, client::activeConnections,
                    i -> client.create(LEGACY_WS, bridgeCommand(i)), Clients::phone, recordOf,
                    phone -> backend.owner(LEGACY_WS, phone));
            assertEquals(0, backend.unauthorized(), "every attempt, retries included, carried a valid signature");
        }
    }

    // ---- upserts ----------------------------------------------------------------------------------

    private static void checkUpserts(String area, FaultServer server, ContactKit kit, java.util.function.IntSupplier active,
                                     IntFunction<UpsertCommand> command, Map<Integer, String> records,
                                     Function<LogicalRequest, String> recordOf, Function<String, String> ownerOf) {
        // contacts that exist before the run, written without faults: their upserts must come back UPDATED
        server.faults(false);
        List<BulkResult<Integer>> seeded = kit.upsertAll(WS, Flux.range(0, EXISTING), command::apply).collectList().block(RUN_LIMIT);
        assertNotNull(seeded);
        assertTrue(seeded.stream().allMatch(BulkResult::succeeded), "seeding without faults writes every contact");
        server.resetCounters();
        server.faults(true);

        long t0 = System.nanoTime();
        List<BulkResult<Integer>> results = kit.upsertAll(WS, Flux.range(0, RECORDS), command::apply).collectList().block(RUN_LIMIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNotNull(results);

        // exactly one result per record
        assertEquals(RECORDS, results.size());
        Map<Long, Long> perIndex = results.stream().collect(Collectors.groupingBy(BulkResult::index, Collectors.counting()));
        assertEquals(RECORDS, perIndex.size(), "no record lost");
        assertTrue(perIndex.values().stream().allMatch(n -> n == 1), "no record reported twice");
        results.forEach(r -> assertEquals(r.index(), (long) r.input()));

        Map<String, List<Attempt>> attemptsByRecord = attemptsByRecord(server, recordOf);
        Map<String, Long> errors = new TreeMap<>();
        int created = 0;
        int updated = 0;
        int failed = 0;
        int createdThenLost = 0;
        for (BulkResult<Integer> r : results) {
            String record = records.get(r.input());
            List<Attempt> history = attemptsByRecord.getOrDefault(record, List.of());
            Secrets.scanObject(area + " result", r);
            switch (r.status()) {
                case CREATED -> {
                    created++;
                    assertTrue(r.input() >= EXISTING, "only new records are created: " + record);
                    assertEquals(1, creations(history), "a CREATED record was created by exactly one attempt: " + record + " " + history);
                    assertEquals(ownerOf.apply(record), r.contact().map(Contact::id).orElseThrow());
                }
                case UPDATED -> {
                    updated++;
                    if (r.input() >= EXISTING) {
                        createdThenLost++;
                        assertEquals(1, creations(history), "a new record reads as UPDATED only after an earlier attempt created it: "
                                + record + " " + history);
                    } else {
                        assertEquals(0, creations(history), "an existing record is never created again: " + record + " " + history);
                    }
                    assertEquals(ownerOf.apply(record), r.contact().map(Contact::id).orElseThrow());
                }
                case FAILED -> {
                    failed++;
                    ProviderException e = java.util.Objects.requireNonNull(r.error());
                    Secrets.scanThrowable(area + " failure", e);
                    errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    assertTrue(creations(history) <= 1, "no duplicate: " + record + " " + history);
                    assertTrue(!history.isEmpty() && history.get(history.size() - 1).fault() != Fault.NONE,
                            "a record fails only when its last attempt was spoiled: " + record + " " + history + " " + e);
                }
            }
        }
        assertEquals(RECORDS, created + updated + failed);
        long spoiled = drained(area, server, active, true, String.format(java.util.Locale.ROOT,
                "%d records in %.1f s at concurrency %d: created %d, updated %d (%d of them new records whose first answer was lost),"
                        + " failed %d %s; lost 0, reported twice 0", RECORDS, seconds, Clients.POOL, created, updated, createdThenLost, failed, errors));
        assertTrue(spoiled > server.requests() * 0.15, "about a fifth of all attempts are spoiled");
        Map<Fault, Long> injected = server.injected();
        assertTrue(EnumSet.complementOf(EnumSet.of(Fault.NONE)).stream().allMatch(f -> injected.get(f) > 0), "every kind of fault happened");
    }

    // ---- creates ----------------------------------------------------------------------------------

    private static void checkCreates(String area, FaultServer server, java.util.function.IntSupplier active,
                                     IntFunction<Mono<Contact>> create, IntFunction<String> recordKey,
                                     Function<LogicalRequest, String> recordOf, Function<String, String> ownerOf) {
        long t0 = System.nanoTime();
        List<Outcome> outcomes = Flux.range(0, CREATES)
                .flatMap(i -> create.apply(i).map(c -> new Outcome(i, c, null))
                        .onErrorResume(e -> Mono.just(new Outcome(i, null, e))), Clients.POOL)
                .collectList().block(RUN_LIMIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNotNull(outcomes);
        assertEquals(CREATES, outcomes.size());
        assertEquals(CREATES, outcomes.stream().map(Outcome::index).distinct().count());

        Map<String, List<Attempt>> attemptsByRecord = attemptsByRecord(server, recordOf);
        Map<String, Long> errors = new TreeMap<>();
        int ok = 0;
        int resolved = 0;
        int failedButApplied = 0;
        int repeatedAfter429 = 0;
        for (Outcome o : outcomes) {
            String record = recordKey.apply(o.index());
            List<Attempt> history = attemptsByRecord.getOrDefault(record, List.of());
            for (int k = 0; k < history.size() - 1; k++) {
                assertEquals(Fault.RATE_LIMITED, history.get(k).fault(),
                        "a create is repeated only after a 429 (not processed): " + record + " " + history);
                repeatedAfter429++;
            }
            assertTrue(history.stream().filter(Attempt::applied).count() <= 1, "a create is applied at most once: " + record);
            assertTrue(creations(history) <= 1, "a create never makes a second contact: " + record);
            String owner = ownerOf.apply(record);
            if (o.error() == null) {
                ok++;
                assertEquals(owner, o.contact().id(), "the contact returned is the one the server holds");
                if (history.isEmpty() || history.get(history.size() - 1).fault() != Fault.NONE) {
                    resolved++;
                }
            } else {
                ProviderException e = assertInstanceOf(ProviderException.class, o.error());
                Secrets.scanThrowable(area + " failure", e);
                errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                assertTrue(!(e instanceof ConflictException), "no create meets its own earlier attempt: " + record);
                if (owner != null) {
                    failedButApplied++;
                    assertInstanceOf(OutcomeUnknownException.class, e, "a create that was applied but not confirmed is reported as unknown");
                }
            }
        }
        drained(area, server, active, false, String.format(java.util.Locale.ROOT,
                "%d creates in %.1f s: succeeded %d (%d of them confirmed by a lookup after an ambiguous failure), failed %d %s"
                        + " (%d applied but unconfirmed, all OutcomeUnknownException); repeated only after 429: %d",
                CREATES, seconds, ok, resolved, CREATES - ok, errors, failedButApplied, repeatedAfter429));
    }

    private record Outcome(int index, Contact contact, Throwable error) {
    }

    /** Checks the retries and that the pool drained, records the run's figures; returns how many attempts were spoiled. */
    private static long drained(String area, FaultServer server, java.util.function.IntSupplier active, boolean idempotent, String outcome) {
        checkRetries(area, server, idempotent);
        int stillActive = Await.gauge(active, 0, Duration.ofSeconds(5));
        assertEquals(0, stillActive, "every connection is back in the pool");
        Map<Fault, Long> injected = server.injected();
        long spoiled = injected.entrySet().stream().filter(e -> e.getKey() != Fault.NONE).mapToLong(Map.Entry::getValue).sum();
        Figures.record(area, String.format(java.util.Locale.ROOT, "%s; %d attempts, %d spoiled (%.1f%%) %s, connections reset by the server %d,"
                        + " idle connections closed by the server %d; active connections at the end %d", outcome, server.requests(), spoiled,
                100.0 * spoiled / server.requests(), withoutNone(injected), server.resets(), server.idleCloses(), stillActive));
        return spoiled;
    }

    /** How many attempts created the contact (the backend answered 201), whatever the client was told. */
    private static long creations(List<Attempt> history) {
        return history.stream().filter(a -> a.backendStatus() == 201).count();
    }

    // ---- shared checks ------------------------------------------------------------------------------

    /**
     * No logical request is sent more than 1 + 3 times (a client-level retry on top of ours would show
     * here). A non-idempotent one is never sent again after a clean answer (2xx or 4xx other than 429);
     * an idempotent one may be, when that answer reached the client after its response timeout (a
     * slow machine): such repeats are counted.
     */
    private static void checkRetries(String area, FaultServer server, boolean idempotent) {
        int most = 0;
        int late = 0;
        for (Map.Entry<String, List<Attempt>> e : server.attempts().entrySet()) {
            List<Attempt> h = e.getValue();
            most = Math.max(most, h.size());
            assertTrue(h.size() <= 1 + Clients.FAST_RETRY.maxRetries(), area + ": at most 1 + 3 attempts: " + e.getKey() + " " + h);
            boolean sentOnlyToRead = e.getKey().startsWith("GET ") || e.getKey().contains("/contacts/search\n");
            for (int k = 0; k < h.size() - 1; k++) {
                Attempt a = h.get(k);
                boolean clean = (a.fault() == Fault.NONE || a.fault() == Fault.IDLE_CLOSE) && a.status() != 429 && a.status() < 500;
                if (clean && (idempotent || sentOnlyToRead)) {
                    late++;
                } else {
                    assertTrue(!clean, area + ": nothing is repeated after a clean answer: " + e.getKey() + " " + h);
                }
            }
        }
        Figures.record(area, "most attempts of one logical request: " + most + "; repeats after an answer that came after the response timeout: "
                + late);
    }

    private static Map<String, List<Attempt>> attemptsByRecord(FaultServer server, Function<LogicalRequest, String> recordOf) {
        Map<String, List<Attempt>> out = new HashMap<>();
        server.attempts().forEach((key, attempts) -> {
            String record = recordOf.apply(LogicalRequest.of(key));
            if (record != null) {
                List<Attempt> previous = out.put(record, new ArrayList<>(attempts));
                assertTrue(previous == null, "one logical request per record: " + record);
            }
        });
        return out;
    }

    private static Map<Fault, Long> withoutNone(Map<Fault, Long> injected) {
        Map<Fault, Long> out = new java.util.EnumMap<>(Fault.class);
        injected.forEach((f, n) -> {
            if (f != Fault.NONE) {
                out.put(f, n);
            }
        });
        return out;
    }

    private static String last(List<String> segments) {
        return segments.get(segments.size() - 1);
    }

    @SuppressWarnings("unused")
    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }
}
