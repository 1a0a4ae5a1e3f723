package io.contactkit.testsupport;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves BlockHound is installed for a module's tests: blocking on a non-blocking thread fails. A module
 * whose tests must run under BlockHound extends it once.
 */
public abstract class BlockHoundCheck {

    @Test
    protected void blockingOnAParallelThreadFails() {
        Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocking)
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}
