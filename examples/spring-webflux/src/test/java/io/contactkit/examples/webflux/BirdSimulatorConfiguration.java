package io.contactkit.examples.webflux;

import io.contactkit.simulator.BirdSimulator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Runs Bird's simulator next to the service: on {@code sample.simulator.port} for
 * {@link TestSampleApplication} (the {@code simulator} profile points {@code contactkit.bird.base-url}
 * at it), on a free port in the tests, which point the base URL at it with
 * {@link #birdSimulatorProperties}. The access key also comes from the profile, so the Bird client is
 * configured exactly as in production.
 */
@TestConfiguration(proxyBeanMethods = false)
public class BirdSimulatorConfiguration {

    @Bean(destroyMethod = "close")
    BirdSimulator birdSimulator(@Value("${contactkit.bird.access-key}") String accessKey, @Value("${sample.simulator.port:0}") int port) {
        return BirdSimulator.builder().accessKey(accessKey).port(port).start();
    }

    /** Honoured in test contexts (Spring's test support applies registrars); a no-op under {@link TestSampleApplication}. */
    @Bean
    DynamicPropertyRegistrar birdSimulatorProperties(BirdSimulator simulator) {
        return registry -> registry.add("contactkit.bird.base-url", simulator::baseUrl);
    }
}
