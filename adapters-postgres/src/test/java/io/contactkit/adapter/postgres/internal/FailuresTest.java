package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** A connection that could not be made is said as its user would say it: where, and why. */
class FailuresTest {

    private static ProviderException cannotConnect(Throwable why) {
        return Failures.map("postgres", new R2dbcNonTransientResourceException("Cannot connect to db.example.com/<unresolved>:5432", "08003", why), 1);
    }

    @Test
    void theReasonComesFromTheNetworksOwnExceptionAndTheHostAsWritten() {
        ProviderException refused = cannotConnect(new RuntimeException("finishConnect(..) failed: Connection refused: /10.0.0.1:5432",
                new ConnectException("finishConnect(..) failed with error(-111): Connection refused")));
        assertInstanceOf(TransportException.class, refused);
        assertEquals("PostgreSQL connection failed: Cannot connect to db.example.com:5432: connection refused (is the server running, and"
                + " listening on that address and port?)", refused.getMessage());
        assertEquals("PostgreSQL connection failed: Cannot connect to db.example.com:5432: the host name does not resolve",
                cannotConnect(new UnknownHostException("Failed to resolve 'db.example.com' [A(1), AAAA(28)] after 2 queries")).getMessage());
        assertEquals("PostgreSQL connection failed: Cannot connect to db.example.com:5432: no answer in time",
                cannotConnect(new ConnectException("connection timed out: db.example.com/10.0.0.1:5432")).getMessage());
        assertEquals("PostgreSQL connection failed: Cannot connect to db.example.com:5432: no route to the host",
                cannotConnect(new NoRouteToHostException("No route to host")).getMessage());
        assertEquals("PostgreSQL connection failed: Cannot connect to db.example.com:5432",
                cannotConnect(new IllegalStateException("something else")).getMessage());
    }

    @Test
    void aRefusalOfTheCredentialsNamesNeitherTheUserNorCarriesTheDriversMessage() {
        ProviderException e = Failures.map("postgres", new io.r2dbc.spi.R2dbcPermissionDeniedException(
                "password authentication failed for user \"crm_owner\"", "28P01"), 1);
        assertInstanceOf(io.contactkit.ports.AuthenticationException.class, e);
        assertEquals("PostgreSQL refused the credentials: password authentication failed for user (not shown)", e.getMessage());
        assertEquals(null, e.getCause(), "the driver's exception, which names the user, is not kept");
        assertEquals("PostgreSQL refused the credentials: no pg_hba.conf entry for host \"10.0.0.1\", user (not shown), database \"crm\","
                + " no encryption", Failures.map("postgres", new io.r2dbc.spi.R2dbcPermissionDeniedException("no pg_hba.conf entry for host"
                + " \"10.0.0.1\", user \"crm_owner\", database \"crm\", no encryption", "28000"), 1).getMessage());
        assertEquals("PostgreSQL failed: role (not shown) does not exist",
                Failures.map("postgres", new io.r2dbc.spi.R2dbcNonTransientResourceException("role \"crm_owner\" does not exist", "XX000"), 1)
                        .getMessage());
    }
}
