package io.contactkit.adapter.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.ToDoubleFunction;
import reactor.netty.resources.ConnectionPoolMetrics;

/**
 * Reactor Netty's connection-pool gauges, under its own names and tags ({@code id}, {@code name},
 * {@code remote.address}). Loaded only when Micrometer's core is on the class path.
 */
final class MicrometerPoolGauges {

    private MicrometerPoolGauges() {
    }

    static AutoCloseable register(String poolName, String id, SocketAddress remote, ConnectionPoolMetrics metrics) {
        MeterRegistry registry = Metrics.globalRegistry;
        Tags tags = Tags.of(reactor.netty.Metrics.ID, id, reactor.netty.Metrics.NAME, poolName,
                reactor.netty.Metrics.REMOTE_ADDRESS, address(remote));
        String prefix = reactor.netty.Metrics.CONNECTION_PROVIDER_PREFIX;
        List<Meter> meters = List.of(
                gauge(registry, prefix + reactor.netty.Metrics.TOTAL_CONNECTIONS, "Connections open, active or idle", tags, metrics,
                        ConnectionPoolMetrics::allocatedSize),
                gauge(registry, prefix + reactor.netty.Metrics.ACTIVE_CONNECTIONS, "Connections lent out", tags, metrics,
                        ConnectionPoolMetrics::acquiredSize),
                gauge(registry, prefix + reactor.netty.Metrics.IDLE_CONNECTIONS, "Idle connections", tags, metrics,
                        ConnectionPoolMetrics::idleSize),
                gauge(registry, prefix + reactor.netty.Metrics.PENDING_CONNECTIONS, "Requests waiting for a connection", tags, metrics,
                        ConnectionPoolMetrics::pendingAcquireSize),
                gauge(registry, prefix + reactor.netty.Metrics.MAX_CONNECTIONS, "The most connections the pool opens", tags, metrics,
                        ConnectionPoolMetrics::maxAllocatedSize),
                gauge(registry, prefix + reactor.netty.Metrics.MAX_PENDING_CONNECTIONS, "The most requests that may wait", tags, metrics,
                        ConnectionPoolMetrics::maxPendingAcquireSize));
        return () -> meters.forEach(registry::remove);
    }

    private static Meter gauge(MeterRegistry registry, String name, String description, Tags tags, ConnectionPoolMetrics metrics,
                               ToDoubleFunction<ConnectionPoolMetrics> value) {
        return Gauge.builder(name, metrics, value).description(description).tags(tags).register(registry);
    }

    private static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(remote);
    }
}
