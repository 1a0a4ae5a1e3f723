package io.contactkit.adapter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** The builder and the factory hand the observation registry, a caller's client and the User-Agent suffix to the transport. */
class BridgeObservabilitySettingsTest {

    @Test
    void theBuilderForwardsObservabilityAndTransportChoices() {
        ObservationRegistry registry = ObservationRegistry.create();
        HttpClient client = HttpClient.create();
        BridgeConfig c = BridgeConfig.builder().apiKey(Secret.of("k")).observationRegistry(registry)
                .http(h -> h.httpClient(client).userAgentSuffix("acme/1")).build();
        assertSame(registry, c.http().observationRegistry());
        assertSame(client, c.http().httpClient());
        assertEquals("contactkit/0.1 acme/1", c.http().userAgent());
    }

    @Test
    void theFactoryTakesTheRegistryFromTheSettings() {
        ObservationRegistry registry = ObservationRegistry.create();
        ProviderSettings settings = ProviderSettings.builder().secret("apiKey", Secret.of("k")).build();
        assertSame(ObservationRegistry.NOOP, BridgeProviderFactory.config(settings).http().observationRegistry());
        assertSame(registry, BridgeProviderFactory.config(settings.withComponent(ObservationRegistry.class, registry)).http().observationRegistry());
    }
}
