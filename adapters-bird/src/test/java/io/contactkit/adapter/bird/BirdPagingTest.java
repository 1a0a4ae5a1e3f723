package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Lazy paging by {@code pageToken}: one page per demand, nothing after cancellation. */
class BirdPagingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(5);

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(wm);
        // three pages of two contacts; tokens with characters that need query encoding
        stubPage(CONTACTS + "?limit=2", List.of("c1", "c2"), "p2+/=");
        stubPage(CONTACTS + "?limit=2&pageToken=p2%2B%2F%3D", List.of("c3", "c4"), "p3");
        stubPage(CONTACTS + "?limit=2&pageToken=p3", List.of("c5", "c6"), null);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static void stubPage(String url, List<String> ids, String next) {
        List<String> items = new ArrayList<>();
        ids.forEach(id -> items.add(Fixtures.contactJson(id, id + "@example.com")));
        String token = next == null ? "" : ", \"nextPageToken\": \"" + next + "\"";
        wm.stubFor(get(urlEqualTo(url)).willReturn(okJson("{\"results\": [" + String.join(",", items) + "]" + token + "}")));
    }

    private static int pagesFetched() {
        return wm.findAll(getRequestedFor(urlPathMatching(".*/contacts"))).size();
    }

    @Test
    void requestingOneContactFetchesOnePage() {
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(2).build()).map(Contact::id), 0)
                .thenRequest(1)
                .expectNext("c1")
                .then(() -> assertEquals(1, pagesFetched()))
                .thenRequest(1)
                .expectNext("c2")
                .then(() -> assertEquals(1, pagesFetched()))
                .thenRequest(1)
                .expectNext("c3")
                .then(() -> assertEquals(2, pagesFetched()))
                .thenCancel()
                .verify(WAIT);
        assertEquals(2, pagesFetched());
    }

    @Test
    void everyPageInOrderUntilTheTokenRunsOut() {
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(2).build()).map(Contact::id))
                .expectNext("c1", "c2", "c3", "c4", "c5", "c6")
                .expectComplete()
                .verify(WAIT);
        assertEquals(3, pagesFetched());
    }

    @Test
    void cancellingStopsFurtherRequests() {
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(2).build()).map(Contact::id).take(3))
                .expectNext("c1", "c2", "c3")
                .expectComplete()
                .verify(WAIT);
        assertEquals(2, pagesFetched());
    }

    @Test
    void resumesFromAPageToken() {
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(2).pageToken("p3").build()).map(Contact::id))
                .expectNext("c5", "c6")
                .expectComplete()
                .verify(WAIT);
        assertEquals(1, pagesFetched());
    }

    @Test
    void aRepeatedTokenFailsInsteadOfLoopingForever() {
        stubPage(CONTACTS + "?limit=2&pageToken=p3", List.of("c5", "c6"), "p3");
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(2).pageToken("p3").build()).map(Contact::id))
                .expectNext("c5", "c6")
                .expectError(TransportException.class)
                .verify(WAIT);
    }

    @Test
    void anEmptyTokenEndsTheListing() {
        wm.stubFor(get(urlEqualTo(CONTACTS + "?limit=1")).willReturn(okJson("{\"results\": [], \"nextPageToken\": \"\"}")));
        StepVerifier.create(client.list(WS, ListQuery.builder().pageSize(1).build())).expectComplete().verify(WAIT);
    }
}
