package io.contactkit.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Both simulators start and stop without blocking when asked reactively: on a non-blocking thread,
 * where BlockHound (active in this module's tests) would fail any blocking call. Nothing is bound
 * before subscription, and a stopped simulator no longer answers.
 */
class SimulatorLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * The JDK initializes its socket classes once per JVM, reading {@code net.properties} from disk:
     * class loading, not the simulators' work. Done here first, so BlockHound judges only the start
     * and the stop themselves.
     */
    @BeforeAll
    static void initializeTheJdksSocketClasses() throws ClassNotFoundException {
        Class.forName("java.net.SocketImpl", true, ClassLoader.getSystemClassLoader());
    }

    @Test
    void theBirdSimulatorStartsAndStopsWithoutBlocking() {
        AtomicInteger subscriptions = new AtomicInteger();
        Mono<BirdSimulator> later = BirdSimulator.builder().accessKey("k").startLater().doOnSubscribe(s -> subscriptions.incrementAndGet());
        assertEquals(0, subscriptions.get(), "nothing happens before subscription");
        BirdSimulator bird = later.subscribeOn(Schedulers.parallel()).block(WAIT);
        String url = bird.baseUrl() + "/workspaces/a1405560-c8d3-4b1a-877d-3f449ad95352/contacts";
        assertEquals(401, Http.send("GET", url, Map.of(), null).status(), "it serves");
        StepVerifier.create(bird.stopLater().subscribeOn(Schedulers.parallel())).verifyComplete();
        assertThrows(UncheckedIOException.class, () -> Http.send("GET", url, Map.of(), null), "it no longer listens");
    }

    @Test
    void theBridgeSimulatorStartsAndStopsWithoutBlocking() {
        BridgeSimulator bridge = BridgeSimulator.builder().apiKey("k").startLater().subscribeOn(Schedulers.parallel()).block(WAIT);
        String url = bridge.baseUrl() + "/bridge/api/health";
        assertEquals(200, Http.send("GET", url, Map.of("x-api-key", "k"), null).status());
        StepVerifier.create(bridge.stopLater().subscribeOn(Schedulers.parallel())).verifyComplete();
        assertThrows(UncheckedIOException.class, () -> Http.send("GET", url, Map.of(), null));
    }

    @Test
    void aMissingKeyFailsTheStartWhenSubscribed() {
        StepVerifier.create(BirdSimulator.builder().startLater()).expectError(IllegalStateException.class).verify(WAIT);
        StepVerifier.create(BridgeSimulator.builder().startLater()).expectError(IllegalStateException.class).verify(WAIT);
    }

    @Test
    void blockHoundWatchesThisModule() {
        StepVerifier.create(Mono.fromRunnable(() -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).subscribeOn(Schedulers.parallel()))
                .expectErrorMatches(e -> e.getClass().getName().contains("BlockingOperationError"))
                .verify(WAIT);
    }
}
