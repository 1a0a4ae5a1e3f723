package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.LEGACY_WS;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.Contact;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Both list styles are lazy: one page per demand, nothing after cancellation, and they stop where Bridge says. */
class BridgePagingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private BridgeContactsClient connect;
    private BridgeContactsClient legacy;

    @BeforeEach
    void setUp() {
        connect = new BridgeContactsClient(Fixtures.connect(wm).build());
        legacy = new BridgeContactsClient(Fixtures.legacy(wm).build());
        // cursor style: three pages of two, cursors that need query encoding, a null cursor at the end
        stubCursor(CONTACTS + "?limit=2", List.of("c1", "c2"), "\"k2+/=\"");
        stubCursor(CONTACTS + "?limit=2&cursor=k2%2B%2F%3D", List.of("c3", "c4"), "\"k3\"");
        stubCursor(CONTACTS + "?limit=2&cursor=k3", List.of("c5", "c6"), "null");
        // page style: 25 contacts at 10 per page: pages 1-3, totalPages 3
        for (int page = 1; page <= 3; page++) {
            List<String> ids = new ArrayList<>();
            for (int i = (page - 1) * 10 + 1; i <= Math.min(25, page * 10); i++) {
                ids.add("contact_" + i);
            }
            stubPage(page, ids);
        }
    }

    @AfterEach
    void tearDown() {
        connect.close();
        legacy.close();
    }

    private static void stubCursor(String url, List<String> ids, String cursor) {
        List<String> items = new ArrayList<>();
        ids.forEach(id -> items.add(Fixtures.connectContact(id, "PARTIAL")));
        wm.stubFor(get(urlEqualTo(url)).willReturn(okJson("{\"contacts\": [" + String.join(",", items) + "], \"cursor\": " + cursor + "}")));
    }

    private static void stubPage(int page, List<String> ids) {
        List<String> items = new ArrayList<>();
        ids.forEach(id -> items.add(Fixtures.legacyContact(id)));
        wm.stubFor(get(urlEqualTo(LEGACY_CONTACTS + "?page=" + page + "&limit=10")).willReturn(okJson("{\"contacts\": ["
                + String.join(",", items) + "], \"pagination\": {\"page\": " + page + ", \"limit\": 10, \"total\": 25, \"totalPages\": 3}}")));
    }

    private static int fetched(String path) {
        return wm.findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    @Test
    void cursorStyleFetchesOnePagePerDemand() {
        StepVerifier.create(connect.list(WS, ListQuery.builder().pageSize(2).build()).map(Contact::id), 0)
                .thenRequest(1)
                .expectNext("c1")
                .then(() -> assertEquals(1, fetched(CONTACTS)))
                .thenRequest(1)
                .expectNext("c2")
                .then(() -> assertEquals(1, fetched(CONTACTS)))
                .thenRequest(1)
                .expectNext("c3")
                .then(() -> assertEquals(2, fetched(CONTACTS)))
                .thenCancel()
                .verify(WAIT);
        assertEquals(2, fetched(CONTACTS));
    }

    @Test
    void cursorStyleStopsAtTheNullCursorAndCancellingStopsIt() {
        StepVerifier.create(connect.list(WS, ListQuery.builder().pageSize(2).build()).map(Contact::id))
                .expectNext("c1", "c2", "c3", "c4", "c5", "c6").expectComplete().verify(WAIT);
        assertEquals(3, fetched(CONTACTS));
        wm.resetRequests();
        StepVerifier.create(connect.list(WS, ListQuery.builder().pageSize(2).build()).take(3)).expectNextCount(3).expectComplete().verify(WAIT);
        assertEquals(2, fetched(CONTACTS));
    }

    @Test
    void cursorStyleSendsFiltersAndResumesAtACursor() {
        stubCursor(CONTACTS + "?ownerEmail=jane%40acme.com&search=Maria%20Lopez&limit=2&cursor=k3", List.of("c5"), "null");
        StepVerifier.create(connect.list(WS, ListQuery.builder().owner("jane@acme.com").search("Maria Lopez").pageSize(2).pageToken("k3").build())
                        .map(Contact::id))
                .expectNext("c5").expectComplete().verify(WAIT);
        wm.verify(getRequestedFor(urlEqualTo(CONTACTS + "?ownerEmail=jane%40acme.com&search=Maria%20Lopez&limit=2&cursor=k3"))
                .withHeader("x-api-key", WireMock.equalTo(Fixtures.API_KEY)));
    }

    @Test
    void aRepeatedCursorFailsInsteadOfLoopingForever() {
        stubCursor(CONTACTS + "?limit=2&cursor=k3", List.of("c5", "c6"), "\"k3\"");
        StepVerifier.create(connect.list(WS, ListQuery.builder().pageSize(2).pageToken("k3").build()).map(Contact::id))
                .expectNext("c5", "c6").expectError(TransportException.class).verify(WAIT);
    }

    @Test
    void pageStyleFetchesOnePagePerDemandAndStopsAfterTotalPages() {
        StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.builder().pageSize(10).build()).map(Contact::id), 0)
                .thenRequest(1)
                .expectNext("contact_1")
                .then(() -> assertEquals(1, fetched(LEGACY_CONTACTS)))
                .thenRequest(9)
                .expectNextCount(9)
                .then(() -> assertEquals(1, fetched(LEGACY_CONTACTS)))
                .thenRequest(1)
                .expectNext("contact_11")
                .then(() -> assertEquals(2, fetched(LEGACY_CONTACTS)))
                .thenRequest(100)
                .expectNextCount(14)
                .expectComplete()
                .verify(WAIT);
        assertEquals(3, fetched(LEGACY_CONTACTS));
    }

    @Test
    void pageStyleCancellationAndResumingAtAPage() {
        StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.builder().pageSize(10).build()).take(11)).expectNextCount(11).expectComplete().verify(WAIT);
        assertEquals(2, fetched(LEGACY_CONTACTS));
        wm.resetRequests();
        StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.builder().pageSize(10).pageToken("3").build()).map(Contact::id))
                .expectNext("contact_21", "contact_22", "contact_23", "contact_24", "contact_25").expectComplete().verify(WAIT);
        assertEquals(1, fetched(LEGACY_CONTACTS));
    }

    @Test
    void aPageWithoutItsRequiredContactsOrPaginationIsMalformedNeverALastPage() {
        // the older list's page documents both contacts and pagination as required
        for (String page : List.of("{\"contacts\": [" + Fixtures.legacyContact("x1") + "]}",
                "{\"pagination\": {\"page\": 1, \"limit\": 20, \"total\": 0, \"totalPages\": 1}}",
                "{\"contacts\": null, \"pagination\": {\"totalPages\": 1}}", "{}")) {
            wm.stubFor(get(urlEqualTo(LEGACY_CONTACTS + "?page=1")).willReturn(okJson(page)));
            StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.all()).map(Contact::id))
                    .expectErrorSatisfies(e -> assertTrue(e instanceof TransportException && e.getMessage().contains("malformed response")
                            && e.getMessage().contains("required"), e.toString()))
                    .verify(WAIT);
        }
    }

    @Test
    void withPaginationButNoTotalPagesAShortPageIsTheLast() {
        wm.stubFor(get(urlEqualTo(LEGACY_CONTACTS + "?page=1")).willReturn(okJson("{\"contacts\": [" + Fixtures.legacyContact("x1")
                + "], \"pagination\": {\"page\": 1}}")));
        StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.all()).map(Contact::id)).expectNext("x1").expectComplete().verify(WAIT);
        assertEquals(1, fetched(LEGACY_CONTACTS));
    }

    @Test
    void theLegacyOwnerFilterIsAnEmailAddressCheckedLocally() {
        StepVerifier.create(legacy.list(LEGACY_WS, ListQuery.builder().owner("user_123").build()))
                .expectErrorSatisfies(e -> assertTrue(e instanceof io.contactkit.ports.ValidationException v && v.isLocal()
                        && v.violations().get(0).code().equals("invalid_owner_email"), e.toString()))
                .verify(WAIT);
        assertEquals(0, fetched(LEGACY_CONTACTS));
    }
}
