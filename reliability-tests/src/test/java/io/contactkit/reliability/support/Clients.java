package io.contactkit.reliability.support;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The clients the suite drives, configured as a user would for a flaky network, only faster: a short
 * response timeout (stalls are detected in a fraction of a second), quick backoffs, three retries, a
 * pool of {@value #POOL} connections. Every one of them is scanned for secrets in its {@code toString()}.
 */
public final class Clients {

    public static final int POOL = 16;
    public static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(500);
    public static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(40), 0.5, Duration.ofSeconds(2));

    private Clients() {
    }

    public static BirdConfig.Builder birdConfig(String baseUrl) {
        return BirdConfig.builder()
                .baseUrl(baseUrl)
                .accessKey(Secret.of(Secrets.BIRD_ACCESS_KEY))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(RESPONSE_TIMEOUT)
                .attemptTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(20))
                .maxConnections(POOL)
                .retry(FAST_RETRY);
    }

    public static BirdContactsClient bird(String baseUrl) {
        return scanned(new BirdContactsClient(scanned(birdConfig(baseUrl).build())));
    }

    public static BridgeConfig.Builder bridgeConfig(String baseUrl, BridgeApiGeneration api) {
        BridgeConfig.Builder b = BridgeConfig.builder()
                .api(api)
                .baseUrl(baseUrl)
                .apiKey(Secret.of(Secrets.BRIDGE_API_KEY))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(RESPONSE_TIMEOUT)
                .attemptTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(20))
                .maxConnections(POOL)
                .retry(FAST_RETRY);
        if (api == BridgeApiGeneration.LEGACY) {
            b.signingSecret(Secret.of(Secrets.BRIDGE_SIGNING_SECRET));
        }
        return b;
    }

    public static BridgeContactsClient bridge(String baseUrl, BridgeApiGeneration api) {
        return scanned(new BridgeContactsClient(scanned(bridgeConfig(baseUrl, api).build())));
    }

    /** A command that must be valid. */
    public static UpsertCommand command(Consumer<UpsertCommand.Builder> spec) {
        UpsertCommand.Builder b = UpsertCommand.builder();
        spec.accept(b);
        var built = b.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalArgumentException(built.getError().mkString("; "));
        }
        return scanned(built.get());
    }

    /** A distinct valid US cellphone per index (New York, 212-2xx-xxxx). */
    public static String phone(int i) {
        return "+1212" + (2_000_000 + i);
    }

    public static <T> T scanned(T o) {
        Secrets.scanObject(o.getClass().getSimpleName(), o);
        return o;
    }
}
