package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import io.contactkit.ports.TransportException;
import io.contactkit.testsupport.UnansweredPort;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server whose connection attempts are never answered (a blackholed host): a failure to connect, as a refused connection
 * is, said in the store's words with the server's address and the time waited, never the password or the pool's own words.
 */
class UnansweredServerTest {

    private static final String PASSWORD = "unanswered-secret-pw";
    private static final UpsertCommand COMMAND = UpsertCommand.builder().identifier("emailaddress", "a@example.test")
            .build(IdentifierPolicy.defaults()).get();

    @Test
    void noConnectionWithinTheConnectTimeoutIsAFailureToConnect() throws Exception {
        try (UnansweredPort port = new UnansweredPort()) {
            TransportException e = upsert(port, Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertEquals("no PostgreSQL connection could be made to 127.0.0.1:" + port.port() + " within the connect timeout of 1 s",
                    e.getMessage());
            assertTrue(e.isRetryable(), "another try may find the server");
            assertTrue(connectFailure(e), "a ConnectException in its causes, as a refused connection has");
            assertFalse(e.getMessage().contains(PASSWORD));
        }
    }

    @Test
    void thePoolsWaitBeforeAnyConnectionWasMadeIsAFailureToConnectToo() throws Exception {
        try (UnansweredPort port = new UnansweredPort()) {
            // the pool gives up waiting (the statement timeout) before the connect timeout passes
            TransportException e = upsert(port, Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertEquals("no PostgreSQL connection could be made to 127.0.0.1:" + port.port() + " within 1 s (none has been made since the"
                    + " start; the connect timeout is 20 s)", e.getMessage());
            assertTrue(connectFailure(e), "a ConnectException in its causes");
        }
    }

    private static TransportException upsert(UnansweredPort port, Duration connectTimeout, Duration statementTimeout) {
        PostgresSettings settings = PostgresSettings.url(Secret.of("postgresql://ck:" + PASSWORD + "@127.0.0.1:" + port.port() + "/db"))
                .connectTimeout(connectTimeout).statementTimeout(statementTimeout).migrate(true).build();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            return assertThrows(TransportException.class, () -> store.upsert("ws", COMMAND).block(Duration.ofSeconds(60)));
        }
    }

    private static boolean connectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
