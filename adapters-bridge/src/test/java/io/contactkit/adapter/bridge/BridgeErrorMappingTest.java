package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.domain.Violation;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status and error body shape becomes the typed error of the ports, keeping Bridge's code and message, never the key. */
class BridgeErrorMappingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GET_PATH = CONTACTS + "/" + CONTACT_ID;
    private BridgeContactsClient client;

    @BeforeEach
    void setUp() {
        client = new BridgeContactsClient(Fixtures.connect(wm).retry(RetryPolicy.none()).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private ProviderException getFails(int status, String body) {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        ProviderException e = assertThrows(ProviderException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
        assertEquals(status, e.status());
        assertEquals("bridge", e.provider());
        assertFalse(e.getMessage().contains(Fixtures.API_KEY) || e.toString().contains(Fixtures.API_KEY));
        return e;
    }

    @Test
    void bridgeCodesWithTitleAndMessage() {
        ProviderException e = getFails(401, "{\"code\":\"BRIDGE_AUTH_0001\",\"title\":\"Unauthorized\",\"message\":\"invalid, expired or missing API key\"}");
        assertInstanceOf(AuthenticationException.class, e);
        assertEquals("BRIDGE_AUTH_0001", e.providerCode().orElseThrow());
        assertTrue(e.getMessage().contains("Unauthorized: invalid, expired or missing API key"), e.getMessage());
        assertInstanceOf(PermissionException.class, getFails(403, "{\"code\":\"BRIDGE_AUTH_0003\",\"message\":\"no access\"}"));
        NotFoundException nf = assertInstanceOf(NotFoundException.class, getFails(404, "{\"code\":\"BRIDGE_CONTACT_0404\",\"message\":\"contact not found\"}"));
        assertEquals("BRIDGE_CONTACT_0404", nf.providerCode().orElseThrow());
    }

    @Test
    void aConflictNamesTheContactsItsMessageNames() {
        ConflictException e = assertInstanceOf(ConflictException.class, getFails(409,
                "{\"code\":\"BRIDGE_CONTACT_0409\",\"message\":\"the cellphone already belongs to another contact: [" + CONTACT_ID + "]\"}"));
        assertEquals(List.of(CONTACT_ID), e.contactIds());
    }

    @Test
    void fastApiDetailListBecomesViolations() {
        ValidationException e = assertInstanceOf(ValidationException.class, getFails(422, """
                {"detail": [ {"loc": ["body", "cellphone"], "msg": "value is not a valid phone number", "type": "value_error"},
                             {"loc": ["body", "customAttributes", "openAttributes", 0, "content"], "msg": "str type expected", "type": "type_error.str"} ]}
                """));
        assertFalse(e.isLocal());
        assertEquals(List.of(Violation.of("cellphone", "value_error", "value is not a valid phone number"),
                Violation.of("customAttributes.openAttributes[0].content", "type_error.str", "str type expected")), e.violations());
    }

    @Test
    void fastApiDetailStringBecomesTheMessage() {
        ValidationException e = assertInstanceOf(ValidationException.class, getFails(422, "{\"detail\": \"Invalid workspace\"}"));
        assertTrue(e.getMessage().startsWith("Invalid workspace"), e.getMessage());
        assertInstanceOf(NotFoundException.class, getFails(404, "{\"detail\": \"Not Found\"}"));
        assertInstanceOf(ValidationException.class, getFails(400, "{\"detail\": {\"msg\": \"bad\", \"type\": \"x\"}}"));
    }

    @Test
    void rateLimitsCarryRetryAfter() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
    }

    @Test
    void emptyAndNonJsonBodiesStillGiveTheTypedErrorOfTheStatus() {
        assertInstanceOf(ServerException.class, getFails(500, ""));
        assertInstanceOf(ServerException.class, getFails(503, "<html>Service Unavailable</html>"));
        assertInstanceOf(AuthenticationException.class, getFails(401, "not json"));
        assertInstanceOf(ValidationException.class, getFails(422, "[1, 2"));
    }

    @Test
    void successesThatAreNotContactsAreMalformedResponses() {
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(200).withBody("<html/>")));
        TransportException notJson = assertThrows(TransportException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
        assertTrue(notJson.getMessage().contains("malformed"));
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(200)));
        assertThrows(TransportException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
        wm.stubFor(get(urlEqualTo(GET_PATH)).willReturn(aResponse().withStatus(200).withBody("{\"firstName\":\"no id\"}")));
        assertThrows(TransportException.class, () -> client.get(WS, CONTACT_ID).block(WAIT));
    }

    @Test
    void aSettingsFailureFailsTheUpsertAndIsNotCached() {
        wm.stubFor(get(urlEqualTo(Fixtures.SETTINGS)).willReturn(aResponse().withStatus(403).withBody("{\"detail\":\"Forbidden\"}")));
        var cmd = command(c -> c.identifier("phonenumber", "+14084029292").set("company", "Acme"));
        assertThrows(PermissionException.class, () -> client.upsert(WS, cmd).block(WAIT));
        assertThrows(PermissionException.class, () -> client.upsert(WS, cmd).block(WAIT));
        wm.verify(2, getRequestedFor(urlEqualTo(Fixtures.SETTINGS)));
        assertEquals(0, wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(CONTACTS + "/partial"))).size());
    }

    @Test
    void badCredentialsOnTheUpsertNeverEchoTheKey() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(401)
                .withBody("{\"detail\":\"Invalid API key\"}")));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292"))).block(WAIT));
        assertEquals("authentication", e.code());
        assertFalse(e.getMessage().contains(Fixtures.API_KEY));
    }
}
