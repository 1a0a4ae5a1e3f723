package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.ContactKitObservationConvention;
import io.contactkit.ports.RetryPolicy;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The transport settings every HTTP adapter shares: where to connect, timeouts, the connection pool,
 * the response size cap and the retry policy. Immutable; holds no credential.
 *
 * <p>{@code https} is required unless the host is a loopback address or plain {@code http} is
 * explicitly allowed; TLS certificates are always validated.
 *
 * <p>Observability: an {@link ObservationRegistry} (no-op by default) receives one
 * {@code contactkit.provider.requests} observation per request, named and keyed by the
 * {@link ContactKitObservationConvention} given or the default one; with a registry, Reactor Netty's
 * connection-pool gauges are published too. A caller may hand in its own Reactor Netty
 * {@link ConnectionProvider} or {@link HttpClient} (then the caller owns and disposes it) and a
 * suffix for the {@code User-Agent} header.
 */
public final class HttpSettings {

    /** The transport's retries unless set: up to 3, backing off from 200 ms to 5 s with 50% jitter, waiting at most 30 s for {@code Retry-After}. */
    public static final RetryPolicy DEFAULT_RETRY = RetryPolicy.backoff(3, Duration.ofMillis(200));

    private final URI baseUrl;
    private final boolean allowInsecureHttp;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration callTimeout;
    private final Duration attemptTimeout;
    private final int maxConnections;
    private final int pendingAcquireMaxCount;
    private final Duration pendingAcquireTimeout;
    private final Duration maxIdleTime;
    private final Duration maxLifeTime;
    private final Duration evictionInterval;
    private final long maxResponseBytes;
    private final long maxRequestBytes;
    private final RetryPolicy retry;
    private final Clock clock;
    private final String poolName;
    private final LoopResources loopResources;
    private final ObservationRegistry observationRegistry;
    private final ContactKitObservationConvention observationConvention;
    private final ConnectionProvider connectionProvider;
    private final HttpClient httpClient;
    private final String userAgent;

    private HttpSettings(Builder b) {
        this.baseUrl = b.baseUrl;
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.callTimeout = b.callTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.maxConnections = b.maxConnections;
        this.pendingAcquireMaxCount = b.pendingAcquireMaxCount;
        this.pendingAcquireTimeout = b.pendingAcquireTimeout;
        this.maxIdleTime = b.maxIdleTime;
        this.maxLifeTime = b.maxLifeTime;
        this.evictionInterval = b.evictionInterval;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxRequestBytes = b.maxRequestBytes;
        this.retry = b.retry;
        this.clock = b.clock;
        this.poolName = b.poolName;
        this.loopResources = b.loopResources;
        this.observationRegistry = b.observationRegistry;
        this.observationConvention = b.observationConvention;
        this.connectionProvider = b.connectionProvider;
        this.httpClient = b.httpClient;
        this.userAgent = b.userAgentSuffix == null ? USER_AGENT : USER_AGENT + " " + b.userAgentSuffix;
    }

    /** The {@code User-Agent} of every request without a suffix. */
    public static final String USER_AGENT = "contactkit/0.1";

