package io.contactkit.adapter.bridge;

import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.netty.resources.LoopResources;

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

    public static Builder builder() {
        return new Builder();
    }

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

    /** How long a workspace's custom-attribute settings are reused (for the 1,000 workspaces used most recently). */
    public Duration attributeSettingsTtl() {
        return attributeSettingsTtl;
    }

    /**
     * How far Bridge's clock may be behind this client's: an upsert answered with a plain 200 is only
     * judged created when Bridge stamped the contact's creation no earlier than the request was sent
     * minus this (see {@link BridgeContactsClient#upsert}).
     */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /**
     * Whether the older API's signed {@code REQUEST_PATH} includes the query string ({@code ?page=2&limit=50}).
     * The page does not say; the default {@code false} signs the path alone.
     */
    public boolean signQueryString() {
        return signQueryString;
    }

    /** {@return the transport settings (no credential)} */
    public HttpSettings http() {
        return http;
    }

    public URI baseUrl() {
        return http.baseUrl();
    }

    @Override
    public String toString() {
        return "BridgeConfig[api=" + api.settingName() + ", apiKey=" + apiKey + ", signingSecret="
                + (signingSecret == null ? "none" : signingSecret) + ", attributeSettingsTtl=" + attributeSettingsTtl + ", maxClockSkew=" + maxClockSkew + ", signQueryString=" + signQueryString + ", " + http + "]";
    }

    /** Builds a {@link BridgeConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private final HttpSettings.Builder http = HttpSettings.builder(null).poolName("bridge");
        private BridgeApiGeneration api = BridgeApiGeneration.CONNECT;
        private String baseUrl;
        private Secret apiKey;
        private Secret signingSecret;
        private Duration attributeSettingsTtl = DEFAULT_SETTINGS_TTL;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private boolean signQueryString;

        private Builder() {
        }

        /** Default {@link BridgeApiGeneration#CONNECT}. */
        public Builder api(BridgeApiGeneration value) {
            this.api = Objects.requireNonNull(value, "api");
            return this;
        }

        /** Required. */
        public Builder apiKey(Secret value) {
            this.apiKey = value;
            return this;
        }

        /** Required for {@link BridgeApiGeneration#LEGACY}, which signs every request with it. */
        public Builder signingSecret(Secret value) {
            this.signingSecret = value;
            return this;
        }

        /**
         * Default: the generation's documented host; plain {@code http} only for loopback hosts unless
         * {@link #allowInsecureHttp(boolean)}.
         */
        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        public Builder allowInsecureHttp(boolean value) {
            http.allowInsecureHttp(value);
            return this;
        }

        /**
         * Sets transport settings on the underlying {@link HttpSettings.Builder} directly (event loops,
         * {@code observationConvention}, a caller's {@code connectionProvider} or {@code httpClient}, a
         * {@code userAgentSuffix}, many settings at once as a framework integration does); the base URL
         * is set with {@link #baseUrl(String)}.
         */
        public Builder http(Consumer<HttpSettings.Builder> settings) {
            settings.accept(http);
            return this;
        }

        /** Event loops owned by the application, which the client runs on and never disposes; default Reactor Netty's global ones. */
        public Builder loopResources(LoopResources value) {
            http.loopResources(value);
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

        /** How long a request waits for a pooled connection before failing (nothing sent); default 45 s. */
        public Builder pendingAcquireTimeout(Duration value) {
            http.pendingAcquireTimeout(value);
            return this;
        }

        /** Keep it below the idle timeout of Bridge's load balancers; default 20 s. */
        public Builder maxIdleTime(Duration value) {
            http.maxIdleTime(value);
            return this;
        }

        /** Default 5 min. */
        public Builder maxLifeTime(Duration value) {
            http.maxLifeTime(value);
            return this;
        }

        /** How often idle and expired connections are closed in the background; default 30 s. */
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

        /** Default {@link HttpSettings#DEFAULT_RETRY}; {@link RetryPolicy#none()} disables retries. */
        public Builder retry(RetryPolicy value) {
            http.retry(value);
            return this;
        }

        /** The clock for request-signing timestamps, {@code Retry-After} dates and archived settings. */
        public Builder clock(Clock value) {
            http.clock(value);
            return this;
        }

        /** How long a workspace's custom-attribute settings are reused; default 5 min, zero disables the cache. */
        public Builder attributeSettingsTtl(Duration value) {
            this.attributeSettingsTtl = value;
            return this;
        }

        /** How far Bridge's clock may be behind this one, when judging a 200 upsert answer; default 1 min. */
        /** Default {@code false}: the older API's signature covers the path without its query; see {@link BridgeConfig#signQueryString()}. */
        public Builder signQueryString(boolean value) {
            this.signQueryString = value;
            return this;
        }

        public Builder maxClockSkew(Duration value) {
            this.maxClockSkew = value;
            return this;
        }

        /** Where one {@code contactkit.provider.requests} observation per request goes; default none (no-op). */
        public Builder observationRegistry(io.micrometer.observation.ObservationRegistry value) {
            http.observationRegistry(value);
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting (never a credential) */
        public BridgeConfig build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("apiKey is required");
            }
            if (api == BridgeApiGeneration.LEGACY && signingSecret == null) {
                throw new IllegalArgumentException("signingSecret is required for the legacy API, which signs every request");
            }
            if (attributeSettingsTtl == null || attributeSettingsTtl.isNegative()) {
                throw new IllegalArgumentException("attributeSettingsTtl must be zero or positive");
            }
            if (maxClockSkew == null || maxClockSkew.isNegative()) {
                throw new IllegalArgumentException("maxClockSkew must be zero or positive");
            }
            http.baseUrl(baseUrl == null ? api.defaultBaseUrl() : baseUrl);
            return new BridgeConfig(this, http.build());
        }
    }
}
