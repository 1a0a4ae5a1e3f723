package io.contactkit.cli.internal;

import io.contactkit.adapter.http.HttpErrors;
import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.api.BulkResult;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether the first results of a {@code sync} show that no record can go through: the first {@value #FIRST} results, in
 * completion order, each a failure to connect (the host's name does not resolve, nothing listens, no route, nothing answers the
 * connection within the connect timeout: a mistyped {@code --base-url}, a server that is down, a host that drops connections), after the record's retries, each a TLS handshake refused for good (the
 * server's certificate not trusted, expired or for another host, or a server that does not speak TLS: nothing was sent, and
 * no retry can change it), each a refusal of the credentials (a wrong or expired key), each a refusal of the workspace to
 * them (HTTP 403 to a request of the upsert about the workspace as a whole: the key may not use it), or each the store's refusal of
 * the run's identity rules (the workspace is decided under others: {@code rules_mismatch}, nothing written). Then every
 * later record would fail the same way, spending its retries or sending a bad key again, so the run stops. Records that failed
 * local validation (no request) are left out of the count, and so is a 403 to any other request (one about a single contact
 * would say nothing of the others); any other result (a
 * success, another answer of the provider, another failure), or a mix of the two kinds, shows that records can go
 * through, and from then on this check is done: an outage in the middle of a run is ridden out by the retries, unless
 * it outlasts a record's whole retry time ({@link Outage}).
 */
final class FirstContact {

    /** The first results, all of one of the kinds, that stop the run. */
    static final int FIRST = 3;

    /** What the first results all were. */
    enum Kind {
        /** Failures to connect: nothing was sent. */
        UNREACHABLE,
        /** TLS handshakes refused for good: nothing was sent. */
        TLS,
        /** Refusals of the credentials. */
        CREDENTIALS,
        /** Refusals of the workspace to the credentials (HTTP 403): the key may not use it. */
        WORKSPACE,
        /** The store's refusals of the identity rules: the workspace is decided under others. */
        RULES
    }

    private int counted;
    private boolean through;
    private @Nullable Kind kind;
    private @Nullable ProviderException first;

    /** Counts a result; true when the run is to stop now. */
    boolean stopAfter(BulkResult<?> r) {
        if (through || counted >= FIRST) {
            return false;
        }
        if (r.succeeded()) {
            through = true;
            return false;
        }
        ProviderException e = r.error();
        if (e instanceof ValidationException v && v.isLocal() || e instanceof PermissionException && e.status() == 403 && !forbiddenWorkspace(e)) {
            return false;
        }
        Kind k = cannotConnect(e) ? Kind.UNREACHABLE : refusedTls(e) ? Kind.TLS : e instanceof AuthenticationException ? Kind.CREDENTIALS
                : forbiddenWorkspace(e) ? Kind.WORKSPACE : otherRules(e) ? Kind.RULES : null;
        if (k == null || kind != null && kind != k) {
            through = true;
            return false;
        }
        if (kind == null) {
            kind = k;
            first = e;
        }
        return ++counted == FIRST;
    }

    /** What the first results all were, once {@link #stopAfter} said to stop. */
    Kind kind() {
        return kind;
    }

    /** The first of them: what to tell the user. */
    ProviderException first() {
        return first;
    }

    /**
     * What the provider's adapter said of the workspace when it refused a record for it before any request (a Bird workspace
     * id that is no UUID, for instance), or null: every record would be refused the same way, so the run is a usage error.
     */
    static @Nullable String refusedWorkspace(BulkResult<?> r) {
        return r.succeeded() ? null : refusedWorkspace(r.error());
    }

    /** {@link #refusedWorkspace(BulkResult)} for a failure of any command: what the adapter said of the workspace, or null. */
    static @Nullable String refusedWorkspace(Throwable e) {
        if (!(e instanceof ValidationException v) || !v.isLocal()) {
            return null;
        }
        return v.violations().stream().filter(x -> x.field().equals("workspace")).map(x -> x.message()).findFirst().orElse(null);
    }

    /**
     * The requests of an upsert that concern the workspace as a whole, by the names the HTTP adapters give them: the upsert's
     * own ({@code contacts.upsert}, Bird's and Bridge's), and Bridge's read of the workspace's attribute settings
     * ({@code settings.attributes}), made first for a record with custom attributes.
     */
    static final Set<String> WORKSPACE_REQUESTS = Set.of("contacts.upsert", "settings.attributes");

    /**
     * A refusal of the workspace to the credentials: HTTP 403 answering one of the {@link #WORKSPACE_REQUESTS}, which Bird's and
     * Bridge's pages give a key that may not use the workspace ("authenticated without permission", "no access"); neither
     * documents a 403 for anything of one record, nor a permission narrower than the workspace. A 403 to any other request
     * (Bird answers every lookup by identifier so, which sync never makes) is not this, nor the store's denial (no HTTP status).
     */
    static boolean forbiddenWorkspace(Throwable e) {
        return forbiddenWorkspace(e, WORKSPACE_REQUESTS);
    }

    /**
     * A refusal of the workspace to the credentials: HTTP 403 answering one of these requests, by the names the HTTP adapters
     * give them ({@code contacts.list} for {@code export}: the list of the workspace as a whole).
     */
    static boolean forbiddenWorkspace(Throwable e, Set<String> requests) {
        return e instanceof PermissionException p && p.status() == 403 && HttpErrors.requestName(p).filter(requests::contains).isPresent();
    }

    /**
     * A TLS connection refused for good: what the adapters report as a transport failure that is not retryable (the HTTP
     * adapters' refused handshake, caused by a {@code javax.net.ssl.SSLException}; the PostgreSQL store's refused
     * certificate, or a server without TLS where {@code sslmode} requires it). A handshake that timed out or was cut short
     * is retryable, and not this.
     */
    static boolean refusedTls(Throwable e) {
        return e instanceof TransportException t && !t.isRetryable();
    }

    /**
     * The store's refusal of the run's identity rules: its workspace is decided under other rules (a {@link ConflictException}
     * with the provider code {@value PostgresContactProvider#RULES_MISMATCH}, not retryable). Every record of the run meets it.
     */
    static boolean otherRules(Throwable e) {
        return e instanceof ConflictException c && PostgresContactProvider.RULES_MISMATCH.equals(c.providerCode().orElse(null));
    }

    /** A failure before any byte of a request left: connecting or resolving the host. */
    static boolean cannotConnect(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }
}
