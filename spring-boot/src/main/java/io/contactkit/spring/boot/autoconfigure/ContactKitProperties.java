package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * contactkit's settings under {@code contactkit.*}. A provider is configured only when its credential
 * is set ({@code contactkit.bird.access-key}, {@code contactkit.bridge.api-key}); every setting left
 * unset keeps the client builder's default. The PostgreSQL store is configured when
 * {@code contactkit.postgres.url} is set and {@code contactkit-adapter-postgres} is on the class path.
 */
@ConfigurationProperties("contactkit")
public class ContactKitProperties {

    /**
     * The provider the ContactKit bean uses: "bird", "bridge", "postgres" or "memory" (in-process,
     * contacts lost on shutdown). Optional when exactly one provider is configured.
     */
    private String provider;

    /** The deadline of each facade operation, all retries included. Default 30s. */
    private Duration timeout;

    /** How many upserts upsertAll keeps in flight by default. Default 8. */
    private Integer concurrency;

    private final Bird bird = new Bird();

    private final Bridge bridge = new Bridge();

    private final Postgres postgres = new Postgres();

    /** {@return the provider the ContactKit bean uses ({@code bird}, {@code bridge}, {@code postgres} or {@code memory}); {@code null} when unset (the only provider configured is used)} */
    public @Nullable String getProvider() {
        return provider;
    }

    /**
     * Sets the provider the ContactKit bean uses ({@code bird}, {@code bridge}, {@code postgres} or {@code memory}).
     *
     * @param provider the provider the ContactKit bean uses ({@code bird}, {@code bridge}, {@code postgres} or {@code memory}); {@code null} leaves it unset (the only provider configured is used)
     */
    public void setProvider(@Nullable String provider) {
        this.provider = provider;
    }

    /** {@return the deadline of each facade operation, all retries included; {@code null} when unset (the facade's default)} */
    public @Nullable Duration getTimeout() {
        return timeout;
    }

    /**
     * Sets the deadline of each facade operation, all retries included.
     *
     * @param timeout the deadline of each facade operation, all retries included; {@code null} leaves it unset (the facade's default)
     */
    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    /** {@return how many upserts {@code upsertAll} keeps in flight by default; {@code null} when unset (the facade's default)} */
    public @Nullable Integer getConcurrency() {
        return concurrency;
    }

    /**
     * Sets how many upserts {@code upsertAll} keeps in flight by default.
     *
     * @param concurrency how many upserts {@code upsertAll} keeps in flight by default; {@code null} leaves it unset (the facade's default)
     */
    public void setConcurrency(@Nullable Integer concurrency) {
        this.concurrency = concurrency;
    }

    /** {@return Bird's settings} */
    public Bird getBird() {
        return bird;
    }

    /** {@return Bridge's settings} */
    public Bridge getBridge() {
        return bridge;
    }

    /** {@return the PostgreSQL store's settings} */
    public Postgres getPostgres() {
        return postgres;
    }

    /** The durable identity store on PostgreSQL ({@code contactkit-adapter-postgres} on the class path). */
    public static class Postgres {

        /**
         * The database, as postgresql://user:password@host:port/database (or r2dbc:postgresql://...). Setting it
         * configures the store. Kept secret: it may hold the password.
         */
        private String url;

        /** The schema holding the store's tables. Default contactkit. */
        private String schema;

        /** Whether pending schema migrations are applied on first use. Default true. */
        private Boolean migrate;

        /** Connections the pool opens at start. Default 2. */
        private Integer poolInitialSize;

        /** The most connections the pool holds. Default 16. */
        private Integer poolMaxSize;

        /** The longest a statement may run. Default 30s. */
        private Duration statementTimeout;

        /** The longest a statement waits for a lock. Default 10s. */
        private Duration lockTimeout;

        /** The longest a connection takes to open. Default 10s. */
        private Duration connectTimeout;

        /** Times a transaction that lost a race (serialization failure, deadlock) is tried again. Default 20. */
        private Integer maxRetries;

        /** How long the health check waits for the database to answer; must be positive. Default 5s. */
        private Duration healthTimeout = Duration.ofSeconds(5);

