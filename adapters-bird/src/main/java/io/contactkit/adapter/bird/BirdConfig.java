package io.contactkit.adapter.bird;

import io.contactkit.adapter.http.HttpConfigBuilder;
import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
    public static final class Builder extends HttpConfigBuilder<Builder> {
        private Secret accessKey;
        private Secret accessToken;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;

        private Builder() {
            super(HttpSettings.builder(DEFAULT_BASE_URL).poolName("bird"));
        }

        @Override
        protected Builder self() {
            return this;
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
         * @param value default {@link #DEFAULT_MAX_CLOCK_SKEW}; zero to {@link HttpSettings#MAX_DURATION} (7 days); see {@link BirdConfig#maxClockSkew()}
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
            if (maxClockSkew == null || maxClockSkew.isNegative() || maxClockSkew.compareTo(HttpSettings.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("maxClockSkew must be zero or positive, at most 7 days (" + HttpSettings.MAX_DURATION + ")");
            }
            return new BirdConfig(accessKey, accessToken, maxClockSkew, http.build());
        }
    }
}
