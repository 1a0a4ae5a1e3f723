package io.contactkit.adapter.bird;

import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How to reach Bird's Contacts API: base URL, credential, timeouts, connection pool and retry policy.
 * Immutable; {@link #toString()} never shows the credential.
 *
 * <p>The credential is either an access key, sent as {@code Authorization: AccessKey <key>} (Bird's
 * worked examples), or an access token issued to a user, sent as {@code Authorization: Bearer <token>}
 * (the upsert page's request panel): exactly one of {@link Builder#accessKey} and
 * {@link Builder#accessToken}.
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

    /** How far Bird's clock may be behind when judging whether an upsert answered 200 created the contact. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(1);

    private final Secret accessKey;
    private final Secret accessToken;
    private final Duration maxClockSkew;
    private final HttpSettings http;

    private BirdConfig(Secret accessKey, Secret accessToken, Duration maxClockSkew, HttpSettings http) {
        this.accessKey = accessKey;
        this.accessToken = accessToken;
        this.maxClockSkew = maxClockSkew;
        this.http = http;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The credential sent as {@code Authorization: AccessKey <key>}; {@code null} when an access token is configured.
     *
     * @return the access key, or {@code null}
     */
    public @Nullable Secret accessKey() {
        return accessKey;
    }

    /**
     * The credential sent as {@code Authorization: Bearer <token>}; {@code null} when an access key is configured.
     *
     * @return the access token, or {@code null}
     */
    public @Nullable Secret accessToken() {
        return accessToken;
    }

    /**
     * How far Bird's clock may be behind this one: an identifier upsert answered 200 reads as created
     * only for a contact stamped created no earlier than the request was sent less this much.
     *
     * @return the largest clock difference tolerated
     */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /** {@return the transport settings (no credential)} */
    public HttpSettings http() {
        return http;
    }

    /** {@return the base URL of Bird's API} */
    public URI baseUrl() {
        return http.baseUrl();
    }

    @Override
    public String toString() {
        return "BirdConfig[" + (accessKey != null ? "accessKey=" + accessKey : "accessToken=" + accessToken)
                + ", maxClockSkew=" + maxClockSkew + ", " + http + "]";
    }

    /** Builds a {@link BirdConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private final HttpSettings.Builder http = HttpSettings.builder(DEFAULT_BASE_URL).poolName("bird");
        private Secret accessKey;
        private Secret accessToken;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;

        private Builder() {
        }

        /**
         * Sent as {@code Authorization: AccessKey <key>}; this or {@link #accessToken}, not both.
         *
         * @param value sent as {@code Authorization: AccessKey <key>}; this or {@link #accessToken}, not both
         * @return this builder
         */
        public Builder accessKey(Secret value) {
            this.accessKey = value;
            return this;
        }

        /**
         * Sent as {@code Authorization: Bearer <token>}; this or {@link #accessKey}, not both.
         *
         * @param value sent as {@code Authorization: Bearer <token>}; this or {@link #accessKey}, not both
         * @return this builder
         */
        public Builder accessToken(Secret value) {
            this.accessToken = value;
            return this;
        }

        /**
         * Default {@link #DEFAULT_MAX_CLOCK_SKEW}; see {@link BirdConfig#maxClockSkew()}.
         *
         * @param value default {@link #DEFAULT_MAX_CLOCK_SKEW}; see {@link BirdConfig#maxClockSkew()}
         * @return this builder
         */
        public Builder maxClockSkew(Duration value) {
            this.maxClockSkew = value;
            return this;
        }

        /**
         * Default {@value #DEFAULT_BASE_URL}; plain {@code http} only for loopback hosts unless {@link #allowInsecureHttp(boolean)}.
         *
         * @param value default {@value #DEFAULT_BASE_URL}; plain {@code http} only for loopback hosts unless {@link #allowInsecureHttp(boolean)}
         * @return this builder
         */
        public Builder baseUrl(String value) {
            http.baseUrl(value);
            return this;
        }

        /**
         * Allows plain {@code http} to hosts that are not loopback. Off by default.
         *
         * @param value true to allow it
         * @return this builder
         */
        public Builder allowInsecureHttp(boolean value) {
            http.allowInsecureHttp(value);
            return this;
        }

        /**
         * Sets transport settings on the underlying {@link HttpSettings.Builder} directly (event loops,
         * {@code observationConvention}, a caller's {@code connectionProvider} or {@code httpClient}, a
         * {@code userAgentSuffix}, many settings at once as a framework integration does); the base URL
         * is set with {@link #baseUrl(String)}.
         *
         * @param settings changes the HTTP settings
         * @return this builder
         */
        public Builder http(Consumer<HttpSettings.Builder> settings) {
            settings.accept(http);
            return this;
        }

        /**
         * Event loops owned by the application, which the client runs on and never disposes; default Reactor Netty's global ones.
         *
         * @param value event loops owned by the application, which the client runs on and never disposes; default Reactor Netty's global ones
         * @return this builder
         */
        public Builder loopResources(LoopResources value) {
            http.loopResources(value);
            return this;
        }

        /**
         * Default 10 s.
         *
         * @param value default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            http.connectTimeout(value);
            return this;
        }

        /**
         * How long one attempt waits for the response to start; default 30 s.
         *
         * @param value how long one attempt waits for the response to start; default 30 s
         * @return this builder
         */
        public Builder responseTimeout(Duration value) {
            http.responseTimeout(value);
            return this;
        }

        /**
         * How long one attempt may take from sending to the last byte; default 60 s.
         *
         * @param value how long one attempt may take from sending to the last byte; default 60 s
         * @return this builder
         */
        public Builder attemptTimeout(Duration value) {
            http.attemptTimeout(value);
            return this;
        }

        /**
         * The deadline of a whole call, retries included; default 2 min.
         *
         * @param value the deadline of a whole call, retries included; default 2 min
         * @return this builder
         */
        public Builder callTimeout(Duration value) {
            http.callTimeout(value);
            return this;
        }

        /**
         * Default 64.
         *
         * @param value default 64
         * @return this builder
         */
        public Builder maxConnections(int value) {
            http.maxConnections(value);
            return this;
        }

        /**
         * Requests waiting for a connection; default 1024.
         *
         * @param value requests waiting for a connection; default 1024
         * @return this builder
         */
        public Builder pendingAcquireMaxCount(int value) {
            http.pendingAcquireMaxCount(value);
            return this;
        }

        /**
         * Default 45 s.
         *
         * @param value default 45 s
         * @return this builder
         */
        public Builder pendingAcquireTimeout(Duration value) {
            http.pendingAcquireTimeout(value);
            return this;
        }

        /**
         * Keep it below the idle timeout of Bird's load balancers; default 20 s.
         *
         * @param value keep it below the idle timeout of Bird's load balancers; default 20 s
         * @return this builder
         */
        public Builder maxIdleTime(Duration value) {
            http.maxIdleTime(value);
            return this;
        }

        /**
         * Default 5 min.
         *
         * @param value default 5 min
         * @return this builder
         */
        public Builder maxLifeTime(Duration value) {
            http.maxLifeTime(value);
            return this;
        }

        /**
         * How often idle and expired connections are evicted in the background; default 30 s.
         *
         * @param value how often idle and expired connections are evicted in the background; default 30 s
         * @return this builder
         */
        public Builder evictionInterval(Duration value) {
            http.evictionInterval(value);
            return this;
        }

        /**
         * Default 4 MiB.
         *
         * @param value default 4 MiB
         * @return this builder
         */
        public Builder maxResponseBytes(long value) {
            http.maxResponseBytes(value);
            return this;
        }

        /**
         * Default 4 MiB: a larger request body fails locally with a validation error, nothing sent.
         *
         * @param value default 4 MiB: a larger request body fails locally with a validation error, nothing sent
         * @return this builder
         */
        public Builder maxRequestBytes(long value) {
            http.maxRequestBytes(value);
            return this;
        }

        /**
         * How requests that are safe to repeat are retried.
         *
         * @param value default {@link HttpSettings#DEFAULT_RETRY}; {@link RetryPolicy#none()} disables retries
         * @return this builder
         */
        public Builder retry(RetryPolicy value) {
            http.retry(value);
            return this;
        }

        /**
         * The clock for {@code Retry-After} dates.
         *
         * @param value the clock for {@code Retry-After} dates
         * @return this builder
         */
        public Builder clock(Clock value) {
            http.clock(value);
            return this;
        }

        /**
         * Where one {@code contactkit.provider.requests} observation per request goes; default none (no-op).
         *
         * @param value where one {@code contactkit.provider.requests} observation per request goes; default none (no-op)
         * @return this builder
         */
        public Builder observationRegistry(io.micrometer.observation.ObservationRegistry value) {
            http.observationRegistry(value);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting (never a credential)
         *
         * @return the configuration
         */
        public BirdConfig build() {
            if (accessKey == null && accessToken == null) {
                throw new IllegalArgumentException("a credential is required: accessKey or accessToken");
            }
            if (accessKey != null && accessToken != null) {
                throw new IllegalArgumentException("give accessKey or accessToken, not both");
            }
            if (maxClockSkew == null || maxClockSkew.isNegative()) {
                throw new IllegalArgumentException("maxClockSkew must be zero or positive");
            }
            return new BirdConfig(accessKey, accessToken, maxClockSkew, http.build());
        }
    }
}