        /**
         * The identity rules every command the store decides obeys: a rules file read as the command line's --rules reads
         * one (JSON, or YAML when the name ends in .yaml or .yml; keys such as email, Phone Number or id:crm name those
         * identifier keys), such as classpath:contactkit-rules.yaml. Every instance that writes a workspace must use the
         * same rules. Default none.
         */
        private @Nullable Resource rules;

        /** {@return the database's URL; {@code null} when unset (the store is not configured)} */
        public @Nullable String getUrl() {
            return url;
        }

        /**
         * Sets the database's URL.
         *
         * @param url postgresql://user:password@host:port/database; {@code null} leaves the store unconfigured
         */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /** {@return the schema holding the store's tables; {@code null} when unset (contactkit)} */
        public @Nullable String getSchema() {
            return schema;
        }

        /**
         * Sets the schema holding the store's tables.
         *
         * @param schema the schema; {@code null} leaves the default
         */
        public void setSchema(@Nullable String schema) {
            this.schema = schema;
        }

        /** {@return whether pending migrations are applied on first use; {@code null} when unset (true)} */
        public @Nullable Boolean getMigrate() {
            return migrate;
        }

        /**
         * Sets whether pending migrations are applied on first use.
         *
         * @param migrate true to apply them; {@code null} leaves the default
         */
        public void setMigrate(@Nullable Boolean migrate) {
            this.migrate = migrate;
        }

        /** {@return the connections the pool opens at start; {@code null} when unset} */
        public @Nullable Integer getPoolInitialSize() {
            return poolInitialSize;
        }

        /**
         * Sets the connections the pool opens at start.
         *
         * @param poolInitialSize how many; {@code null} leaves the default
         */
        public void setPoolInitialSize(@Nullable Integer poolInitialSize) {
            this.poolInitialSize = poolInitialSize;
        }

        /** {@return the most connections the pool holds; {@code null} when unset} */
        public @Nullable Integer getPoolMaxSize() {
            return poolMaxSize;
        }

        /**
         * Sets the most connections the pool holds.
         *
         * @param poolMaxSize how many; {@code null} leaves the default
         */
        public void setPoolMaxSize(@Nullable Integer poolMaxSize) {
            this.poolMaxSize = poolMaxSize;
        }

        /** {@return the longest a statement may run; {@code null} when unset} */
        public @Nullable Duration getStatementTimeout() {
            return statementTimeout;
        }

        /**
         * Sets the longest a statement may run.
         *
         * @param statementTimeout the time; {@code null} leaves the default
         */
        public void setStatementTimeout(@Nullable Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }

        /** {@return the longest a statement waits for a lock; {@code null} when unset} */
        public @Nullable Duration getLockTimeout() {
            return lockTimeout;
        }

        /**
         * Sets the longest a statement waits for a lock.
         *
         * @param lockTimeout the time; {@code null} leaves the default
         */
        public void setLockTimeout(@Nullable Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        /** {@return the longest a connection takes to open; {@code null} when unset} */
        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets the longest a connection takes to open.
         *
         * @param connectTimeout the time; {@code null} leaves the default
         */
        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** {@return the times a transaction that lost a race is tried again; {@code null} when unset} */
        public @Nullable Integer getMaxRetries() {
            return maxRetries;
        }

        /**
         * Sets the times a transaction that lost a race is tried again.
         *
         * @param maxRetries how many; {@code null} leaves the default
         */
        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        /** {@return the identity rules' file; {@code null} when unset (no rules)} */
        public @Nullable Resource getRules() {
            return rules;
        }

        /**
         * Sets the identity rules' file.
         *
         * @param rules a JSON or YAML rules file; {@code null} for no rules
         */
        public void setRules(@Nullable Resource rules) {
            this.rules = rules;
        }

        /** {@return how long the health check waits for the database to answer} */
        public Duration getHealthTimeout() {
            return healthTimeout;
        }

        /**
         * Sets how long the health check waits for the database to answer.
         *
         * @param healthTimeout the time
         */
        public void setHealthTimeout(Duration healthTimeout) {
            this.healthTimeout = healthTimeout;
        }

        @Override
        public String toString() {
            return "Postgres[url=" + (url == null ? "unset" : "(secret)") + ", schema=" + schema + (rules == null ? "" : ", rules=" + rules.getDescription()) + "]";
        }
    }

