package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.Secret;
import io.contactkit.testsupport.PasswordPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A wrong password, against a server that asks for one: the same refusal of the credentials on every path (the pool's
 * first connection, the health check's schema version, the facade's reads and writes), never retryable, never retried
 * by the facade, and never showing the password or the user.
 */
class WrongPasswordTest {

    private static final String USER = "kit_login_3b8e";
    private static final String RIGHT = "right-pw-6d02";
    private static final String WRONG = "wrong-pw-91fa";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final UpsertCommand COMMAND = UpsertCommand.builder().identifier("emailaddress", "a@example.test")
            .build(IdentifierPolicy.defaults()).get();
    private static PasswordPostgres server;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = new PasswordPostgres(dir, USER, RIGHT);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static PostgresSettings settings(String password) {
        return PostgresSettings.url(Secret.of(server.url(password))).schema(TestDatabase.schemaName()).migrate(true).build();
    }

    @Test
    void everyPathOfTheStoreReportsTheRefusalOfTheCredentials() {
        Map<String, Function<PostgresContactProvider, Mono<?>>> paths = Map.of(
                "schemaVersion", PostgresContactProvider::schemaVersion,
                "migrate", PostgresContactProvider::migrate,
                "upsert", s -> s.upsert("ws", COMMAND),
                "get", s -> s.get("ws", "00000000-0000-7000-8000-000000000000"),
                "list", s -> s.list("ws", io.contactkit.ports.ListQuery.all()).collectList());
        paths.forEach((name, path) -> {
            // a store of its own for each: its first operation is its pool's first acquisition
            try (PostgresContactProvider store = new PostgresContactProvider(settings(WRONG))) {
                refused(name, () -> path.apply(store).block(WAIT));
            }
        });
    }

    @Test
    void theFacadeNeitherRetriesNorCallsItAFailureToConnect() {
        try (PostgresContactProvider store = new PostgresContactProvider(settings(WRONG));
             ContactKit kit = ContactKit.builder().provider(store).retry(RetryPolicy.backoff(3, Duration.ofMillis(10))).build()) {
            refused("kit.list", () -> kit.list("ws").collectList().block(WAIT));
            refused("kit.get", () -> kit.get("ws", "00000000-0000-7000-8000-000000000000").block(WAIT));
            refused("kit.upsert", () -> kit.upsert("ws", COMMAND).block(WAIT));
            refused("kit.upsertAll", () -> kit.upsertAll("ws", reactor.core.publisher.Flux.just(COMMAND)).map(r -> {
                if (r.error() != null) {
                    throw r.error();
                }
                return r;
            }).collectList().block(WAIT));
            assertEquals(0, store.retries(), "a refusal of the credentials is not tried again");
        }
    }

    @Test
    void theRightPasswordWorks() {
        try (PostgresContactProvider store = new PostgresContactProvider(settings(RIGHT))) {
            assertEquals(List.of(), store.list("ws", io.contactkit.ports.ListQuery.all()).collectList().block(WAIT));
        }
    }

    private static void refused(String path, Callable<?> call) {
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> {
            try {
                call.call();
            } catch (RuntimeException r) {
                throw reactor.core.Exceptions.unwrap(r);
            }
        }, path);
        assertFalse(e.isRetryable(), path + ": " + e);
        assertTrue(e.getMessage().startsWith("PostgreSQL refused the credentials: password authentication failed"), path + ": " + e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : List.of(WRONG, USER)) {
                assertFalse(String.valueOf(t).contains(secret), path + " shows " + secret + ": " + t);
            }
        }
    }
}
