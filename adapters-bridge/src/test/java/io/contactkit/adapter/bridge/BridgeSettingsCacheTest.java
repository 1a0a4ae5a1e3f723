package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bridge.Fixtures.SETTINGS;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ServerException;
import io.contactkit.testsupport.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The custom-attribute settings are reused for {@code attributeSettingsTtl} by the configured clock
 * (not the scheduler's), fetched again after it, never kept when the fetch failed, and fetched on every
 * use when the time limit is zero.
 */
class BridgeSettingsCacheTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);


    @Test
    void settingsAreFetchedAgainOnceTheConfiguredClockPassesTheTimeLimit() {
        wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(okJson(Fixtures.settings("customAttributes"))));
        ManualClock clock = new ManualClock(Fixtures.NOW);
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).clock(clock)
                .attributeSettingsTtl(Duration.ofMinutes(5)).build())) {
            assertEquals(3, client.attributeSettings(WS).count().block(WAIT));
            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            assertEquals(3, client.attributeSettings(WS).count().block(WAIT));
            client.classificationRules(WS).block(WAIT);
            wm.verify(1, getRequestedFor(urlEqualTo(SETTINGS)));

            clock.advance(Duration.ofSeconds(1));
            assertEquals(3, client.attributeSettings(WS).count().block(WAIT));
            wm.verify(2, getRequestedFor(urlEqualTo(SETTINGS)));
            clock.advance(Duration.ofMinutes(1));
            client.attributeSettings(WS).count().block(WAIT);
            wm.verify(2, getRequestedFor(urlEqualTo(SETTINGS)));   // fresh again from the second fetch
        }
    }

    @Test
    void aFailedFetchIsNotKept() {
        wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(serverError()));
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).retry(RetryPolicy.none()).build())) {
            assertThrows(ServerException.class, () -> client.attributeSettings(WS).count().block(WAIT));
            wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(okJson(Fixtures.settings("customAttributes"))));
            assertEquals(3, client.attributeSettings(WS).count().block(WAIT));
            assertEquals(3, client.attributeSettings(WS).count().block(WAIT));
            wm.verify(2, getRequestedFor(urlEqualTo(SETTINGS)));
        }
    }

    @Test
    void aZeroTimeLimitFetchesEveryTime() {
        wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(okJson(Fixtures.settings("customAttributes"))));
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).attributeSettingsTtl(Duration.ZERO).build())) {
            client.attributeSettings(WS).count().block(WAIT);
            client.attributeSettings(WS).count().block(WAIT);
            wm.verify(2, getRequestedFor(urlEqualTo(SETTINGS)));
        }
    }
}
