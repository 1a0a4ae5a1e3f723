package io.contactkit.adapter.postgres.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The driver's connection factory with the whole opening of a connection (the network's connection, TLS, the startup and
 * the password) bounded by the connect timeout: past it, the attempt fails with {@link Failures.NoConnection}, a failure to
 * connect that names the server's address and the timeout, instead of the pool's own words about its acquisition. It
 * remembers whether any connection was ever made, so that the pool's acquisition time-out before the first one is said as
 * what it is too ({@link #neverConnected}).
 */
public final class Connecting implements ConnectionFactory {

    private final ConnectionFactory driver;
    private final String address;
    private final Duration timeout;
    private final Duration acquireTimeout;
    private final AtomicBoolean connected = new AtomicBoolean();

    /**
     * @param driver  the driver's factory
     * @param address the server's host and port, as {@code host:port} (never a password)
     * @param timeout the connect timeout
     * @param acquireTimeout how long the pool waits for a connection
     */
    public Connecting(ConnectionFactory driver, String address, Duration timeout, Duration acquireTimeout) {
        this.driver = driver;
        this.address = address;
        this.timeout = timeout;
        this.acquireTimeout = acquireTimeout;
    }

    @Override
    public Mono<Connection> create() {
        // the driver's own connect timeout is the same: whichever of the two ends the wait first (under load, either may),
        // the failure is said the same way
        return Mono.<Connection>from(driver.create())
                .timeout(timeout)
                .onErrorMap(e -> e instanceof TimeoutException || connectTimedOut(e), e -> new Failures.NoConnection(address,
                        "within the connect timeout of " + Failures.seconds(timeout), e))
                .doOnNext(c -> connected.set(true));
    }

    /** Whether the driver gave up connecting because nothing answered in time (Netty's connect timeout, a cause of its error). */
    private static boolean connectTimedOut(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (Failures.connectTimedOut(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return driver.getMetadata();
    }

    /**
     * A pool's failure as the caller is to see it: its acquisition time-out before any connection was ever made is a
     * failure to connect ({@link Failures.NoConnection}); anything else is left as it is.
     *
     * @param e what the pool reported
     * @return the failure to report
     */
    public Throwable neverConnected(Throwable e) {
        if (e instanceof R2dbcTimeoutException t && !(e instanceof Failures.NoConnection) && t.getSqlState() == null && !connected.get()) {
            return new Failures.NoConnection(address, "within " + Failures.seconds(acquireTimeout) + " (none has been made since the start; the"
                    + " connect timeout is " + Failures.seconds(timeout) + ")", e);
        }
        return e;
    }
}
