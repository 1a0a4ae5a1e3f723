package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection that nothing answers is said the same way whichever wait ends first: the store's own connect timeout, or
 * the driver's (Netty's, of the same length), which under load may fire first. A refused connection is left as it is.
 */
class ConnectingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A driver whose every connection attempt fails with {@code failure}. */
    private static ConnectionFactory failing(Throwable failure) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.error(failure);
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> "test";
            }
        };
    }

    @Test
    void theDriversConnectTimeoutIsSaidAsTheStoresOwn() {
        Throwable driver = new R2dbcNonTransientResourceException("Cannot connect to /127.0.0.1:5432",
                new io.netty.channel.ConnectTimeoutException("connection timed out after 10000 ms: /127.0.0.1:5432"));
        Connecting connecting = new Connecting(failing(driver), "127.0.0.1:5432", TIMEOUT, TIMEOUT);

        Failures.NoConnection e = assertThrows(Failures.NoConnection.class, () -> Mono.from(connecting.create()).block(TIMEOUT));

        assertEquals("no PostgreSQL connection could be made to 127.0.0.1:5432 within the connect timeout of 10 s", e.getMessage());
    }

    @Test
    void aRefusedConnectionIsLeftAsTheDriverSaidIt() {
        Throwable driver = new R2dbcNonTransientResourceException("Cannot connect to /127.0.0.1:5432",
                new ConnectException("Connection refused: /127.0.0.1:5432"));
        Connecting connecting = new Connecting(failing(driver), "127.0.0.1:5432", TIMEOUT, TIMEOUT);

        RuntimeException e = assertThrows(RuntimeException.class, () -> Mono.from(connecting.create()).block(TIMEOUT));

        assertSame(driver, e);
    }
}
