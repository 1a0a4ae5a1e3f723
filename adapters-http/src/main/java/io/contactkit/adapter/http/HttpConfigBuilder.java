package io.contactkit.adapter.http;

import io.contactkit.ports.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.netty.resources.LoopResources;

/**
 * The transport settings every HTTP provider's configuration builder offers, each passed on to one
 * {@link HttpSettings.Builder}: plain {@code http}, event loops, timeouts, the connection pool, size
 * caps, retries, the clock and observations. A provider's builder extends it and adds its credentials,
 * its base URL and its own options.
 *
 * @param <B> the provider's builder, returned by every setter
 */
public abstract class HttpConfigBuilder<B extends HttpConfigBuilder<B>> {

    /** The settings the setters change; the provider's builder builds them. */
    protected final HttpSettings.Builder http;

    /**
     * @param http the settings to change, with the provider's defaults (base URL, pool name) already set
     */
    protected HttpConfigBuilder(HttpSettings.Builder http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** {@return this builder, typed as the provider's builder} */
    protected abstract B self();

    /**
     * Allows plain {@code http} to hosts that are not loopback. Off by default.
     *
     * @param value {@code true} to allow it
     * @return this builder
     */
    public B allowInsecureHttp(boolean value) {
        http.allowInsecureHttp(value);
        return self();
    }

    /**
     * Sets transport settings on the underlying {@link HttpSettings.Builder} directly (event loops,
     * {@code observationConvention}, a caller's {@code connectionProvider} or {@code httpClient}, a
     * {@code userAgentSuffix}, many settings at once as a framework integration does); the base URL
     * is set with the provider's own {@code baseUrl}.
     *
     * @param settings changes the HTTP settings, called once, at once
     * @return this builder
     */
    public B http(Consumer<HttpSettings.Builder> settings) {
        settings.accept(http);
        return self();
    }

    /**
     * Event loops owned by the application, which the client runs on and never disposes; default Reactor Netty's global ones.
     *
     * @param value the event loops to run on
     * @return this builder
     */
    public B loopResources(LoopResources value) {
        http.loopResources(value);
        return self();
    }

    /**
     * How long opening a connection may take; default 10 s.
     *
     * @param value how long opening a connection may take
     * @return this builder
     */
    public B connectTimeout(Duration value) {
        http.connectTimeout(value);
        return self();
    }

    /**
     * How long one attempt waits for the response to start; default 30 s.
     *
     * @param value the longest wait for the response to start
     * @return this builder
     */
    public B responseTimeout(Duration value) {
        http.responseTimeout(value);
        return self();
    }

    /**
     * How long one attempt may take from sending to the last byte; default 60 s.
     *
     * @param value the longest time of one attempt
     * @return this builder
     */
    public B attemptTimeout(Duration value) {
        http.attemptTimeout(value);
        return self();
    }

    /**
     * The deadline of a whole call, retries included; default 2 min.
     *
     * @param value the longest time of a whole call
     * @return this builder
     */
    public B callTimeout(Duration value) {
        http.callTimeout(value);
        return self();
    }

    /**
     * The most connections the pool opens to the provider; default 64.
     *
     * @param value the most connections at once
     * @return this builder
     */
    public B maxConnections(int value) {
        http.maxConnections(value);
        return self();
    }

    /**
     * Requests waiting for a connection; default 1024.
     *
     * @param value the most requests waiting for a connection at once
     * @return this builder
     */
    public B pendingAcquireMaxCount(int value) {
        http.pendingAcquireMaxCount(value);
        return self();
    }

    /**
     * How long a request waits for a pooled connection before failing (nothing sent); default 45 s.
     *
     * @param value the longest wait for a pooled connection
     * @return this builder
     */
    public B pendingAcquireTimeout(Duration value) {
        http.pendingAcquireTimeout(value);
        return self();
    }

    /**
     * How long a connection may stay idle before it is closed; keep it below the idle timeout of the
     * provider's load balancers; default 20 s.
     *
     * @param value how long a connection may stay idle
     * @return this builder
     */
    public B maxIdleTime(Duration value) {
        http.maxIdleTime(value);
        return self();
    }

    /**
     * How long a connection is used at most before it is closed; default 5 min.
     *
     * @param value the longest life of a connection
     * @return this builder
     */
    public B maxLifeTime(Duration value) {
        http.maxLifeTime(value);
        return self();
    }

    /**
     * How often idle and expired connections are closed in the background; default 30 s.
     *
     * @param value the time between two background evictions
     * @return this builder
     */
    public B evictionInterval(Duration value) {
        http.evictionInterval(value);
        return self();
    }

    /**
     * The largest response body read; a larger one fails the call; default 4 MiB.
     *
     * @param value the largest response body read
     * @return this builder
     */
    public B maxResponseBytes(long value) {
        http.maxResponseBytes(value);
        return self();
    }

    /**
     * The largest request body sent; a larger one fails locally with a validation error, nothing sent;
     * default 4 MiB.
     *
     * @param value the largest request body sent
     * @return this builder
     */
    public B maxRequestBytes(long value) {
        http.maxRequestBytes(value);
        return self();
    }

    /**
     * How requests that are safe to repeat are retried.
     *
     * @param value default {@link HttpSettings#DEFAULT_RETRY}; {@link RetryPolicy#none()} disables retries
     * @return this builder
     */
    public B retry(RetryPolicy value) {
        http.retry(value);
        return self();
    }

    /**
     * The clock the client reads: for {@code Retry-After} dates, and whatever else the provider's
     * configuration says it times with it.
     *
     * @param value the clock to read
     * @return this builder
     */
    public B clock(Clock value) {
        http.clock(value);
        return self();
    }

    /**
     * Where one {@code contactkit.provider.requests} observation per request goes; default none (no-op).
     *
     * @param value the registry to report to
     * @return this builder
     */
    public B observationRegistry(io.micrometer.observation.ObservationRegistry value) {
        http.observationRegistry(value);
        return self();
    }
}
