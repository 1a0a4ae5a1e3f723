package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * contactkit's settings under {@code contactkit.*}. A provider is configured only when its credential
 * is set ({@code contactkit.bird.access-key}, {@code contactkit.bridge.api-key}); every setting left
 * unset keeps the client builder's default. The PostgreSQL store's settings will sit next to these as
 * {@code contactkit.postgres.*}.
 */
@ConfigurationProperties("contactkit")
public class ContactKitProperties {

    /**
     * The provider the ContactKit bean uses: "bird", "bridge" or "memory" (in-process, contacts lost
     * on shutdown). Optional when exactly one provider is configured.
     */
    private String provider;

    /** The deadline of each facade operation, all retries included. Default 30s. */
    private Duration timeout;

    /** How many upserts upsertAll keeps in flight by default. Default 8. */
    private Integer concurrency;

    private final Bird bird = new Bird();

    private final Bridge bridge = new Bridge();

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Bird getBird() {
        return bird;
    }

    public Bridge getBridge() {
        return bridge;
    }

    /** Bird's Contacts API. */
    public static class Bird extends Provider {

        /** Bird access key, sent as "Authorization: AccessKey <key>". Setting it configures the Bird client. */
        private String accessKey;

        public String getAccessKey() {
            return accessKey;
        }

        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        /**
         * Bird access token issued to a user, sent as "Authorization: Bearer <token>". Setting it (instead
         * of the access key) configures the Bird client.
         */
        private String accessToken;

        public String getAccessToken() {
            return accessToken;
        }

        public void setAccessToken(String accessToken) {
            this.accessToken = accessToken;
        }
    }

    /** Bridge's Contacts API, either generation. */
    public static class Bridge extends Provider {

        /** Which API generation to call. Default connect (the newer Contacts API). */
        private BridgeApiGeneration api;

        /** Bridge API key. Setting it configures the Bridge client. */
        private String apiKey;

        /** HMAC signing secret; required by the legacy API, which signs every request. */
        private String signingSecret;

        /** How long a workspace's custom-attribute settings are reused; zero disables the cache. Default 5m. */
        private Duration attributeSettingsTtl;

        /** How far Bridge's clock may be behind this one when judging a 200 upsert answer. Default 1m. */
        private Duration maxClockSkew;

        public BridgeApiGeneration getApi() {
            return api;
        }

        public void setApi(BridgeApiGeneration api) {
            this.api = api;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getSigningSecret() {
            return signingSecret;
        }

        public void setSigningSecret(String signingSecret) {
            this.signingSecret = signingSecret;
        }

        public Duration getAttributeSettingsTtl() {
            return attributeSettingsTtl;
        }

        public void setAttributeSettingsTtl(Duration attributeSettingsTtl) {
            this.attributeSettingsTtl = attributeSettingsTtl;
        }

        public Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }
    }

    /** The transport settings both HTTP providers share; unset values keep the client's defaults. */
    public abstract static class Provider {

        /** Base URL of the API (default: the provider's public host). Plain http only for loopback hosts unless allow-insecure-http. */
        private String baseUrl;

        /** Allow plain http to hosts that are not loopback. */
        private boolean allowInsecureHttp;

        /** Connect timeout. Default 10s. */
        private Duration connectTimeout;

        /** How long one attempt waits for the response to start. Default 30s. */
        private Duration responseTimeout;

        /** How long one attempt may take from sending to the last byte. Default 60s. */
        private Duration attemptTimeout;

        /** The deadline of a whole call, retries included. Default 2m. */
        private Duration callTimeout;

        /** Maximum connections in the client's pool. Default 64. */
        private Integer maxConnections;

        /** Requests allowed to wait for a pooled connection. Default 1024. */
        private Integer pendingAcquireMaxCount;

        /** How long a request waits for a pooled connection before failing (nothing sent). Default 45s. */
        private Duration pendingAcquireTimeout;

        /** Idle time after which a pooled connection is closed; keep it below the provider's load balancer idle timeout. Default 20s. */
        private Duration maxIdleTime;

        /** Lifetime after which a pooled connection is closed. Default 5m. */
        private Duration maxLifeTime;

        /** How often idle and expired connections are closed in the background. Default 30s. */
        private Duration evictionInterval;

        /** Largest response body read. Default 4MB. */
        private DataSize maxResponseSize;

        /** Largest request body sent; a larger one fails locally with a validation error. Default 4MB. */
        private DataSize maxRequestSize;

        @NestedConfigurationProperty
        private final Retry retry = new Retry();

        @NestedConfigurationProperty
        private final Health health = new Health();

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        public void setAllowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getResponseTimeout() {
            return responseTimeout;
        }

        public void setResponseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
        }

        public Duration getAttemptTimeout() {
            return attemptTimeout;
        }

        public void setAttemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
        }

        public Duration getCallTimeout() {
            return callTimeout;
        }

        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        public Integer getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        public Integer getPendingAcquireMaxCount() {
            return pendingAcquireMaxCount;
        }

        public void setPendingAcquireMaxCount(Integer pendingAcquireMaxCount) {
            this.pendingAcquireMaxCount = pendingAcquireMaxCount;
        }

        public Duration getPendingAcquireTimeout() {
            return pendingAcquireTimeout;
        }

        public void setPendingAcquireTimeout(Duration pendingAcquireTimeout) {
            this.pendingAcquireTimeout = pendingAcquireTimeout;
        }

        public Duration getMaxIdleTime() {
            return maxIdleTime;
        }

        public void setMaxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        public Duration getMaxLifeTime() {
            return maxLifeTime;
        }

        public void setMaxLifeTime(Duration maxLifeTime) {
            this.maxLifeTime = maxLifeTime;
        }

        public Duration getEvictionInterval() {
            return evictionInterval;
        }

        public void setEvictionInterval(Duration evictionInterval) {
            this.evictionInterval = evictionInterval;
        }

        public DataSize getMaxResponseSize() {
            return maxResponseSize;
        }

        public void setMaxResponseSize(DataSize maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
        }

        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        public Retry getRetry() {
            return retry;
        }

        public Health getHealth() {
            return health;
        }
    }

    /** Transport-level retries of requests that are safe to repeat; unset values keep the defaults. */
    public static class Retry {

        /** Retries after the first attempt; 0 disables retries. Default 3. */
        private Integer maxRetries;

        /** Backoff before the first retry, doubled each time. Default 200ms. */
        private Duration firstBackoff;

        /** Longest backoff. Default 5s. */
        private Duration maxBackoff;

        /** Random share of each backoff, 0 to 1. Default 0.5. */
        private Double jitter;

        /** Longest Retry-After delay honoured; a longer one fails the call. Default 30s. */
        private Duration maxRetryAfter;

        public Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getFirstBackoff() {
            return firstBackoff;
        }

        public void setFirstBackoff(Duration firstBackoff) {
            this.firstBackoff = firstBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Double getJitter() {
            return jitter;
        }

        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }

        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }
    }

    /** The Actuator health check of a provider. */
    public static class Health {

        /**
         * Workspace whose first contact the health check lists. Without it, Bird (and Bridge's legacy
         * API) report UNKNOWN, since their APIs have no workspace-free endpoint; Bridge's newer API uses
         * its own health endpoint.
         */
        private String workspace;

        /** How long the health check waits for the provider. */
        private Duration timeout = Duration.ofSeconds(5);

        public String getWorkspace() {
            return workspace;
        }

        public void setWorkspace(String workspace) {
            this.workspace = workspace;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
