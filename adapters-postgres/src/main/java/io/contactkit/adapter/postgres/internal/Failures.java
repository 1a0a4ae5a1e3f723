package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.UpsertFailure;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Maps what the database and the engine report to the ports' typed errors. */
public final class Failures {

    private static final Set<String> CONTENTION = Set.of("40001", "40P01");
    /** The server ended the session: shut down, or (25P03) idle in its transaction past {@code idle_in_transaction_session_timeout}. */
    private static final Set<String> GONE = Set.of("57P01", "57P02", "57P03", "25P03");

    private Failures() {
    }

    /** The engine refused the command: not retried, reported as the ports' typed error. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UpsertFailure failure;

        public Refused(UpsertFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }

        public UpsertFailure failure() {
            return failure;
        }
    }

    /** An owner read before its lock was merged away meanwhile: the transaction starts over. */
    public static final class StaleOwner extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StaleOwner(String contactId) {
            super("contact " + contactId + " was merged away while this transaction waited for it", null, false, false);
        }
    }

    /**
     * The store's identity rules differ from those its workspace is decided under (recorded by the
     * workspace's first writer, or set by a split since): nothing was written, and trying again will
     * not help. Reported as a {@link ConflictException} with the provider code {@value #CODE}.
     */
    public static final class RulesMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The provider code of the conflict. */
        public static final String CODE = "rules_mismatch";

        public RulesMismatch(String workspace, String expected, String found) {
            super("workspace " + workspace + " is decided under identity rules " + shorten(expected) + ", and this store was given rules "
                    + shorten(found) + ": every instance writing a workspace must use the same rules (a split by replay changes a"
                    + " workspace's rules)", null, false, false);
        }

        private static String shorten(String fingerprint) {
            return fingerprint == null ? "(none recorded)" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
        }
    }

    /** The connection failed while the commit was under way: the transaction may or may not have committed. */
    public static final class CommitUnknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommitUnknown(Throwable cause) {
            super("the connection failed during commit", cause);
        }
    }

    /**
     * No reply from the server within the statement timeout and a grace: the server ends a statement at
     * its statement timeout and says so, so silence past that means a link gone without closing (a
     * partition). The connection is closed, never reused. A connection loss, but not tried again: the
     * caller has already waited the whole limit.
     */
    public static final class LinkSilent extends R2dbcNonTransientResourceException {
        private static final long serialVersionUID = 1L;

        public LinkSilent(Duration limit) {
            super("no reply from PostgreSQL within " + seconds(limit) + " (the statement timeout and a grace): the connection is taken as"
                    + " lost and closed");
        }

    }

    /**
     * No connection to the server could be made within the connect timeout: nothing answered the connection attempt (a
     * host that drops it, a firewall), or the server took it and never finished the startup. A failure to connect, as a
     * refused connection is; its cause is a {@link ConnectException}, so that callers that look for one find it. Not tried
     * again by the store itself (the caller has already waited the whole timeout), as the pool's time-out was not.
     */
    public static final class NoConnection extends R2dbcTimeoutException {
        private static final long serialVersionUID = 1L;

        /**
         * @param address the server's host and port, as {@code host:port}
         * @param waited  how long the connection was waited for
         * @param why     what said so (the time-out)
         */
        public NoConnection(String address, String waited, Throwable why) {
            super("no PostgreSQL connection could be made to " + address + " " + waited, connectFailure(address, why));
        }

        private static ConnectException connectFailure(String address, Throwable why) {
            ConnectException e = new ConnectException("connection to " + address + " not established in time");
            e.initCause(why);
            return e;
        }
    }

    /** A duration as the messages say it: whole seconds when it is some, else milliseconds. */
    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Whether trying the whole transaction again is safe and may succeed. */
    public static boolean retryable(Throwable e) {
        return e instanceof StaleOwner || isContention(e) || retryableLoss(e);
    }

    /** A lost connection worth another one: not a silent link, which has already cost the caller the whole limit. */
    public static boolean retryableLoss(Throwable e) {
        return isConnectionLoss(e) && !(e instanceof LinkSilent) && refusedTls(e) == null;
    }

    /**
     * What refused TLS for good, or null: the server's certificate (not signed by the authority given, or by one Java trusts;
     * for another host), or a server that offers no TLS where the settings' {@code sslmode} requires it. Another try meets
     * the same refusal.
     */
    public static Throwable refusedTls(Throwable e) {
        for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
            // the driver's exception for a server without TLS is a private class: known by its name
            if (refusedCertificate(c) || c.getClass().getName().equals(
                    "io.r2dbc.postgresql.client.AbstractPostgresSSLHandlerAdapter$PostgresqlSslException")) {
                return c;
            }
        }
        return null;
    }

    /** Whether this exception (not its causes) is the JDK's refusal of a certificate. */
    private static boolean refusedCertificate(Throwable t) {
        return t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                || t instanceof java.security.cert.CertPathBuilderException;
    }

    /**
     * Why a transaction is started over, as the store's observations and log lines say it: {@code serialization}
     * ({@code 40001}), {@code deadlock} ({@code 40P01}), {@code stale_owner}, or {@code connection} (a lost connection).
     */
    public static String retryCause(Throwable e) {
        if (e instanceof StaleOwner) {
            return "stale_owner";
        }
        if (e instanceof R2dbcException r && "40001".equals(r.getSqlState())) {
            return "serialization";
        }
        if (e instanceof R2dbcException r && "40P01".equals(r.getSqlState())) {
            return "deadlock";
        }
        return "connection";
    }

    /** The failure's SQLSTATE for a log line, as {@code " (40P01)"}; empty when it has none. Never the server's message. */
    public static String sqlState(Throwable e) {
        return e instanceof R2dbcException r && r.getSqlState() != null && !r.getSqlState().isEmpty() ? " (" + r.getSqlState() + ")" : "";
    }

    public static boolean isContention(Throwable e) {
        return e instanceof R2dbcException r && r.getSqlState() != null && CONTENTION.contains(r.getSqlState());
    }

    public static boolean isConnectionLoss(Throwable e) {
        if (e instanceof R2dbcException r && r.getSqlState() != null) {
            return r.getSqlState().startsWith("08") || GONE.contains(r.getSqlState());
        }
        return e instanceof R2dbcNonTransientResourceException || e instanceof R2dbcTransientResourceException
                || e instanceof IOException || (e != null && e.getCause() instanceof IOException);
    }

    /** The typed error for a failure that will not be retried (any more). */
    public static ProviderException map(String provider, Throwable e, int attempts) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof Refused r) {
            return refused(provider, r.failure());
        }
        if (e instanceof CommitUnknown u) {
            return new OutcomeUnknownException(provider, "the connection to PostgreSQL failed during commit: the command may or may not"
                    + " have been applied; read the contact to find out", u.getCause());
        }
        if (e instanceof RulesMismatch m) {
            return new ConflictException(provider, 409, RulesMismatch.CODE, m.getMessage(), List.of());
        }
        if (e instanceof Migrator.SchemaTooNew n) {
            return new ServerException(provider, 0, "schema_too_new", n.getMessage(), n);
        }
        if (e instanceof StaleOwner || isContention(e)) {
            return new ServerException(provider, 0, e instanceof R2dbcException r ? r.getSqlState() : "contention",
                    "gave up after " + attempts + " attempts: concurrent transactions kept conflicting (" + e.getMessage() + ")", e);
        }
        if (e instanceof NoConnection) {
            // a failure to connect: its message is the whole story, and its cause the ConnectException callers look for
            return new TransportException(provider, 0, null, e.getMessage(), e);
        }
        if (e instanceof R2dbcTimeoutException t && t.getSqlState() == null) {
            // the pool's: no connection came free, or none could be opened, in time
            return new TransportException(provider, 0, null, "no PostgreSQL connection within the time allowed: " + e.getMessage(), e);
        }
        if (isConnectionLoss(e) || e instanceof TimeoutException) {
            // a TLS refusal is not retryable: the facade and sync do not repeat it
            return new TransportException(provider, 0, e instanceof R2dbcException r ? r.getSqlState() : null,
                    "PostgreSQL connection failed" + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + connectionProblem(e), e,
                    refusedTls(e) == null);
        }
        if (e instanceof R2dbcException r) {
            String state = r.getSqlState() == null ? "" : r.getSqlState();
            if (state.startsWith("28")) {
                // without the driver's exception as the cause: the server's message names the user, and a cause is printed too
                return new AuthenticationException(provider, 0, state, "PostgreSQL refused the credentials: " + withoutUser(r.getMessage()), null);
            }
            if (state.equals("42501")) {
                return new PermissionException(provider, 0, state, "PostgreSQL denied the operation: " + withoutUser(r.getMessage()), r);
            }
            return new ServerException(provider, 0, state, "PostgreSQL failed: " + withoutUser(r.getMessage()), r);
        }
        return new ServerException(provider, 0, null, "the PostgreSQL store failed: " + e, e);
    }

    private static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("(?i)\\b(user|role) \"[^\"]*\"");

    /**
     * The server's message without the user name it may quote ({@code password authentication failed for user "kit"},
     * {@code no pg_hba.conf entry for host "10.0.0.1", user "kit", ...}, {@code role "kit" does not exist}): the settings
     * never show who the store logs in as, and neither do its errors.
     */
    static String withoutUser(String message) {
        return message == null ? null : USER.matcher(message).replaceAll("$1 (not shown)");
    }

    /**
     * A connection failure said plainly: the driver's message without its {@code /<unresolved>} (the host is given as
     * written), and why, from the network's own exception further down (a name that does not resolve, nothing
     * listening, a time-out) when the message does not say it already.
     */
    static String connectionProblem(Throwable e) {
        String message = String.valueOf(e.getMessage()).replace("/<unresolved>", "");
        Throwable tls = refusedTls(e);
        if (tls != null && refusedCertificate(tls)) {
            return message + ": the TLS handshake refused the server's certificate: " + tls.getMessage();
        }
        if (tls != null && tls != e) {
            // the server offers no TLS where sslmode requires it
            return message + ": " + tls.getMessage();
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String why = c instanceof UnknownHostException ? "the host name does not resolve"
                    : c instanceof ConnectException && String.valueOf(c.getMessage()).contains("refused")
                            ? "connection refused (is the server running, and listening on that address and port?)"
                    : c instanceof SocketTimeoutException || connectTimedOut(c)
                            ? "no answer in time"
                    : c instanceof NoRouteToHostException ? "no route to the host"
                    : null;
            if (why != null) {
                return message + ": " + why;
            }
        }
        return message;
    }

    /** Whether this cause says that a connection attempt was given up because nothing answered in time (Netty's connect timeout). */
    static boolean connectTimedOut(Throwable c) {
        return c instanceof ConnectException && String.valueOf(c.getMessage()).contains("timed out");
    }

    public static ProviderException refused(String provider, UpsertFailure failure) {
        if (failure instanceof UpsertFailure.Conflict c) {
            return new ConflictException(provider, 409, "conflict", c.message(), c.contactIds());
        }
        if (failure instanceof UpsertFailure.NotFound n) {
            return new NotFoundException(provider, 404, "not_found", n.message());
        }
        return ValidationException.local(provider, ((UpsertFailure.Invalid) failure).violations().asJava());
    }
}
