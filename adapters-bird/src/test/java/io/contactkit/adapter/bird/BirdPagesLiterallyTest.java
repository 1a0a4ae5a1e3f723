package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * What Bird's two pages say, taken literally: the upsert's one documented answer is 200 (creations
 * too), the credential is an access key or a Bearer token, {@code workspaceId} is a UUID, the create's
 * {@code listIds}/{@code accountIds} are 1-10 plain strings, and "other properties: any" can be sent.
 */
class BirdPagesLiterallyTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UPSERT = CONTACTS + "/identifiers/emailaddress/ann@example.com";
    private static final UpsertCommand ANN = command(c -> c.identifier("emailaddress", "ann@example.com").set("firstName", "Ann"));

    // ---- created or updated from a 200 -------------------------------------------------------

    @Test
    void a200ForAFreshContactHoldingOnlyWhatWasSentIsACreation() {
        Instant now = Instant.now();
        assertEquals(UpsertResult.Status.CREATED, upsert(200, answer(now, now, "", 1)));
        assertEquals(UpsertResult.Status.CREATED, upsert(200, answer(now.minusSeconds(50), now.minusSeconds(50),
                "\"timezone\": \"Europe/Amsterdam\", \"initialReference\": \"api\", \"lastName\": null,", 1)),
                "Bird's own attributes, null values and a clock up to the allowed skew behind are no evidence of an earlier contact");
    }

    @Test
    void anyMarkOfAnEarlierContactMakesA200AnUpdate() {
        Instant now = Instant.now();
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(now.minusSeconds(3600), now, "", 1)), "changed after its creation");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(now.minusSeconds(120), now.minusSeconds(120), "", 1)),
                "made before the request, beyond the allowed skew");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(now, now, "\"lastName\": \"Lee\",", 1)), "an attribute not sent");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(now, now, "", 2)), "more identifiers than were sent");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, """
                {"id": "%s", "featuredIdentifiers": [{"key": "emailaddress", "value": "ann@example.com"}], "attributes": {"firstName": "Ann"}}
                """.formatted(CONTACT_ID)), "no timestamps, no evidence of a creation");
    }

    @Test
    void a201IsAHintThatMakesLater200sUpdates() {
        Instant now = Instant.now();
        try (BirdContactsClient client = Fixtures.client(wm)) {
            stubUpsert(200, answer(now, now, "", 1));
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, ANN).block(WAIT).status(), "no 201 seen yet: judged by the answer");
            stubUpsert(201, answer(now.minusSeconds(3600), now, "\"lastName\": \"Lee\",", 1));
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, ANN).block(WAIT).status(), "a 201 is always a creation");
            stubUpsert(200, answer(now, now, "", 1));
            assertEquals(UpsertResult.Status.UPDATED, client.upsert(WS, ANN).block(WAIT).status(),
                    "this Bird answers creations with 201, so a 200 is an update");
        }
    }

    @Test
    void theAllowedSkewIsConfigurable() {
        Instant twoMinutesAgo = Instant.now().minusSeconds(120);
        stubUpsert(200, answer(twoMinutesAgo, twoMinutesAgo, "", 1));
        try (BirdContactsClient client = new BirdContactsClient(Fixtures.config(wm).maxClockSkew(Duration.ofMinutes(5)).build())) {
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, ANN).block(WAIT).status());
        }
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config(wm).maxClockSkew(Duration.ofSeconds(-1)).build());
    }

    @Test
    void withBirdsDateHeaderTheJudgementUsesBirdsOwnClock() {
        Instant birdNow = Instant.parse("2026-03-01T12:00:00Z");
        String date = "Sun, 01 Mar 2026 12:00:00 GMT";
        // this client's clock is hours away from Bird's: only Bird's Date says what "just now" is
        try (BirdContactsClient client = new BirdContactsClient(Fixtures.config(wm).clock(java.time.Clock.systemUTC()).build())) {
            stubUpsert(200, answer(birdNow.minusMillis(300), birdNow.minusMillis(300), "", 1), date);
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, ANN).block(WAIT).status(), "stamped as Bird answered");
            stubUpsert(200, answer(birdNow.minusSeconds(5), birdNow.minusSeconds(5), "", 1), date);
            assertEquals(UpsertResult.Status.UPDATED, client.upsert(WS, ANN).block(WAIT).status(),
                    "made seconds before Bird answered: an earlier contact, however small the client's skew allowance");
        }
    }

    // ---- credentials -------------------------------------------------------------------------

    @Test
    void anAccessKeyIsSentAsAccessKeyAndATokenAsBearer() {
        wm.stubFor(get(urlPathEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.contact())));
        try (BirdContactsClient key = Fixtures.client(wm)) {
            key.get(WS, CONTACT_ID).block(WAIT);
        }
        wm.verify(getRequestedFor(urlPathEqualTo(CONTACTS + "/" + CONTACT_ID)).withHeader("Authorization", equalTo("AccessKey " + Fixtures.ACCESS_KEY)));
        wm.resetRequests();
        BirdConfig tokenConfig = BirdProviderFactory.config(ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:" + wm.getPort())
                .secret("accessToken", Secret.of("user-token-1")).build());
        assertTrue(tokenConfig.accessKey() == null && tokenConfig.accessToken() != null);
        assertTrue(!tokenConfig.toString().contains("user-token-1"), tokenConfig.toString());
        try (BirdContactsClient token = new BirdContactsClient(tokenConfig)) {
            token.get(WS, CONTACT_ID).block(WAIT);
        }
        wm.verify(getRequestedFor(urlPathEqualTo(CONTACTS + "/" + CONTACT_ID)).withHeader("Authorization", equalTo("Bearer user-token-1")));
    }

    @Test
    void exactlyOneCredential() {
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().accessKey(Secret.of("k")).accessToken(Secret.of("t")).build());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> BirdProviderFactory.config(ProviderSettings.builder()
                .secret("accessKey", Secret.of("k-secret")).secret("accessToken", Secret.of("t-secret")).build()));
        assertTrue(!both.getMessage().contains("k-secret") && !both.getMessage().contains("t-secret"));
    }

    // ---- workspace ids -----------------------------------------------------------------------

    @Test
    void aWorkspaceThatIsNotAUuidIsALocalErrorAndNothingIsSent() {
        try (BirdContactsClient client = Fixtures.client(wm)) {
            for (Mono<?> call : List.of(client.upsert("ws-1", ANN), client.create("ws-1", ANN), client.get("ws-1", CONTACT_ID),
                    client.list("ws-1", ListQuery.all()).collectList(), client.delete("b4e02c85-c6d2-4b15-8885-e09671799c6", CONTACT_ID))) {
                ValidationException e = assertInstanceOf(ValidationException.class, error(call));
                assertTrue(e.isLocal());
                assertEquals(List.of("invalid_uuid"), e.violations().stream().map(Violation::code).toList());
            }
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- the path's identifierKey: 1-250 ---------------------------------------------------------

    @Test
    void aPathKeyOfUpTo250CharactersIsSentWhileTheDomainsKeysStopAt64() {
        String key = "k".repeat(250);
        String path = CONTACTS + "/identifiers/" + key + "/ann@example.com";
        Instant now = Instant.now();
        wm.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id": "%s", "createdAt": "%s", "updatedAt": "%s",
                         "featuredIdentifiers": [{"key": "%s", "value": "ann@example.com"}, {"key": "emailaddress", "value": "ann@example.com"}],
                         "attributes": {"firstName": "Ann"}, "identifierCount": 2}
                        """.formatted(CONTACT_ID, now, now, key))));
        try (BirdContactsClient client = Fixtures.client(wm)) {
            UpsertResult r = client.upsertByIdentifier(WS, key, "ann@example.com", ANN, BirdWriteOptions.none()).block(WAIT);
            assertEquals(UpsertResult.Status.CREATED, r.status(), "the long path identifier counts as sent");
            assertEquals(List.of(io.contactkit.domain.Identifier.of("emailaddress", "ann@example.com")), r.contact().identifiers(),
                    "a featured identifier the domain cannot hold is left out");
            wm.verify(patchRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson(
                    "{\"strategy\": \"strict_alias\", \"addIdentifiers\": [{\"key\": \"emailaddress\", \"value\": \"ann@example.com\"}]}",
                    true, true)));
            wm.resetRequests();
            for (String bad : List.of("", "k".repeat(251), "tab\tkey")) {
                ValidationException e = assertInstanceOf(ValidationException.class,
                        error(client.upsertByIdentifier(WS, bad, "ann@example.com", ANN, BirdWriteOptions.none())));
                assertEquals(List.of("identifierKey"), e.violations().stream().map(Violation::field).toList());
            }
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- the create's lists and accounts -------------------------------------------------------

    @Test
    void theCreateSendsListAndAccountIdsAsPlainStrings() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.contact())));
        try (BirdContactsClient client = Fixtures.client(wm)) {
            client.create(WS, command(c -> c.identifier("emailaddress", "ann@example.com").set("firstName", "Ann").addToList("newsletter")),
                    BirdWriteOptions.builder().accountIds(List.of("acct-7", "acct-8")).build()).block(WAIT);
        }
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(equalToJson(
                "{\"listIds\": [\"newsletter\"], \"accountIds\": [\"acct-7\", \"acct-8\"]}", true, true)));
    }

    @Test
    void anExplicitlyEmptyOrTooLongListOnACreateIsALocalError() {
        try (BirdContactsClient client = Fixtures.client(wm)) {
            List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "list-" + i).toList();
            ValidationException empty = assertInstanceOf(ValidationException.class,
                    error(client.create(WS, ANN, BirdWriteOptions.builder().listIds(List.of()).accountIds(eleven).build())));
            assertEquals(List.of("listIds:too_few", "accountIds:too_many"),
                    empty.violations().stream().map(v -> v.field() + ":" + v.code()).toList());
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- other properties ----------------------------------------------------------------------

    @Test
    void otherPropertiesAreSentAsGivenJson() {
        Instant now = Instant.now();
        stubUpsert(200, answer(now, now, "", 1));
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.contact())));
        BirdWriteOptions extra = BirdWriteOptions.builder().otherProperty("consent", "{\"marketing\": true}").otherProperty("origin", "\"crm\"").build();
        try (BirdContactsClient client = Fixtures.client(wm)) {
            client.upsert(WS, ANN, extra).block(WAIT);
            client.create(WS, ANN, extra).block(WAIT);
        }
        String expected = "{\"consent\": {\"marketing\": true}, \"origin\": \"crm\"}";
        wm.verify(patchRequestedFor(urlEqualTo(UPSERT)).withRequestBody(equalToJson(expected, true, true)));
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS)).withRequestBody(equalToJson(expected, true, true)));
    }

    @Test
    void otherPropertiesMustBeJsonAndNotAFieldContactkitWrites() {
        try (BirdContactsClient client = Fixtures.client(wm)) {
            BirdWriteOptions bad = BirdWriteOptions.builder().otherProperty("note", "not json").otherProperty("strategy", "\"first\"")
                    .otherProperty("pair", "1 2").build();
            ValidationException e = assertInstanceOf(ValidationException.class, error(client.upsert(WS, ANN, bad)));
            assertEquals(List.of("otherProperties.note:invalid_json", "otherProperties.strategy:modelled_field", "otherProperties.pair:invalid_json"),
                    e.violations().stream().map(v -> v.field() + ":" + v.code()).toList());
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private static Throwable error(Mono<?> call) {
        try {
            call.block(WAIT);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static void stubUpsert(int status, String body) {
        wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void stubUpsert(int status, String body, String date) {
        wm.stubFor(patch(urlEqualTo(UPSERT)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Date", date).withBody(body)));
    }

    private static UpsertResult.Status upsert(int status, String body) {
        stubUpsert(status, body);
        try (BirdContactsClient client = Fixtures.client(wm)) {
            return client.upsert(WS, ANN).block(WAIT).status();
        }
    }

    private static String answer(Instant created, Instant updated, String extraAttributes, int identifierCount) {
        return """
                {"id": "%s", "computedDisplayName": "Ann", "createdAt": "%s", "updatedAt": "%s", "workspaceId": "%s",
                 "featuredIdentifiers": [{"key": "emailaddress", "value": "ann@example.com"}],
                 "attributes": {%s "firstName": "Ann", "emailaddress": ["ann@example.com"]},
                 "identifierCount": %d, "listIds": [], "accountIds": []}
                """.formatted(CONTACT_ID, created, updated, WS, extraAttributes, identifierCount);
    }
}
