package io.contactkit.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The health of one provider: UP when a cheap request (the probe) succeeds within the timeout, DOWN
 * with the typed error otherwise, UNKNOWN when the provider offers nothing to probe with the settings
 * given. Details name the provider and its base URL, never a credential.
 */
public final class ProviderHealthIndicator implements ReactiveHealthIndicator {

    private final Map<String, Object> details;
    private final Supplier<Mono<?>> probe;
    private final String unknownReason;
    private final Duration timeout;

    private ProviderHealthIndicator(Map<String, Object> details, Supplier<Mono<?>> probe, String unknownReason, Duration timeout) {
        this.details = Map.copyOf(details);
        this.probe = probe;
        this.unknownReason = unknownReason;
        this.timeout = timeout;
    }

    /**
     * Probes with the given request, which must complete (with or without a value) for UP.
     *
     * @param details shown with every answer: the provider and its base URL, never a credential
     * @param probe   makes the cheap request, anew for each health check
     * @param timeout how long a check waits for the probe before reporting DOWN
     * @return the indicator
     */
    public static ProviderHealthIndicator probing(Map<String, Object> details, Supplier<Mono<?>> probe, Duration timeout) {
        return new ProviderHealthIndicator(details, probe, null, timeout);
    }

    /**
     * Reports UNKNOWN with the reason: nothing can be probed.
     *
     * @param details shown with every answer: the provider and its base URL, never a credential
     * @param reason  why nothing can be probed, shown as the {@code reason} detail
     * @return the indicator
     */
    public static ProviderHealthIndicator unknown(Map<String, Object> details, String reason) {
        return new ProviderHealthIndicator(details, null, reason, Duration.ZERO);
    }

    @Override
    public Mono<Health> health() {
        if (probe == null) {
            return Mono.just(Health.unknown().withDetails(details).withDetail("reason", unknownReason).build());
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.defer(probe)
                    .then(Mono.fromSupplier(() -> Health.up().withDetails(details)
                            .withDetail("elapsedMs", Duration.ofNanos(System.nanoTime() - start).toMillis()).build()))
                    .timeout(timeout, Mono.error(() -> new TimeoutException("no answer within " + timeout)))
                    .onErrorResume(e -> Mono.just(Health.down(e).withDetails(details).build()));
        });
    }
}
