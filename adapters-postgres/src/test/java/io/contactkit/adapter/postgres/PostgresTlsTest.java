package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.Secret;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The store over TLS, by libpq's {@code sslmode}: a server of its own with TLS on and a certificate for {@code localhost}
 * from an authority of the test's, and the shared server, which speaks no TLS. Each connection's encryption is read from
 * the server ({@code pg_stat_ssl}).
 */
class PostgresTlsTest {

    private static final String PASSWORD = "tls-test-secret-pw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static EmbeddedPostgres server;
    private static Path authority;

    @BeforeAll
    static void start() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=contactkit test authority").setIsCertificateAuthority(true)
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1))).buildSelfSigned();
        // for the name localhost only: connecting to 127.0.0.1 does not match it
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .notBefore(Instant.now().minus(Duration.ofDays(1))).notAfter(Instant.now().plus(Duration.ofDays(1))).buildIssuedBy(ca);
        authority = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Path crt = Files.writeString(dir.resolve("server.crt"), cert.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("server.key"), cert.getPrivateKeyPEM());
        // the server refuses a key others may read
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgres.builder().setServerConfig("ssl", "on").setServerConfig("ssl_cert_file", crt.toString())
                .setServerConfig("ssl_key_file", key.toString()).setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static PostgresSettings settings(String host, String query) {
        return PostgresSettings.url(Secret.of("postgresql://postgres:" + PASSWORD + "@" + host + ":" + server.getPort() + "/postgres" + query))
                .schema(TestDatabase.schemaName()).migrate(true).maxRetries(0).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Whether a connection made with these settings is encrypted, as the server sees it. */
    private static boolean encrypted(PostgresSettings s) {
        return Mono.usingWhen(new PostgresqlConnectionFactory(PostgresContactProvider.connection(s)).create(),
                c -> Mono.from(c.createStatement("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get(0, Boolean.class)))),
                c -> c.close()).block(TIMEOUT);
    }

    /** An upsert through the store itself, and what it answered. */
    private static String upsert(PostgresSettings s) {
        try (PostgresContactProvider store = new PostgresContactProvider(s)) {
            UpsertCommand c = UpsertCommand.builder().identifier("emailaddress", "ann@example.com").build(IdentifierPolicy.defaults()).get();
            return store.upsert(TestDatabase.workspace(), c).block(TIMEOUT).status().name();
        }
    }

    @Test
    void verifyFullWithTheAuthoritysCertificateConnectsEncryptedAndTheStoreWorks() {
        PostgresSettings s = settings("localhost", "?sslmode=verify-full&sslrootcert=" + authority);
        assertTrue(encrypted(s));
        assertEquals("CREATED", upsert(s));
        assertTrue(encrypted(settings("127.0.0.1", "?sslmode=verify-ca&sslrootcert=" + authority)), "verify-ca checks the authority only");
        assertTrue(encrypted(settings("127.0.0.1", "?sslmode=require&sslrootcert=" + authority)), "require with a root certificate: as verify-ca");
    }

    @Test
    void preferAndRequireEncryptWithoutCheckingTheCertificateAndDisableDoesNot() {
        assertTrue(encrypted(settings("127.0.0.1", "")), "prefer, the default, takes TLS where the server offers it");
        assertTrue(encrypted(settings("127.0.0.1", "?sslmode=require")));
        assertFalse(encrypted(settings("127.0.0.1", "?sslmode=disable")));
    }

    @Test
    void everyTlsConnectionIsMadeWithoutBlockingTheEventLoop() {
        // the driver makes a TLS context per connection on the event loop; BlockHound (installed in these tests) fails a
        // connection whose context reads a file there: the random generator's seed, the root certificate, Java's authorities
        for (String query : new String[] {"", "?sslmode=require", "?sslmode=verify-ca&sslrootcert=" + authority}) {
            for (int i = 0; i < 30; i++) {
                assertTrue(encrypted(settings("127.0.0.1", query)), query);
            }
        }
        for (int i = 0; i < 30; i++) {
            assertTrue(encrypted(settings("localhost", "?sslmode=verify-full&sslrootcert=" + authority)));
        }
    }

    @Test
    void aCertificateThatFailsTheCheckIsRefusedSayingWhyWithoutThePassword() {
        // another host name than the certificate's
        ProviderException host = assertThrows(ProviderException.class, () -> upsert(settings("127.0.0.1", "?sslmode=verify-full&sslrootcert=" + authority)));
        // an authority Java does not trust
        ProviderException untrusted = assertThrows(ProviderException.class, () -> upsert(settings("localhost", "?sslmode=verify-full")));
        String prefix = "PostgreSQL connection failed: Cannot connect to 127.0.0.1:" + server.getPort();
        assertTrue(host.getMessage().startsWith(prefix), host.getMessage());
        // the driver hands the certificate's failure on, or (when the channel's close wins the race) only the close: when it
        // does, the message says it and the failure is not retried
        if (io.contactkit.adapter.postgres.internal.Failures.refusedTls(host) != null) {
            assertEquals(prefix + ": the TLS handshake refused the server's certificate: No subject alternative names matching IP address"
                    + " 127.0.0.1 found", host.getMessage());
            assertFalse(host.isRetryable(), "the same certificate is refused again: not retried");
        }
        assertEquals("transport", untrusted.code());
        for (ProviderException e : new ProviderException[] {host, untrusted}) {
            assertFalse(describe(e).contains(PASSWORD), describe(e));
        }
    }

    @Test
    void requireAgainstAServerWithoutTlsIsRefusedAndPreferFallsBack() {
        String plain = TestDatabase.url();
        PostgresSettings required = PostgresSettings.url(Secret.of(plain + "?sslmode=require")).schema(TestDatabase.schemaName()).migrate(true)
                .maxRetries(0).build();
        ProviderException e = assertThrows(ProviderException.class, () -> upsert(required));
        assertTrue(e.getMessage().startsWith("PostgreSQL connection failed: ") && e.getMessage().endsWith("Server support for SSL connection"
                + " is disabled, but client was configured with SSL mode require"), e.getMessage());
        assertFalse(e.isRetryable(), "the server offers no TLS: not retried");
        assertFalse(describe(e).contains("test-secret-pw"), describe(e));
        PostgresSettings preferred = PostgresSettings.url(Secret.of(plain)).schema(TestDatabase.schemaName()).migrate(true).build();
        for (int i = 0; i < 30; i++) {
            assertFalse(encrypted(preferred));
        }
        assertEquals("CREATED", upsert(preferred));
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" <- ");
        }
        return b.toString();
    }
}
