package io.contactkit.samples;

import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import io.contactkit.simulator.CustomAttribute;
import java.time.Duration;
import reactor.core.publisher.Mono;

public final class SimulatorsInTests {

    public static void main(String[] args) {
        try (BirdSimulator bird = BirdSimulator.builder().accessKey("test-key")
                .workspace("0b7e2f1c-8d54-4c1a-9b1e-3f5a6c7d8e90").start()) {    // serves only this workspace
            System.out.println("bird " + bird.baseUrl());                          // http://127.0.0.1:<port>
        }
        try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey("k").signingSecret("s")
                .customAttribute(CustomAttribute.open("company").required()).start()) {
            System.out.println("bridge " + bridge.baseUrl());                      // serves /bridge/api/v1/... and the signed /v1/...
        }

        // start() and close() block until the port is bound or released, which suits tests;
        // reactive code starts and stops a simulator without blocking:
        Mono<BirdSimulator> later = BirdSimulator.builder().accessKey("test-key").startLater();   // binds when subscribed
        later.flatMap(sim -> Mono.fromRunnable(() -> System.out.println("started " + sim.baseUrl()))
                        .then(sim.stopLater()))                                    // stopLater(): Mono<Void>
             .block(Duration.ofSeconds(30));
    }
}
