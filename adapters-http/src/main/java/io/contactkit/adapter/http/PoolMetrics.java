package io.contactkit.adapter.http;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * The transport's own pool's metrics: kept for {@link HttpTransport#activeConnections()} and, when
 * {@code publish} is set and Micrometer's core is on the class path, published as Reactor Netty's
 * {@code reactor.netty.connection.provider.*} gauges on Micrometer's global registry, where Reactor
 * Netty itself publishes them (a Spring Boot application's registry is part of it by default).
 */
final class PoolMetrics implements ConnectionProvider.MeterRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> published = new ConcurrentHashMap<>();
    private final boolean publish;

    PoolMetrics(boolean publish) {
        this.publish = publish && micrometerCorePresent();
        if (publish && !this.publish) {
            LOG.debug("Micrometer's core is not on the class path: connection-pool gauges are not published");
        }
    }

    private static boolean micrometerCorePresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, PoolMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void registerMetrics(String poolName, String id, SocketAddress remote, ConnectionPoolMetrics metrics) {
        String key = id + "|" + remote;
        pools.put(key, metrics);
        if (publish) {
            published.put(key, MicrometerPoolGauges.register(poolName, id, remote, metrics));
        }
    }

    @Override
    public void deRegisterMetrics(String poolName, String id, SocketAddress remote) {
        String key = id + "|" + remote;
        pools.remove(key);
        AutoCloseable gauges = published.remove(key);
        if (gauges != null) {
            try {
                gauges.close();
            } catch (Exception e) {
                LOG.debug("removing connection-pool gauges failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    int acquired() {
        return pools.values().stream().mapToInt(ConnectionPoolMetrics::acquiredSize).sum();
    }

    int allocated() {
        return pools.values().stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
    }
}
