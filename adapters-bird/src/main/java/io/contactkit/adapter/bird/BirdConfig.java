package io.contactkit.adapter.bird;

import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.adapter.http.RetrySettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * How to reach Bird's Contacts API: base URL, access key, timeouts, connection pool and retry policy.
 * Immutable; {@link #toString()} never shows the access key.
 *
 * <pre>{@code
 * BirdConfig config = BirdConfig.builder()
 *         .accessKey(Secret.of(System.getenv("BIRD_ACCESS_KEY")))
 *         .responseTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class BirdConfig {

    /** Bird's API host. */
    public static final String DEFAULT_BASE_URL = "https://api.bird.com";

    private final Secret accessKey;
    private final HttpSettings http;

    private BirdConfig(Secret accessKey, HttpSettings http) {
        this.accessKey = accessKey;
        this.http = http;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The credential sent as {@code Authorization: AccessKey <key>}. */
    public Secret accessKey() {
        return accessKey;
    }

    /** The transport settings (no credential). */
    public HttpSettings http() {
        return http;
    }

    public URI baseUrl() {
        return http.baseUrl();
    }

    @Override
    public String toString() {
        return "BirdConfig[accessKey=" + accessKey + ", " + http + "]";
    }

    /** Builds a {@link BirdConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private final HttpSettings.Builder http = HttpSettings.builder(DEFAULT_BASE_URL).poolName("bird");
        private Secret accessKey;

        private Builder() {
        }

        /** Required. */
        public Builder accessKey(Secret value) {
            this.accessKey = value;
            return this;
        }

        /** Default {@value #DEFAULT_BASE_URL}; plain {@code http} only for loopback hosts unless {@link #allowInsecureHttp(boolean)}. */
        public Builder baseUrl(String value) {
            http.baseUrl(value);
            return this;
        }

        public Builder allowInsecureHttp(boolean value) {
            http.allowInsecureHttp(value);
            return this;
        }

        /** Default 10 s. */
        public Builder connectTimeout(Duration value) {
            http.connectTimeout(value);
            return this;
        }

        /** How long one attempt waits for the response to start; default 30 s. */
        public Builder responseTimeout(Duration value) {
            http.responseTimeout(value);
            return this;
        }

        /** How long one attempt may take from sending to the last byte; default 60 s. */
        public Builder attemptTimeout(Duration value) {
            http.attemptTimeout(value);
            return this;
        }

        /** The deadline of a whole call, retries included; default 2 min. */
        public Builder callTimeout(Duration value) {
            http.callTimeout(value);
            return this;
        }

        /** Default 64. */
        public Builder maxConnections(int value) {
            http.maxConnections(value);
            return this;
        }

        /** Requests waiting for a connection; default 1024. */
        public Builder pendingAcquireMaxCount(int value) {
            http.pendingAcquireMaxCount(value);
            return this;
        }

        /** Default 45 s. */
        public Builder pendingAcquireTimeout(Duration value) {
            http.pendingAcquireTimeout(value);
            return this;
        }

        /** Keep it below the idle timeout of Bird's load balancers; default 20 s. */
        public Builder maxIdleTime(Duration value) {
            http.maxIdleTime(value);
            return this;
        }

        /** Default 5 min. */
        public Builder maxLifeTime(Duration value) {
            http.maxLifeTime(value);
            return this;
        }

        /** How often idle and expired connections are evicted in the background; default 30 s. */
        public Builder evictionInterval(Duration value) {
            http.evictionInterval(value);
            return this;
        }

        /** Default 4 MiB. */
        public Builder maxResponseBytes(long value) {
            http.maxResponseBytes(value);
            return this;
        }

        /** Default 4 MiB: a larger request body fails locally with a validation error, nothing sent. */
        public Builder maxRequestBytes(long value) {
            http.maxRequestBytes(value);
            return this;
        }

        /** Default {@link RetrySettings#DEFAULT}; {@link RetrySettings#NONE} disables retries. */
        public Builder retry(RetrySettings value) {
            http.retry(value);
            return this;
        }

        /** The clock for {@code Retry-After} dates. */
        public Builder clock(Clock value) {
            http.clock(value);
            return this;
        }

        /** Where one {@code contactkit.provider.requests} observation per request goes; default none (no-op). */
        public Builder observationRegistry(io.micrometer.observation.ObservationRegistry value) {
            http.observationRegistry(value);
            return this;
        }

        /**
         * Sets any transport setting directly, such as {@code observationConvention}, a caller's
         * {@code connectionProvider} or {@code httpClient}, or a {@code userAgentSuffix}.
         */
        public Builder http(java.util.function.Consumer<HttpSettings.Builder> customizer) {
            customizer.accept(http);
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting (never a credential) */
        public BirdConfig build() {
            if (accessKey == null) {
                throw new IllegalArgumentException("accessKey is required");
            }
            return new BirdConfig(accessKey, http.build());
        }
    }
}