    /** Bird's Contacts API. */
    public static class Bird extends Provider {

        /** Bird access key, sent as "Authorization: AccessKey <key>". Setting it configures the Bird client. */
        private String accessKey;

        /** {@return Bird's access key; {@code null} when unset (no access key)} */
        public @Nullable String getAccessKey() {
            return accessKey;
        }

        /**
         * Sets Bird's access key.
         *
         * @param accessKey Bird's access key; {@code null} leaves it unset (no access key)
         */
        public void setAccessKey(@Nullable String accessKey) {
            this.accessKey = accessKey;
        }

        /**
         * Bird access token issued to a user, sent as "Authorization: Bearer <token>". Setting it (instead
         * of the access key) configures the Bird client.
         */
        private String accessToken;

        /** {@return Bird's access token issued to a user; {@code null} when unset (no access token)} */
        public @Nullable String getAccessToken() {
            return accessToken;
        }

        /**
         * Sets Bird's access token issued to a user.
         *
         * @param accessToken Bird's access token issued to a user; {@code null} leaves it unset (no access token)
         */
        public void setAccessToken(@Nullable String accessToken) {
            this.accessToken = accessToken;
        }
    }

    /** Bridge's Contacts API, either generation. */
    public static class Bridge extends Provider {

        /** Which API generation to call. Default connect (the newer Contacts API). */
        private BridgeApiGeneration api;

        /** Bridge API key. Setting it configures the Bridge client. */
        private String apiKey;

        /** HMAC signing secret; required by the legacy API, which signs every request. A blank value counts as unset. */
        private String signingSecret;

        /** How long a workspace's custom-attribute settings are reused; zero disables the cache. Default 5m. */
        private Duration attributeSettingsTtl;

        /** How far Bridge's clock may be behind this one when judging a 200 upsert answer. Default 1m. */
        private Duration maxClockSkew;

        /** {@return which Bridge API generation to call; {@code null} when unset (the client's default)} */
        public @Nullable BridgeApiGeneration getApi() {
            return api;
        }

        /**
         * Sets which Bridge API generation to call.
         *
         * @param api which Bridge API generation to call; {@code null} leaves it unset (the client's default)
         */
        public void setApi(@Nullable BridgeApiGeneration api) {
            this.api = api;
        }

        /** {@return Bridge's API key; {@code null} when unset (Bridge is not configured)} */
        public @Nullable String getApiKey() {
            return apiKey;
        }

        /**
         * Sets Bridge's API key.
         *
         * @param apiKey Bridge's API key; {@code null} leaves it unset (Bridge is not configured)
         */
        public void setApiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        /** {@return the legacy API's HMAC signing secret; {@code null} when unset (none)} */
        public @Nullable String getSigningSecret() {
            return signingSecret;
        }

        /**
         * Sets the legacy API's HMAC signing secret.
         *
         * @param signingSecret the legacy API's HMAC signing secret; {@code null} leaves it unset (none)
         */
        public void setSigningSecret(@Nullable String signingSecret) {
            this.signingSecret = signingSecret;
        }

        /** {@return how long a workspace's custom-attribute settings are reused; {@code null} when unset (the client's default)} */
        public @Nullable Duration getAttributeSettingsTtl() {
            return attributeSettingsTtl;
        }

        /**
         * Sets how long a workspace's custom-attribute settings are reused.
         *
         * @param attributeSettingsTtl how long a workspace's custom-attribute settings are reused; {@code null} leaves it unset (the client's default)
         */
        public void setAttributeSettingsTtl(@Nullable Duration attributeSettingsTtl) {
            this.attributeSettingsTtl = attributeSettingsTtl;
        }

