package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Created or updated when Bridge answers the upsert with 200, the one success it documents: only a
 * contact stamped created when its update was, no earlier than the request (less the allowed clock
 * skew), and holding nothing the request did not send, reads as created. 201 always reads as created.
 */
class BridgeCreatedOrUpdatedTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UpsertCommand MARIA = command(c -> c.identifier("phonenumber", "+14084029292").set("firstName", "Maria"));

    @Test
    void aFreshlyStampedContactHoldingOnlyWhatWasSentIsCreated() {
        assertEquals(UpsertResult.Status.CREATED, upsert(200, answer(Fixtures.NOW, Fixtures.NOW, "")));
        assertEquals(UpsertResult.Status.CREATED, upsert(200, answer(Fixtures.NOW.minusSeconds(50), Fixtures.NOW.minusSeconds(50), "")),
                "Bridge's clock may be behind by up to the allowed skew");
    }

    @Test
    void anyMarkOfAnEarlierContactReadsAsUpdated() {
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(Fixtures.NOW, Fixtures.NOW, "\"lastName\": \"Lopez\",")),
                "a name the request did not send was there before");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(Fixtures.NOW, Fixtures.NOW, "\"languageCode\": \"ES\",")));
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(Fixtures.NOW, Fixtures.NOW,
                "\"customAttributes\": [{\"key\": \"company\", \"values\": [\"Acme\"]}],")));
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(Fixtures.NOW.minusSeconds(3600), Fixtures.NOW, "")),
                "changed after its creation");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, answer(Fixtures.NOW.minusSeconds(120), Fixtures.NOW.minusSeconds(120), "")),
                "made before the request, beyond the allowed skew");
        assertEquals(UpsertResult.Status.UPDATED, upsert(200, """
                { "id": "%s", "type": "PARTIAL", "firstName": "Maria", "cellphone": "+14084029292" }""".formatted(CONTACT_ID)),
                "no timestamps, no evidence of a creation");
    }

    @Test
    void theAllowedSkewIsConfigurable() {
        String twoMinutesAgo = answer(Fixtures.NOW.minusSeconds(120), Fixtures.NOW.minusSeconds(120), "");
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).maxClockSkew(Duration.ofMinutes(5)).build())) {
            wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(twoMinutesAgo)));
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, MARIA).block(WAIT).status());
        }
    }

    @Test
    void onceBridgeHasAnsweredACreationWith201EveryLater200IsAnUpdate() {
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).build())) {
            String fresh = answer(Fixtures.NOW, Fixtures.NOW, "");
            wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(fresh)));
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, MARIA).block(WAIT).status(), "no 201 seen yet: judged by the answer");
            wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody(fresh)));
            assertEquals(UpsertResult.Status.CREATED, client.upsert(WS, MARIA).block(WAIT).status());
            wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(fresh)));
            assertEquals(UpsertResult.Status.UPDATED, client.upsert(WS, MARIA).block(WAIT).status(),
                    "Bridge answers creations with 201, so this 200 is an update even if it changed nothing");
        }
    }

    @Test
    void a201IsAlwaysCreated() {
        assertEquals(UpsertResult.Status.CREATED, upsert(201, answer(Fixtures.NOW.minusSeconds(3600), Fixtures.NOW, "\"lastName\": \"Lopez\",")));
    }

    private static UpsertResult.Status upsert(int status, String body) {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).build())) {
            return client.upsert(WS, MARIA).block(WAIT).status();
        }
    }

    private static String answer(Instant created, Instant updated, String extra) {
        return """
                { "id": "%s", "workspaceId": "%s", "type": "PARTIAL", "createdAt": "%s", "updatedAt": "%s",
                  %s "firstName": "Maria", "cellphone": "+14084029292", "email": null, "ownerId": null }
                """.formatted(CONTACT_ID, WS, created, updated, extra);
    }
}
