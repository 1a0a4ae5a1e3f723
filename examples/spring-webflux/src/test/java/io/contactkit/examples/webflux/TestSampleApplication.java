package io.contactkit.examples.webflux;

import org.springframework.boot.SpringApplication;

/**
 * The service against a local Bird simulator, for trying it out:
 * {@code mvn -pl examples/spring-webflux -am spring-boot:test-run} (see the README).
 */
public class TestSampleApplication {

    public static void main(String[] args) {
        SpringApplication.from(SampleApplication::main)
                .with(BirdSimulatorConfiguration.class)
                .withAdditionalProfiles("simulator")
                .run(args);
    }
}
