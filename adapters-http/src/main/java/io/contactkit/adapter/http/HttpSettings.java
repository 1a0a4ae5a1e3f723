package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.ContactKitObservationConvention;
import io.contactkit.ports.RetryPolicy;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

    /**
     * The longest duration a setting takes, 7 days: every timeout and pool duration, and the retry policy's
     * {@code maxBackoff} and {@code maxRetryAfter}. A longer one is refused; from about 292 years on, one
     * no longer fits the nanoseconds the deadlines and the pool count in.
     */
    public static final Duration MAX_DURATION = RetryPolicy.MAX_WAIT;

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

    /**
     * A builder with the defaults.
     *
     * @param defaultBaseUrl the provider's production base URL, used unless {@link Builder#baseUrl} says otherwise
     * @return the builder
     */
    public static Builder builder(String defaultBaseUrl) {
        return new Builder(defaultBaseUrl);
    }

    /** {@return the base URL of the provider's API} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@return the base URL without a trailing slash, for prefixing paths} */
    public String base() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@return whether plain {@code http} is allowed to hosts that are not loopback} */
    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    /** {@return how long to wait for a connection} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return how long to wait for the response (Reactor Netty's {@code responseTimeout}) in one attempt} */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** {@return the deadline of one attempt, from sending to the last byte of the response (catches slow drips)} */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** {@return the deadline of a whole call, retries and backoffs included} */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** {@return the most connections the pool opens} */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@return the most requests waiting for a connection of the pool} */
    public int pendingAcquireMaxCount() {
        return pendingAcquireMaxCount;
    }

    /** {@return how long a request waits for a connection of the pool} */
    public Duration pendingAcquireTimeout() {
        return pendingAcquireTimeout;
    }

    /** {@return how long a connection may stay idle in the pool} */
    public Duration maxIdleTime() {
        return maxIdleTime;
    }

    /** {@return how long a connection is used at most} */
    public Duration maxLifeTime() {
        return maxLifeTime;
    }

    /** {@return how often idle and expired connections are evicted in the background} */
    public Duration evictionInterval() {
        return evictionInterval;
    }

    /** {@return responses larger than this fail with a transport error while being read} */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Request bodies larger than this are not sent: the request fails with a local validation error.
     * Neither provider documents a limit; this keeps a command built from oversized input (the domain
     * allows 1,000 attributes of 65,535 characters) from being streamed to the provider.
     *
     * @return the largest request body sent, in bytes
     */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** {@return how requests that are safe to repeat are retried; {@link #DEFAULT_RETRY} unless set} */
    public RetryPolicy retry() {
        return retry;
    }

    /** {@return the clock for {@code Retry-After} dates and request signing} */
    public Clock clock() {
        return clock;
    }

    /** {@return the name of the connection pool, in metrics and logs} */
    public String poolName() {
        return poolName;
    }

    /** {@return the event loops to run on, when given (an application's shared ones); empty means Reactor Netty's global loops} */
    public Optional<LoopResources> loopResources() {
        return Optional.ofNullable(loopResources);
    }

    /** {@return where request observations go; {@link ObservationRegistry#NOOP} unless one was given} */
    public ObservationRegistry observationRegistry() {
        return observationRegistry;
    }

    /** {@return the convention overriding the default one, or {@code null}} */
    public @Nullable ContactKitObservationConvention observationConvention() {
        return observationConvention;
    }

    /** {@return the caller's connection pool, or {@code null} when the transport builds and owns its own} */
    public @Nullable ConnectionProvider connectionProvider() {
        return connectionProvider;
    }

    /** {@return the caller's client the transport starts from, or {@code null}} */
    public @Nullable HttpClient httpClient() {
        return httpClient;
    }

    /** {@return the {@code User-Agent} header: {@value #USER_AGENT}, then the suffix when one was given} */
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

    /**
     * Whether a host is this machine: {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}.
     *
     * @param host a host name or address, or {@code null}
     * @return true for a loopback host
     */
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

        /**
         * Sets the base URL of the provider's API.
         *
         * @param value the base URL of the provider's API
         * @return this builder
         */
        public Builder baseUrl(String value) {
            this.rawBaseUrl = value;
            return this;
        }

        /**
         * Allows plain {@code http} to hosts that are not loopback. Off by default.
         *
         * @param value true to allow it
         * @return this builder
         */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /**
         * Sets how long to wait for a connection.
         *
         * @param value how long to wait for a connection
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /**
         * Sets how long to wait for the response in one attempt.
         *
         * @param value how long to wait for the response in one attempt
         * @return this builder
         */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        /**
         * Sets the deadline of one attempt, from sending to the last byte of the response.
         *
         * @param value the deadline of one attempt, from sending to the last byte of the response
         * @return this builder
         */
        public Builder attemptTimeout(Duration value) {
            this.attemptTimeout = value;
            return this;
        }

        /**
         * Sets the deadline of a whole call, retries and backoffs included.
         *
         * @param value the deadline of a whole call, retries and backoffs included
         * @return this builder
         */
        public Builder callTimeout(Duration value) {
            this.callTimeout = value;
            return this;
        }

        /**
         * Sets the most connections the pool opens.
         *
         * @param value the most connections the pool opens
         * @return this builder
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * Sets the most requests waiting for a connection of the pool.
         *
         * @param value the most requests waiting for a connection of the pool
         * @return this builder
         */
        public Builder pendingAcquireMaxCount(int value) {
            this.pendingAcquireMaxCount = value;
            return this;
        }

        /**
         * Sets how long a request waits for a connection of the pool.
         *
         * @param value how long a request waits for a connection of the pool
         * @return this builder
         */
        public Builder pendingAcquireTimeout(Duration value) {
            this.pendingAcquireTimeout = value;
            return this;
        }

        /**
         * Below the server's idle timeout, so the pool never hands out a connection the server closed.
         *
         * @param value how long a connection may stay idle in the pool
         * @return this builder
         */
        public Builder maxIdleTime(Duration value) {
            this.maxIdleTime = value;
            return this;
        }

        /**
         * Sets how long a connection is used at most.
         *
         * @param value how long a connection is used at most
         * @return this builder
         */
        public Builder maxLifeTime(Duration value) {
            this.maxLifeTime = value;
            return this;
        }

        /**
         * How often idle and expired connections are evicted in the background.
         *
         * @param value how often idle and expired connections are evicted in the background
         * @return this builder
         */
        public Builder evictionInterval(Duration value) {
            this.evictionInterval = value;
            return this;
        }

        /**
         * Sets the largest response read.
         *
         * @param value the largest response read; larger ones fail with a transport error
         * @return this builder
         */
        public Builder maxResponseBytes(long value) {
            this.maxResponseBytes = value;
            return this;
        }

        /**
         * Default 4 MiB; larger request bodies fail locally with a validation error, nothing sent.
         *
         * @param value the largest request body sent, in bytes
         * @return this builder
         */
        public Builder maxRequestBytes(long value) {
            this.maxRequestBytes = value;
            return this;
        }

        /**
         * How requests that are safe to repeat are retried.
         *
         * @param value default {@link #DEFAULT_RETRY}; {@link RetryPolicy#none()} disables retries
         * @return this builder
         */
        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        /**
         * The clock for {@code Retry-After} dates (and request signing in adapters that sign).
         *
         * @param value the clock for {@code Retry-After} dates (and request signing in adapters that sign)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Sets the name of the connection pool, in metrics and logs.
         *
         * @param value the name of the connection pool, in metrics and logs
         * @return this builder
         */
        public Builder poolName(String value) {
            this.poolName = value;
            return this;
        }

        /**
         * Event loops owned by the application (for example Spring's {@code ReactorResourceFactory});
         * the client runs on them and never disposes them. Default: Reactor Netty's global loops.
         *
         * @param value the event loops, or {@code null} for Reactor Netty's global ones
         * @return this builder
         */
        public Builder loopResources(LoopResources value) {
            this.loopResources = value;
            return this;
        }

        /**
         * Where one observation per provider request goes; default {@link ObservationRegistry#NOOP}.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry value) {
            this.observationRegistry = Objects.requireNonNull(value, "observationRegistry");
            return this;
        }

        /**
         * Overrides the default convention ({@code DefaultContactKitObservationConvention}); {@code null} restores it.
         *
         * @param value the convention, or {@code null} for the default
         * @return this builder
         */
        public Builder observationConvention(ContactKitObservationConvention value) {
            this.observationConvention = value;
            return this;
        }

        /**
         * A connection pool of the caller's, shared with other clients: the pool settings here are then
         * not used, and closing the transport leaves the pool to its owner. {@code null} restores the default.
         *
         * @param value the pool, or {@code null} for a pool of the transport's own
         * @return this builder
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
         *
         * @param value the client, or {@code null} for one of the transport's own
         * @return this builder
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /**
         * Appended to the {@code User-Agent} ({@code contactkit/0.1 <suffix>}): printable ASCII, at most 200 characters.
         *
         * @param value the suffix, or {@code null} for none
         * @return this builder
         */
        public Builder userAgentSuffix(String value) {
            this.userAgentSuffix = value;
            return this;
        }

        /**
         * The settings, checked.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid setting, a duration longer than {@link #MAX_DURATION} included
         */
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
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be a positive duration of at most 7 days (" + MAX_DURATION + ")");
            }
        }

        /** Ends every message about a malformed base URL, which is never repeated: it may hold a password or a key. */
        private static final String NOT_REPEATED = " (the URL is not repeated here: it may hold a secret)";

        /**
         * The base URL, checked. No message quotes the URL or any part of it that can carry a secret
         * (user-info, query, fragment, or the text of one that does not parse); only the host of a URL
         * known to have none of these is named.
         */
        private static URI parseBaseUrl(String raw, boolean allowInsecure) {
            if (raw == null || raw.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required");
            }
            URI uri;
            try {
                uri = new URI(raw.strip());
            } catch (URISyntaxException e) {
                // the reason alone: the exception's message quotes the whole URL
                throw new IllegalArgumentException("baseUrl is not a valid URL (" + e.getReason().toLowerCase(Locale.ROOT)
                        + "): expected https://host[:port][/path] such as https://api.example.com, with characters a URL reserves"
                        + " percent-encoded" + NOT_REPEATED);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute URL starting with https:// (http:// only for a loopback"
                        + " host, or with allowInsecureHttp), such as https://api.example.com" + NOT_REPEATED);
            }
            if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
                throw new IllegalArgumentException("baseUrl must not contain a user name or password ('user:password@' before the"
                        + " host): pass credentials as the provider's secret settings" + NOT_REPEATED);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl has no valid host: expected https://host[:port][/path] such as"
                        + " https://api.example.com, where a host name holds only letters, digits, '-' and '.' and a port only digits"
                        + (raw.indexOf('@') >= 0 ? "; a user name or password ('user:password@') does not belong in it either: pass"
                        + " credentials as the provider's secret settings" : "") + NOT_REPEATED);
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                // URI takes any digits for a port; no connection can be made to these
                throw new IllegalArgumentException("baseUrl has a port out of range (" + uri.getPort() + "): a port is 1-65535"
                        + NOT_REPEATED);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query ('?...') or a fragment ('#...'): give the API's"
                        + " root URL alone, and keys as the provider's secret settings" + NOT_REPEATED);
            }
            if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("plain http is only allowed for loopback hosts (" + uri.getHost()
                        + "); use https, or allow insecure http explicitly");
            }
            return uri;
        }
    }
}
