package io.contactkit.adapter.bridge;

import io.contactkit.adapter.http.HttpConfigBuilder;
import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Bridge: API generation, base URL, API key, signing secret (the older API signs every
 * request), timeouts, connection pool, retry policy and how long a workspace's custom-attribute
 * settings are cached. Immutable; {@link #toString()} never shows the key or the secret.
 *
 * <pre>{@code
 * BridgeConfig connect = BridgeConfig.builder()
 *         .apiKey(Secret.of(System.getenv("BRIDGE_API_KEY")))
 *         .build();                                         // the newer Contacts API
 * BridgeConfig legacy = BridgeConfig.builder()
 *         .api(BridgeApiGeneration.LEGACY)
 *         .apiKey(Secret.of(System.getenv("BRIDGE_API_KEY")))
 *         .signingSecret(Secret.of(System.getenv("BRIDGE_SIGNING_SECRET")))
 *         .build();
 * }</pre>
 */
public final class BridgeConfig {

    /** How long custom-attribute settings are reused before they are fetched again, by default. */
    public static final Duration DEFAULT_SETTINGS_TTL = Duration.ofMinutes(5);
    /** How far Bridge's clock may be behind this client's, by default. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(1);

    private final BridgeApiGeneration api;
    private final Secret apiKey;
    private final Secret signingSecret;
    private final Duration attributeSettingsTtl;
    private final Duration maxClockSkew;
    private final boolean signQueryString;
    private final HttpSettings http;

    private BridgeConfig(Builder b, HttpSettings http) {
        this.api = b.api;
        this.apiKey = b.apiKey;
        this.signingSecret = b.signingSecret;
        this.attributeSettingsTtl = b.attributeSettingsTtl;
        this.maxClockSkew = b.maxClockSkew;
        this.signQueryString = b.signQueryString;
        this.http = http;
    }

    /** {@return a builder with the defaults: the newer API at its documented host} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return which of Bridge's two API generations the client speaks} */
    public BridgeApiGeneration api() {
        return api;
    }

    /** {@return the API key, sent as {@code x-api-key} (newer API) or {@code X-API-Key} (older API)} */
    public Secret apiKey() {
        return apiKey;
    }

    /** {@return the older API's HMAC signing secret; empty for the newer API} */
    public Optional<Secret> signingSecret() {
        return Optional.ofNullable(signingSecret);
    }

    /**
     * How long a workspace's custom-attribute settings are reused (for the 1,000 workspaces used most recently).
     *
     * @return the time settings are reused before they are fetched again; zero: fetched for every write
     */
    public Duration attributeSettingsTtl() {
        return attributeSettingsTtl;
    }

    /**
     * How far Bridge's clock may be behind this client's: an upsert answered with a plain 200 is only
     * judged created when Bridge stamped the contact's creation no earlier than the request was sent
     * minus this (see {@link BridgeContactsClient#upsert}).
     *
     * @return the largest clock difference tolerated
     */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /**
     * Whether the older API's signed {@code REQUEST_PATH} includes the query string ({@code ?page=2&limit=50}).
     * The page does not say; the default {@code false} signs the path alone.
     *
     * @return {@code true} when the signature covers the query string too
     */
    public boolean signQueryString() {
        return signQueryString;
    }

    /** {@return the transport settings (no credential)} */
    public HttpSettings http() {
        return http;
    }

    /** {@return the base URL requests go to: the one set, or the generation's documented host} */
    public URI baseUrl() {
        return http.baseUrl();
    }

    @Override
    public String toString() {
        return "BridgeConfig[api=" + api.settingName() + ", apiKey=" + apiKey + ", signingSecret="
                + (signingSecret == null ? "none" : signingSecret) + ", attributeSettingsTtl=" + attributeSettingsTtl + ", maxClockSkew=" + maxClockSkew + ", signQueryString=" + signQueryString + ", " + http + "]";
    }

    /**
     * Builds a {@link BridgeConfig}; {@link #build()} checks every value. Its {@link #clock(java.time.Clock) clock}
     * also stamps the older API's request signatures and times the custom-attribute settings cache.
     */
    public static final class Builder extends HttpConfigBuilder<Builder> {
        private BridgeApiGeneration api = BridgeApiGeneration.CONNECT;
        private String baseUrl;
        private Secret apiKey;
        private Secret signingSecret;
        private Duration attributeSettingsTtl = DEFAULT_SETTINGS_TTL;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private boolean signQueryString;

        private Builder() {
            super(HttpSettings.builder(null).poolName("bridge"));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Default {@link BridgeApiGeneration#CONNECT}.
         *
         * @param value the API generation to speak; default {@link BridgeApiGeneration#CONNECT}
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder api(BridgeApiGeneration value) {
            this.api = Objects.requireNonNull(value, "api");
            return this;
        }

        /**
         * Required.
         *
         * @param value the API key; required, {@link #build()} fails without it
         * @return this builder
         */
        public Builder apiKey(Secret value) {
            this.apiKey = value;
            return this;
        }

        /**
         * Required for {@link BridgeApiGeneration#LEGACY}, which signs every request with it.
         *
         * @param value the HMAC signing secret; {@code null} (the default) for the newer API, which signs nothing
         * @return this builder
         */
        public Builder signingSecret(@Nullable Secret value) {
            this.signingSecret = value;
            return this;
        }

        /**
         * Default: the generation's documented host; plain {@code http} only for loopback hosts unless
         * {@link #allowInsecureHttp(boolean)}.
         *
         * @param value the base URL; {@code null} (the default) uses the generation's documented host
         * @return this builder
         */
        public Builder baseUrl(@Nullable String value) {
            this.baseUrl = value;
            return this;
        }

        /**
         * How long a workspace's custom-attribute settings are reused; default 5 min, zero disables the cache.
         *
         * @param value zero to {@link HttpSettings#MAX_DURATION} (7 days); {@link #build()} fails on a negative, longer or missing one
         * @return this builder
         */
        public Builder attributeSettingsTtl(Duration value) {
            this.attributeSettingsTtl = value;
            return this;
        }

        /**
         * Default {@code false}: the older API's signature covers the path without its query; see {@link BridgeConfig#signQueryString()}.
         *
         * @param value {@code true} to sign the query string too
         * @return this builder
         */
        public Builder signQueryString(boolean value) {
            this.signQueryString = value;
            return this;
        }

        /**
         * How far Bridge's clock may be behind this one, when judging a 200 upsert answer; default 1 min;
         * see {@link BridgeConfig#maxClockSkew()}.
         *
         * @param value zero to {@link HttpSettings#MAX_DURATION} (7 days); {@link #build()} fails on a negative, longer or missing one
         * @return this builder
         */
        public Builder maxClockSkew(Duration value) {
            this.maxClockSkew = value;
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting (never a credential): a missing
         *         API key, a missing signing secret for the older API, a negative duration, a bad URL
         */
        public BridgeConfig build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("apiKey is required");
            }
            if (api == BridgeApiGeneration.LEGACY && signingSecret == null) {
                throw new IllegalArgumentException("signingSecret is required for the legacy API, which signs every request");
            }
            if (attributeSettingsTtl == null || attributeSettingsTtl.isNegative() || attributeSettingsTtl.compareTo(HttpSettings.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("attributeSettingsTtl must be zero or positive, at most 7 days (" + HttpSettings.MAX_DURATION + ")");
            }
            if (maxClockSkew == null || maxClockSkew.isNegative() || maxClockSkew.compareTo(HttpSettings.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("maxClockSkew must be zero or positive, at most 7 days (" + HttpSettings.MAX_DURATION + ")");
            }
            http.baseUrl(baseUrl == null ? api.defaultBaseUrl() : baseUrl);
            return new BridgeConfig(this, http.build());
        }
    }
}
