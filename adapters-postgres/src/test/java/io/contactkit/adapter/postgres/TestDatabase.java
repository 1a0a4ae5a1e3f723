package io.contactkit.adapter.postgres;

import io.contactkit.ports.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: the one {@code CONTACTKIT_TEST_POSTGRES_URL} names, or else one
 * embedded server started from Maven artifacts, once per test JVM and shared by every test (each test
 * takes its own schema or workspaces).
 */
final class TestDatabase {

    static final String URL_VARIABLE = "CONTACTKIT_TEST_POSTGRES_URL";
    private static EmbeddedPostgres server;
    private static String url;

    private TestDatabase() {
    }

    /** The URL of the shared server (the embedded one accepts any password). */
    static synchronized String url() {
        if (url == null) {
            String given = System.getenv(URL_VARIABLE);
            if (given != null && !given.isBlank()) {
                url = given.strip();
            } else {
                try {
                    server = EmbeddedPostgres.builder()
                            .setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off")
                            .setServerConfig("max_connections", "300")
                            .start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
                url = "postgresql://postgres:test-secret-pw@localhost:" + server.getPort() + "/postgres";
            }
        }
        return url;
    }

    /** Settings for a fresh schema of its own, migrated on first use. */
    static PostgresSettings freshSchema() {
        return PostgresSettings.url(Secret.of(url())).schema(schemaName()).migrate(true).build();
    }

    public static String schemaName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String workspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
