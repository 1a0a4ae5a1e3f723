package io.contactkit.adapter.bird;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.contactkit.adapter.http.observation.DefaultContactKitObservationConvention;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

/** The builder and the factory hand the observation registry, a caller's pool and the User-Agent suffix to the transport. */
class BirdObservabilitySettingsTest {

    @Test
    void theBuilderForwardsObservabilityAndTransportChoices() {
        ObservationRegistry registry = ObservationRegistry.create();
        DefaultContactKitObservationConvention convention = new DefaultContactKitObservationConvention();
        ConnectionProvider pool = ConnectionProvider.create("callers", 2);
        try {
            BirdConfig c = BirdConfig.builder().accessKey(Secret.of("k")).observationRegistry(registry)
                    .http(h -> h.observationConvention(convention).connectionProvider(pool).userAgentSuffix("acme/1")).build();
            assertSame(registry, c.http().observationRegistry());
            assertSame(convention, c.http().observationConvention());
            assertSame(pool, c.http().connectionProvider());
            assertEquals("contactkit/0.1 acme/1", c.http().userAgent());
            try (BirdContactsClient client = new BirdContactsClient(c)) {
                assertEquals("bird", client.id());
            }
        } finally {
            pool.dispose();
        }
    }

    @Test
    void theFactoryTakesTheRegistryFromTheSettings() {
        ObservationRegistry registry = ObservationRegistry.create();
        ProviderSettings settings = ProviderSettings.builder().secret("accessKey", Secret.of("k")).build();
        assertSame(ObservationRegistry.NOOP, BirdProviderFactory.config(settings).http().observationRegistry());
        assertSame(registry, BirdProviderFactory.config(settings.withComponent(ObservationRegistry.class, registry)).http().observationRegistry());
    }
}