    public static Builder builder(String defaultBaseUrl) {
        return new Builder(defaultBaseUrl);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The base URL without a trailing slash, for prefixing paths. */
    public String base() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for the response (Reactor Netty's {@code responseTimeout}) in one attempt. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** The deadline of one attempt, from sending to the last byte of the response (catches slow drips). */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** The deadline of a whole call, retries and backoffs included. */
    public Duration callTimeout() {
        return callTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int pendingAcquireMaxCount() {
        return pendingAcquireMaxCount;
    }

    public Duration pendingAcquireTimeout() {
        return pendingAcquireTimeout;
    }

    public Duration maxIdleTime() {
        return maxIdleTime;
    }

    public Duration maxLifeTime() {
        return maxLifeTime;
    }

    public Duration evictionInterval() {
        return evictionInterval;
    }

    /** Responses larger than this fail with a transport error while being read. */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Request bodies larger than this are not sent: the request fails with a local validation error.
     * Neither provider documents a limit; this keeps a command built from oversized input (the domain
     * allows 1,000 attributes of 65,535 characters) from being streamed to the provider.
     */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** How requests that are safe to repeat are retried; {@link #DEFAULT_RETRY} unless set. */
    public RetryPolicy retry() {
        return retry;
    }

    public Clock clock() {
        return clock;
    }

    public String poolName() {
        return poolName;
    }

    /** The event loops to run on, when given (an application's shared ones); empty means Reactor Netty's global loops. */
    public Optional<LoopResources> loopResources() {
        return Optional.ofNullable(loopResources);
    }

    /** Where request observations go; {@link ObservationRegistry#NOOP} unless one was given. */
    public ObservationRegistry observationRegistry() {
        return observationRegistry;
    }

    /** The convention overriding the default one, or {@code null}. */
    public ContactKitObservationConvention observationConvention() {
        return observationConvention;
    }

    /** The caller's connection pool, or {@code null} when the transport builds and owns its own. */
    public ConnectionProvider connectionProvider() {
        return connectionProvider;
    }

    /** The caller's client the transport starts from, or {@code null}. */
    public HttpClient httpClient() {
        return httpClient;
    }

    /** The {@code User-Agent} header: {@value #USER_AGENT}, then the suffix when one was given. */
    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "HttpSettings[baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", callTimeout=" + callTimeout + ", maxConnections=" + maxConnections + ", pendingAcquireMaxCount="
                + pendingAcquireMaxCount + ", maxIdleTime=" + maxIdleTime + ", maxLifeTime=" + maxLifeTime
                + ", maxResponseBytes=" + maxResponseBytes + ", maxRequestBytes=" + maxRequestBytes + ", retry=" + retry
                + ", userAgent=" + userAgent + (connectionProvider != null ? ", own connectionProvider" : "")
                + (httpClient != null ? ", own httpClient" : "") + "]";
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Builds {@link HttpSettings}; {@link #build()} checks every value. */
    public static final class Builder {
        private URI baseUrl;
        private String rawBaseUrl;
        private boolean allowInsecureHttp;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofMinutes(2);
        private Duration attemptTimeout = Duration.ofSeconds(60);
        private int maxConnections = 64;
        private int pendingAcquireMaxCount = 1024;
        private Duration pendingAcquireTimeout = Duration.ofSeconds(45);
        private Duration maxIdleTime = Duration.ofSeconds(20);
        private Duration maxLifeTime = Duration.ofMinutes(5);
        private Duration evictionInterval = Duration.ofSeconds(30);
        private long maxResponseBytes = 4L * 1024 * 1024;
        private long maxRequestBytes = 4L * 1024 * 1024;
        private RetryPolicy retry = DEFAULT_RETRY;
        private Clock clock = Clock.systemUTC();
        private String poolName = "contactkit";
        private LoopResources loopResources;
        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
        private ContactKitObservationConvention observationConvention;
        private ConnectionProvider connectionProvider;
        private HttpClient httpClient;
        private String userAgentSuffix;

        private Builder(String defaultBaseUrl) {
            this.rawBaseUrl = defaultBaseUrl;
        }

        public Builder baseUrl(String value) {
            this.rawBaseUrl = value;
            return this;
        }

        /** Allows plain {@code http} to hosts that are not loopback. Off by default. */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        public Builder attemptTimeout(Duration value) {
            this.attemptTimeout = value;
            return this;
        }

        public Builder callTimeout(Duration value) {
            this.callTimeout = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder pendingAcquireMaxCount(int value) {
            this.pendingAcquireMaxCount = value;
            return this;
        }

        public Builder pendingAcquireTimeout(Duration value) {
            this.pendingAcquireTimeout = value;
            return this;
        }

        /** Below the server's idle timeout, so the pool never hands out a connection the server closed. */
        public Builder maxIdleTime(Duration value) {
            this.maxIdleTime = value;
            return this;
        }

        public Builder maxLifeTime(Duration value) {
            this.maxLifeTime = value;
            return this;
        }

        /** How often idle and expired connections are evicted in the background. */
        public Builder evictionInterval(Duration value) {
            this.evictionInterval = value;
            return this;
        }

        public Builder maxResponseBytes(long value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** Default 4 MiB; larger request bodies fail locally with a validation error, nothing sent. */
        public Builder maxRequestBytes(long value) {
            this.maxRequestBytes = value;
            return this;
        }

        /** Default {@link #DEFAULT_RETRY}; {@link RetryPolicy#none()} disables retries. */
        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        /** The clock for {@code Retry-After} dates (and request signing in adapters that sign). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder poolName(String value) {
            this.poolName = value;
            return this;
        }

        /**
         * Event loops owned by the application (for example Spring's {@code ReactorResourceFactory});
         * the client runs on them and never disposes them. Default: Reactor Netty's global loops.
         */
        public Builder loopResources(LoopResources value) {
            this.loopResources = value;
            return this;
        }

        /** Where one observation per provider request goes; default {@link ObservationRegistry#NOOP}. */
        public Builder observationRegistry(ObservationRegistry value) {
            this.observationRegistry = Objects.requireNonNull(value, "observationRegistry");
            return this;
        }

        /** Overrides the default convention ({@code DefaultContactKitObservationConvention}); {@code null} restores it. */
        public Builder observationConvention(ContactKitObservationConvention value) {
            this.observationConvention = value;
            return this;
        }

        /**
         * A connection pool of the caller's, shared with other clients: the pool settings here are then
         * not used, and closing the transport leaves the pool to its owner. {@code null} restores the default.
         */
        public Builder connectionProvider(ConnectionProvider value) {
            this.connectionProvider = value;
            return this;
        }

        /**
         * A client of the caller's to start from (its pool, resources, TLS and proxy settings): the
         * transport adds the base URL, the response timeout, headers and its hooks to it. The pool
         * settings here are then not used; the client's owner disposes its resources. {@code null}
         * restores the default.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /** Appended to the {@code User-Agent} ({@code contactkit/0.1 <suffix>}): printable ASCII, at most 200 characters. */
        public Builder userAgentSuffix(String value) {
            this.userAgentSuffix = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public HttpSettings build() {
            baseUrl = parseBaseUrl(rawBaseUrl, allowInsecureHttp);
            positive("connectTimeout", connectTimeout);
            positive("responseTimeout", responseTimeout);
            positive("callTimeout", callTimeout);
            positive("attemptTimeout", attemptTimeout);
            positive("pendingAcquireTimeout", pendingAcquireTimeout);
            positive("maxIdleTime", maxIdleTime);
            positive("maxLifeTime", maxLifeTime);
            positive("evictionInterval", evictionInterval);
            if (maxConnections < 1 || maxConnections > 10_000) {
                throw new IllegalArgumentException("maxConnections must be 1-10000");
            }
            if (pendingAcquireMaxCount < 1) {
                throw new IllegalArgumentException("pendingAcquireMaxCount must be at least 1");
            }
            if (maxResponseBytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
            }
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
            }
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(poolName, "poolName");
            if (connectionProvider != null && httpClient != null) {
                throw new IllegalArgumentException("give either a connectionProvider or an httpClient, not both");
            }
            if (userAgentSuffix != null && (userAgentSuffix.isBlank() || userAgentSuffix.length() > 200
                    || !userAgentSuffix.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("userAgentSuffix must be 1-200 printable ASCII characters");
            }
            return new HttpSettings(this);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration");
            }
        }

        private static URI parseBaseUrl(String raw, boolean allowInsecure) {
            if (raw == null || raw.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required");
            }
            URI uri;
            try {
                uri = URI.create(raw.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL: " + raw);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL with a host: " + raw);
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not contain credentials");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + raw);
            }
            if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("plain http is only allowed for loopback hosts (" + uri.getHost()
                        + "); use https, or allow insecure http explicitly");
            }
            return uri;
        }
    }
}
