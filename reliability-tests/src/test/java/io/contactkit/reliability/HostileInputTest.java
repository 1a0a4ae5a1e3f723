package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import io.contactkit.reliability.support.Await;
import io.contactkit.reliability.support.BirdBackend;
import io.contactkit.reliability.support.BridgeBackend;
import io.contactkit.reliability.support.Clients;
import io.contactkit.reliability.support.FaultServer;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Hostile;
import io.contactkit.reliability.support.RawPath;
import io.contactkit.reliability.support.Secrets;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * QuickTheories-generated hostile values at every boundary: identifier values, contact ids,
 * workspaces and page tokens with {@code /}, {@code ..}, {@code %}, {@code ?}, {@code #}, CR/LF, NUL,
 * non-ASCII and very long text; invalid phones and e-mail addresses; oversized attribute maps; list
 * ids that are not UUIDs; out-of-range page sizes. Each gives a typed error ({@link Validation} from
 * the domain, a {@link ProviderException} from the library: a local {@link ValidationException} lists
 * its problems and sends nothing) or a request whose raw path decodes back to exactly the intended
 * segments, query parameters to exactly the intended values.
 */
@Order(3)
class HostileInputTest {

    private static final String WS = BulkSyncFaultsTest.WS;
    private static final String LEGACY_WS = BulkSyncFaultsTest.LEGACY_WS;
    private static final int EXAMPLES = 300;
    private static final Map<String, String> FIGURES = new TreeMap<>();

    private static FaultServer birdServer;
    private static FaultServer bridgeServer;
    private static BirdContactsClient bird;
    private static BridgeContactsClient connect;
    private static BridgeContactsClient legacy;
    private static ContactKit birdKit;
    private static ContactKit connectKit;
    private static ContactKit legacyKit;

    @BeforeAll
    static void start() {
        birdServer = FaultServer.builder(new BirdBackend(Secrets.BIRD_ACCESS_KEY)).start();
        bridgeServer = FaultServer.builder(new BridgeBackend(Secrets.BRIDGE_API_KEY, Secrets.BRIDGE_SIGNING_SECRET)).start();
        bird = Clients.bird(birdServer.baseUrl());
        connect = Clients.bridge(bridgeServer.baseUrl(), BridgeApiGeneration.CONNECT);
        legacy = Clients.bridge(bridgeServer.baseUrl(), BridgeApiGeneration.LEGACY);
        birdKit = ContactKit.builder().provider(bird).build();
        connectKit = ContactKit.builder().provider(connect).build();
        legacyKit = ContactKit.builder().provider(legacy).build();
    }

    @AfterAll
    static void stop() {
        assertEquals(0, Await.gauge(bird::activeConnections, 0, Duration.ofSeconds(5)));
        assertEquals(0, Await.gauge(connect::activeConnections, 0, Duration.ofSeconds(5)));
        assertEquals(0, Await.gauge(legacy::activeConnections, 0, Duration.ofSeconds(5)));
        bird.close();
        connect.close();
        legacy.close();
        birdServer.close();
        bridgeServer.close();
        FIGURES.forEach((k, v) -> Figures.record("hostile input", k + ": " + v));
    }

    // ---- paths ------------------------------------------------------------------------------------

    @Test
    void birdIdentifierValuesNeverChangeTheUpsertPath() {
        Hostile.Tally values = new Hostile.Tally();
        Counts counts = new Counts();
        qt().withFixedSeed(81L).withExamples(EXAMPLES).forAll(Hostile.text()).checkAssert(value -> explained(value, () -> {
            values.saw(value);
            Validation<Seq<Violation>, UpsertCommand> built = UpsertCommand.builder().identifier("crmId", value)
                    .set("firstName", "Ann").build(IdentifierPolicy.defaults());
            if (built.isInvalid()) {
                assertFalse(built.getError().isEmpty());
                counts.domainRejected++;
                return;
            }
            UpsertCommand command = built.get();
            Outcome o = run(birdServer, () -> birdKit.upsert(WS, command));
            check(o, counts, List.of("workspaces", WS, "contacts", "identifiers", "crmId", command.primaryIdentifier().get().value()));
        }));
        assertTrue(values.coversEveryKind(), "every kind of hostile value was tried: " + values.kinds());
        assertTrue(counts.sent > 0 && counts.localRejected + counts.domainRejected > 0, counts.toString());
        FIGURES.put("bird upsert identifier value (path)", values.tried() + " tried " + values.kinds() + "; " + counts);
    }

    @Test
    void birdContactIdsNeverChangeThePathOfGetUpdateOrDelete() {
        Hostile.Tally ids = new Hostile.Tally();
        Counts counts = new Counts();
        UpsertCommand change = Clients.command(b -> b.set("lastName", "Smith"));
        qt().withFixedSeed(82L).withExamples(EXAMPLES).forAll(Hostile.text()).checkAssert(id -> explained(id, () -> {
            ids.saw(id);
            List<String> expected = List.of("workspaces", WS, "contacts", id);
            check(run(birdServer, () -> birdKit.get(WS, id)), counts, expected);
            check(run(birdServer, () -> birdKit.update(WS, id, change)), counts, expected);
            check(run(birdServer, () -> birdKit.delete(WS, id)), counts, expected);
        }));
        assertTrue(ids.coversEveryKind(), ids.kinds().toString());
        assertTrue(counts.sent > 0 && counts.localRejected > 0, counts.toString());
        FIGURES.put("bird contact id (path of get, update, delete)", ids.tried() + " ids tried x 3 operations " + ids.kinds() + "; " + counts);
    }

    @Test
    void birdWorkspacesAndPageTokensNeverChangeTheListRequest() {
        Hostile.Tally tally = new Hostile.Tally();
        Counts counts = new Counts();
        qt().withFixedSeed(83L).withExamples(EXAMPLES).forAll(Hostile.text(), Hostile.text()).checkAssert((ws, token) -> explained(ws + " | " + token, () -> {
            tally.saw(ws);
            tally.saw(token);
            ListQuery query;
            try {
                query = ListQuery.builder().pageSize(10).pageToken(token).build();
            } catch (ValidationException e) {
                assertFalse(e.violations().isEmpty());
                counts.localRejected++;
                return;
            }
            Outcome o = run(birdServer, () -> birdKit.list(ws, query).take(1).collectList());
            check(o, counts, List.of("workspaces", ws, "contacts"));
            for (String target : o.targets) {
                Map<String, List<String>> params = RawPath.parameters(target.substring(target.indexOf(' ') + 1));
                assertEquals(Map.of("limit", List.of("10"), "pageToken", List.of(token)), params, "query of " + target);
            }
        }));
        assertTrue(tally.coversEveryKind(), tally.kinds().toString());
        FIGURES.put("bird workspace and page token (path and query of list)", tally.tried() + " values tried " + tally.kinds() + "; " + counts);
    }

    @Test
    void bridgeIdsAreCheckedOrEncodedAndStillSignedCorrectly() {
        Hostile.Tally ids = new Hostile.Tally();
        Counts connectCounts = new Counts();
        Counts legacyCounts = new Counts();
        UpsertCommand change = Clients.command(b -> b.set("lastName", "Smith"));
        qt().withFixedSeed(84L).withExamples(EXAMPLES).forAll(Hostile.text()).checkAssert(id -> explained(id, () -> {
            ids.saw(id);
            // the newer API types its ids as UUIDs: a hostile one never leaves the client
            Outcome get = run(bridgeServer, () -> connectKit.get(WS, id));
            check(get, connectCounts, null);
            Outcome ws = run(bridgeServer, () -> connectKit.list(id, ListQuery.all()).take(1).collectList());
            check(ws, connectCounts, null);
            // the older API's ids are opaque: encoded, and the signature covers the encoded path
            List<String> expected = List.of("v1", "workspaces", LEGACY_WS, "contacts", id);
            Outcome update = run(bridgeServer, () -> legacyKit.update(LEGACY_WS, id, change));
            check(update, legacyCounts, expected);
            Outcome delete = run(bridgeServer, () -> legacyKit.delete(LEGACY_WS, id));
            check(delete, legacyCounts, expected);
            for (Outcome o : List.of(update, delete)) {
                assertFalse(o.error instanceof io.contactkit.ports.AuthenticationException, "the signature verified for " + o.targets);
            }
        }));
        assertTrue(ids.coversEveryKind(), ids.kinds().toString());
        assertEquals(0, connectCounts.sent, "a hostile id never reaches Bridge's newer API");
        assertTrue(legacyCounts.sent > 0, legacyCounts.toString());
        FIGURES.put("bridge contact id and workspace (newer API: UUIDs only)", ids.tried() + " tried x 2 operations; " + connectCounts);
        FIGURES.put("bridge contact id (older API: update and delete, signed)", ids.tried() + " tried x 2 operations; " + legacyCounts);
    }

    // ---- values -----------------------------------------------------------------------------------

    @Test
    void invalidPhonesAndEmailsAreTypedErrorsAndValidOnesAreSentNormalized() {
        Counts counts = new Counts();
        long[] domain = new long[2];
        Gen<String> digits = strings().numeric().map(n -> n.replace("-", ""));
        Gen<String> phones = Generate.oneOf(digits.map(d -> "+1212" + d), digits.map(d -> "(212) " + d), digits,
                Hostile.text().map(h -> "+1212555" + h));
        Gen<String> local = strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(0, 12);
        Gen<String> emails = Generate.oneOf(local.zip(local, (a, b) -> a + "@" + b + ".com"), local.map(a -> a + "@example.com"),
                Hostile.text().map(h -> h + "@example.com"), Hostile.text());
        qt().withFixedSeed(85L).withExamples(EXAMPLES)
                .forAll(phones, emails, integers().between(0, 1))
                .checkAssert((phone, email, kind) -> explained(phone + " | " + email, () -> {
                    Validation<Seq<Violation>, UpsertCommand> built = (kind == 0
                            ? UpsertCommand.builder().identifier("phonenumber", phone)
                            : UpsertCommand.builder().identifier("emailaddress", email).identifier("phonenumber", "+12125550100"))
                            .build(IdentifierPolicy.defaults());
                    if (built.isInvalid()) {
                        assertFalse(built.getError().isEmpty());
                        domain[0]++;
                        return;
                    }
                    domain[1]++;
                    UpsertCommand command = built.get();
                    Outcome o = run(birdServer, () -> birdKit.upsert(WS, command));
                    check(o, counts, List.of("workspaces", WS, "contacts", "identifiers", command.primaryIdentifier().get().key(),
                            command.primaryIdentifier().get().value()));
                }));
        assertTrue(domain[0] > 0 && domain[1] > 0, "both invalid and valid values were generated: " + domain[0] + " " + domain[1]);
        FIGURES.put("phones and e-mail addresses", EXAMPLES + " tried: " + domain[0] + " rejected by the domain's validation (typed), "
                + domain[1] + " valid and sent normalized; " + counts);
    }

    @Test
    void oversizedAttributeMapsAreRejectedOrSentWhole() {
        Counts counts = new Counts();
        long[] domainRejected = new long[1];
        qt().withFixedSeed(86L).withExamples(40)
                .forAll(integers().between(1, 1_400), integers().between(1, 70_000))
                .checkAssert((attributes, valueLength) -> explained(attributes + " | " + valueLength, () -> {
                    UpsertCommand.Builder b = UpsertCommand.builder().identifier("emailaddress", "big@example.com");
                    String value = "v".repeat(valueLength);
                    for (int i = 0; i < attributes; i++) {
                        b.set("attribute" + i, AttributeValue.of(value));
                    }
                    Validation<Seq<Violation>, UpsertCommand> built = b.build(IdentifierPolicy.defaults());
                    if (built.isInvalid()) {
                        assertFalse(built.getError().isEmpty());
                        domainRejected[0]++;
                        return;
                    }
                    Outcome o = run(birdServer, () -> birdKit.upsert(WS, built.get()));
                    check(o, counts, List.of("workspaces", WS, "contacts", "identifiers", "emailaddress", "big@example.com"));
                }));
        assertTrue(domainRejected[0] > 0 && counts.localRejected > 0 && counts.sent > 0,
                "too many attributes or too long values rejected by the domain, too large a body by the transport, the rest sent: "
                        + domainRejected[0] + " " + counts);
        FIGURES.put("attribute maps (1-1,400 attributes of 1-70,000 characters)", "40 tried: " + domainRejected[0]
                + " rejected by the domain (more than 1,000 attributes or values over 65,535 characters); " + counts);
    }

    @Test
    void listIdsThatAreNotUuidsAreRejectedBeforeSending() {
        Hostile.Tally tally = new Hostile.Tally();
        Counts bird = new Counts();
        Counts bridge = new Counts();
        long[] domainRejected = new long[1];
        qt().withFixedSeed(87L).withExamples(EXAMPLES).forAll(Hostile.text()).checkAssert(listId -> explained(listId, () -> {
            tally.saw(listId);
            Validation<Seq<Violation>, UpsertCommand> built = UpsertCommand.builder().identifier("phonenumber", "+12125550100")
                    .addToList(listId).build(IdentifierPolicy.defaults());
            if (built.isInvalid()) {
                domainRejected[0]++;
                return;
            }
            Outcome o = run(birdServer, () -> birdKit.upsert(WS, built.get()));
            check(o, bird, null);
            check(run(bridgeServer, () -> connectKit.upsert(WS, built.get())), bridge, null);
        }));
        assertEquals(0, bird.sent + bridge.sent, "a list id that is not a UUID is never sent");
        FIGURES.put("list ids that are not UUIDs", tally.tried() + " tried: " + domainRejected[0] + " rejected by the domain; Bird " + bird
                + "; Bridge (no lists: unsupported) " + bridge);
    }

    @Test
    void outOfRangePagingIsATypedErrorAndSendsNothing() {
        Counts counts = new Counts();
        long[] queryRejected = new long[1];
        qt().withFixedSeed(88L).withExamples(EXAMPLES).forAll(integers().between(-10_000, 10_000).mix(integers().between(-2, 120), 50))
                .checkAssert(size -> explained(size, () -> {
                    ListQuery query;
                    try {
                        query = ListQuery.builder().pageSize(size).build();
                    } catch (ValidationException e) {
                        assertFalse(e.violations().isEmpty());
                        assertTrue(size < 1 || size > ListQuery.MAX_PAGE_SIZE);
                        queryRejected[0]++;
                        return;
                    }
                    Outcome b = run(birdServer, () -> birdKit.list(WS, query).take(1).collectList());
                    check(b, counts, size >= 1 && size <= 100 ? List.of("workspaces", WS, "contacts") : null);
                    Outcome l = run(bridgeServer, () -> legacyKit.list(LEGACY_WS, query).take(1).collectList());
                    check(l, counts, size >= 10 && size <= 100 ? List.of("v1", "workspaces", LEGACY_WS, "contacts") : null);
                }));
        assertTrue(queryRejected[0] > 0 && counts.localRejected > 0 && counts.sent > 0, counts.toString());
        FIGURES.put("page sizes (-10,000 to 10,000)", EXAMPLES + " tried: " + queryRejected[0] + " rejected by ListQuery (typed); "
                + "Bird (1-100) and Bridge legacy (10-100): " + counts);
    }

    @Test
    void aBulkSyncWithHostileInputsFailsOnlyThoseAndSendsNothingForThem() {
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        try (FaultServer server = FaultServer.builder(backend).start();
             BirdContactsClient client = Clients.bird(server.baseUrl());
             ContactKit kit = ContactKit.builder().provider(client).build()) {
            int n = 600;
            List<BulkResult<Integer>> results = kit.upsertAll(WS, Flux.range(0, n), i -> switch (i % 4) {
                case 0 -> BulkSyncFaultsTest.birdCommand(i);
                case 1 -> UpsertCommand.builder().identifier("emailaddress", "person" + i + "@example.com")
                        .addToList("not-a-uuid/" + i).build(IdentifierPolicy.defaults()).get();
                case 2 -> throw new IllegalStateException("unreadable input " + i);
                default -> null;
            }).collectList().block(Duration.ofMinutes(1));
            assertEquals(n, results.size());
            long ok = results.stream().filter(BulkResult::succeeded).count();
            assertEquals(n / 4, ok);
            results.stream().filter(BulkResult::failed).forEach(r -> {
                ProviderException e = java.util.Objects.requireNonNull(r.error());
                Secrets.scanThrowable("bulk hostile", e);
                assertInstanceOf(ValidationException.class, e, "input " + r.index());
            });
            // an idempotent upsert may be repeated when its answer came later than the response timeout: count logical requests
            assertEquals(n / 4, server.attempts().size(), "only the valid inputs were sent");
            assertEquals(n / 4, backend.contacts());
            FIGURES.put("bulk sync of 600 inputs, 3 in 4 hostile (invalid list id, a throwing or null mapping)",
                    ok + " created, " + (n - ok) + " failed with ValidationException, " + server.attempts().size() + " requests sent");
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private record Outcome(Object value, Throwable error, List<String> targets) {
    }

    private static final class Counts {
        long sent;
        long localRejected;
        long unsupported;
        long domainRejected;
        long providerErrors;

        @Override
        public String toString() {
            return (domainRejected > 0 ? "rejected by the domain's validation " + domainRejected + ", " : "")
                    + "sent with the exact path " + sent + " (answered with a typed error " + providerErrors + "), rejected locally before sending "
                    + localRejected + (unsupported > 0 ? ", unsupported " + unsupported : "") + ", untyped 0, wrong path 0";
        }
    }

    /** QuickTheories reports only the falsifying value: print why it failed too. */
    private static void explained(Object value, Runnable body) {
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            System.out.println("FALSIFIED by " + printable(String.valueOf(value)) + ": " + printable(String.valueOf(e)));
            throw e;
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s = java.util.regex.Pattern.compile("([xy])\\1{9,}").matcher(s).replaceAll(m -> m.group(1) + "{" + m.group().length() + "}");
        s.codePoints().limit(1500).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.toString();
    }

    private static Outcome run(FaultServer server, Supplier<Mono<?>> call) {
        server.recordTargets();
        try {
            Object v = call.get().block(Duration.ofSeconds(20));
            return new Outcome(v, null, server.targets());
        } catch (Throwable e) {
            return new Outcome(null, e, server.targets());
        }
    }

    /** Typed error or the exact request; {@code expected == null} means nothing may be sent. */
    private static void check(Outcome o, Counts counts, List<String> expected) {
        if (o.error != null) {
            ProviderException typed = assertInstanceOf(ProviderException.class, o.error, "a typed error, got " + o.error);
            Secrets.scanThrowable("hostile input", typed);
            if (typed instanceof ValidationException v && v.isLocal()) {
                assertFalse(v.violations().isEmpty(), "a local validation error lists its problems");
                assertEquals(List.of(), o.targets, "nothing sent after a local validation error");
                counts.localRejected++;
                return;
            }
            if (typed instanceof UnsupportedCapabilityException) {
                assertEquals(List.of(), o.targets, "nothing sent for an unsupported operation");
                counts.unsupported++;
                return;
            }
            counts.providerErrors++;
        }
        assertTrue(expected != null, "nothing may be sent here, but " + o.targets + " was (" + o.error + ")");
        assertFalse(o.targets.isEmpty(), "a request was sent");
        for (String t : o.targets) {
            String target = t.substring(t.indexOf(' ') + 1);
            assertEquals(expected, RawPath.segments(target), "the raw path " + target + " decodes to exactly the intended segments");
        }
        counts.sent++;
    }

    @SuppressWarnings("unused")
    private static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