        /** {@return how far Bridge's clock may be behind this one; {@code null} when unset (the client's default)} */
        public @Nullable Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        /**
         * Sets how far Bridge's clock may be behind this one.
         *
         * @param maxClockSkew how far Bridge's clock may be behind this one; {@code null} leaves it unset (the client's default)
         */
        public void setMaxClockSkew(@Nullable Duration maxClockSkew) {
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

        /** {@return the base URL of the provider's API; {@code null} when unset (the provider's public host)} */
        public @Nullable String getBaseUrl() {
            return baseUrl;
        }

        /**
         * Sets the base URL of the provider's API.
         *
         * @param baseUrl the base URL of the provider's API; {@code null} leaves it unset (the provider's public host)
         */
        public void setBaseUrl(@Nullable String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** {@return whether plain http is allowed to hosts that are not loopback} */
        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        /**
         * Sets whether plain http is allowed to hosts that are not loopback.
         *
         * @param allowInsecureHttp whether plain http is allowed to hosts that are not loopback
         */
        public void setAllowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
        }

        /** {@return the connect timeout; {@code null} when unset (the client's default)} */
        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout the connect timeout; {@code null} leaves it unset (the client's default)
         */
        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** {@return how long one attempt waits for the response to start; {@code null} when unset (the client's default)} */
        public @Nullable Duration getResponseTimeout() {
            return responseTimeout;
        }

        /**
         * Sets how long one attempt waits for the response to start.
         *
         * @param responseTimeout how long one attempt waits for the response to start; {@code null} leaves it unset (the client's default)
         */
        public void setResponseTimeout(@Nullable Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
        }

        /** {@return how long one attempt may take from sending to the last byte; {@code null} when unset (the client's default)} */
        public @Nullable Duration getAttemptTimeout() {
            return attemptTimeout;
        }

        /**
         * Sets how long one attempt may take from sending to the last byte.
         *
         * @param attemptTimeout how long one attempt may take from sending to the last byte; {@code null} leaves it unset (the client's default)
         */
        public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
        }

        /** {@return the deadline of a whole call, retries included; {@code null} when unset (the client's default)} */
        public @Nullable Duration getCallTimeout() {
            return callTimeout;
        }

        /**
         * Sets the deadline of a whole call, retries included.
         *
         * @param callTimeout the deadline of a whole call, retries included; {@code null} leaves it unset (the client's default)
         */
        public void setCallTimeout(@Nullable Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        /** {@return the most connections in the client's pool; {@code null} when unset (the client's default)} */
        public @Nullable Integer getMaxConnections() {
            return maxConnections;
        }

        /**
         * Sets the most connections in the client's pool.
         *
         * @param maxConnections the most connections in the client's pool; {@code null} leaves it unset (the client's default)
         */
        public void setMaxConnections(@Nullable Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** {@return how many requests may wait for a pooled connection; {@code null} when unset (the client's default)} */
        public @Nullable Integer getPendingAcquireMaxCount() {
            return pendingAcquireMaxCount;
        }

        /**
         * Sets how many requests may wait for a pooled connection.
         *
         * @param pendingAcquireMaxCount how many requests may wait for a pooled connection; {@code null} leaves it unset (the client's default)
         */
        public void setPendingAcquireMaxCount(@Nullable Integer pendingAcquireMaxCount) {
            this.pendingAcquireMaxCount = pendingAcquireMaxCount;
        }

        /** {@return how long a request waits for a pooled connection; {@code null} when unset (the client's default)} */
        public @Nullable Duration getPendingAcquireTimeout() {
            return pendingAcquireTimeout;
        }

        /**
         * Sets how long a request waits for a pooled connection.
         *
         * @param pendingAcquireTimeout how long a request waits for a pooled connection; {@code null} leaves it unset (the client's default)
         */
        public void setPendingAcquireTimeout(@Nullable Duration pendingAcquireTimeout) {
            this.pendingAcquireTimeout = pendingAcquireTimeout;
        }

        /** {@return the idle time after which a pooled connection is closed; {@code null} when unset (the client's default)} */
        public @Nullable Duration getMaxIdleTime() {
            return maxIdleTime;
        }

        /**
         * Sets the idle time after which a pooled connection is closed.
         *
         * @param maxIdleTime the idle time after which a pooled connection is closed; {@code null} leaves it unset (the client's default)
         */
        public void setMaxIdleTime(@Nullable Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        /** {@return the lifetime after which a pooled connection is closed; {@code null} when unset (the client's default)} */
        public @Nullable Duration getMaxLifeTime() {
            return maxLifeTime;
        }

        /**
         * Sets the lifetime after which a pooled connection is closed.
         *
         * @param maxLifeTime the lifetime after which a pooled connection is closed; {@code null} leaves it unset (the client's default)
         */
        public void setMaxLifeTime(@Nullable Duration maxLifeTime) {
            this.maxLifeTime = maxLifeTime;
        }

        /** {@return how often idle and expired connections are closed in the background; {@code null} when unset (the client's default)} */
        public @Nullable Duration getEvictionInterval() {
            return evictionInterval;
        }

        /**
         * Sets how often idle and expired connections are closed in the background.
         *
         * @param evictionInterval how often idle and expired connections are closed in the background; {@code null} leaves it unset (the client's default)
         */
        public void setEvictionInterval(@Nullable Duration evictionInterval) {
            this.evictionInterval = evictionInterval;
        }

        /** {@return the largest response body read; {@code null} when unset (the client's default)} */
        public @Nullable DataSize getMaxResponseSize() {
            return maxResponseSize;
        }

        /**
         * Sets the largest response body read.
         *
         * @param maxResponseSize the largest response body read; {@code null} leaves it unset (the client's default)
         */
        public void setMaxResponseSize(@Nullable DataSize maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
        }

        /** {@return the largest request body sent; {@code null} when unset (the client's default)} */
        public @Nullable DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        /**
         * Sets the largest request body sent.
         *
         * @param maxRequestSize the largest request body sent; {@code null} leaves it unset (the client's default)
         */
        public void setMaxRequestSize(@Nullable DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        /** {@return the retry settings} */
        public Retry getRetry() {
            return retry;
        }

        /** {@return the health check's settings} */
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

        /** {@return the retries after the first attempt (0 disables retries); {@code null} when unset (the client's default)} */
        public @Nullable Integer getMaxRetries() {
            return maxRetries;
        }

        /**
         * Sets the retries after the first attempt (0 disables retries).
         *
         * @param maxRetries the retries after the first attempt (0 disables retries); {@code null} leaves it unset (the client's default)
         */
        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        /** {@return the backoff before the first retry, doubled each time; {@code null} when unset (the client's default)} */
        public @Nullable Duration getFirstBackoff() {
            return firstBackoff;
        }

        /**
         * Sets the backoff before the first retry, doubled each time.
         *
         * @param firstBackoff the backoff before the first retry, doubled each time; {@code null} leaves it unset (the client's default)
         */
        public void setFirstBackoff(@Nullable Duration firstBackoff) {
            this.firstBackoff = firstBackoff;
        }

        /** {@return the longest backoff; {@code null} when unset (the client's default)} */
        public @Nullable Duration getMaxBackoff() {
            return maxBackoff;
        }

        /**
         * Sets the longest backoff.
         *
         * @param maxBackoff the longest backoff; {@code null} leaves it unset (the client's default)
         */
        public void setMaxBackoff(@Nullable Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /** {@return the random share of each backoff, 0 to 1; {@code null} when unset (the client's default)} */
        public @Nullable Double getJitter() {
            return jitter;
        }

        /**
         * Sets the random share of each backoff, 0 to 1.
         *
         * @param jitter the random share of each backoff, 0 to 1; {@code null} leaves it unset (the client's default)
         */
        public void setJitter(@Nullable Double jitter) {
            this.jitter = jitter;
        }

        /** {@return the longest {@code Retry-After} delay honoured; {@code null} when unset (the client's default)} */
        public @Nullable Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        /**
         * Sets the longest {@code Retry-After} delay honoured.
         *
         * @param maxRetryAfter the longest {@code Retry-After} delay honoured; {@code null} leaves it unset (the client's default)
         */
        public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
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

        /** How long the health check waits for the provider; must be positive. Default 5s. */
        private Duration timeout = Duration.ofSeconds(5);

        /** {@return the workspace whose first contact the health check lists; {@code null} when unset (Bird and the legacy Bridge API report UNKNOWN)} */
        public @Nullable String getWorkspace() {
            return workspace;
        }

        /**
         * Sets the workspace whose first contact the health check lists.
         *
         * @param workspace the workspace whose first contact the health check lists; {@code null} leaves it unset (Bird and the legacy Bridge API report UNKNOWN)
         */
        public void setWorkspace(@Nullable String workspace) {
            this.workspace = workspace;
        }

        /** {@return how long the health check waits for the provider} */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets how long the health check waits for the provider.
         *
         * @param timeout how long the health check waits for the provider
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
