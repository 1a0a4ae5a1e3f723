package io.contactkit.adapter.http;

import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.TransportException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.internal.shaded.reactor.pool.PoolShutdownException;

/**
 * Turns what can go wrong in an attempt into the typed errors of the ports, by the failure's type
 * (and its causes' types), and judges whether a typed failure may be retried. Reactor Netty ships its
 * pool's exceptions in a shaded package; should it move them, this class stops compiling rather
 * than silently misjudging a failure.
 */
final class FailureClassifier {

    private final String provider;
    private final HttpSettings settings;

    FailureClassifier(String provider, HttpSettings settings) {
        this.provider = provider;
        this.settings = settings;
    }

    /** Every failure of an attempt as the typed error of the ports; {@code last} when the attempt's limit was the call's deadline. */
    ProviderException typed(HttpRequest request, Throwable e, boolean last) {
        if (e instanceof ProviderException p) {
            return p;
        }
        return last && e instanceof TimeoutException ? callTimedOut(request) : transportError(request, e);
    }

    /** An attempt may be in flight when the call deadline passes: for a non-idempotent request the outcome is unknown. */
    ProviderException callTimedOut(HttpRequest request) {
        String what = "no result within the call timeout of " + settings.callTimeout() + " (" + request.name() + ")";
        return request.idempotent()
                ? new TransportException(provider, 0, null, what)
                : new OutcomeUnknownException(provider, what + "; it was not repeated because it is not idempotent", null);
    }

    /**
     * A retry that would start after the call's deadline is not made: the call has timed out, with the failure not retried
     * as the cause. A non-idempotent request is retried only after failures where it was not processed (a rate limit, a
     * connection never made), so its outcome is known: it was not applied.
     */
    TransportException retryPastDeadline(HttpRequest request, ProviderException failure) {
        String what = "no result within the call timeout of " + settings.callTimeout() + " (" + request.name() + "): the retry after "
                + failure.code() + (failure.status() == 0 ? "" : " (HTTP " + failure.status() + ")") + " would start after it";
        return new TransportException(provider, 0, null, request.idempotent() ? what : what + "; the request was not processed", failure);
    }

    TransportException tooLarge(HttpRequest request) {
        return new TransportException(provider, 0, null, "response larger than " + settings.maxResponseBytes()
                + " bytes (" + request.name() + ")");
    }

    /**
     * Whether the failure may be retried for this request: rate limits always (documented as not
     * processed); other retryable failures when the request is idempotent, or when nothing of it
     * was sent; never a refused TLS handshake.
     */
    boolean isSafeToRetry(HttpRequest request, Throwable failure) {
        if (failure instanceof RateLimitedException) {
            return true;
        }
        if (!(failure instanceof ProviderException p) || !p.isRetryable() || has(failure, SSLHandshakeException.class)) {
            return false;
        }
        if (request.idempotent()) {
            return true;
        }
        return failure instanceof TransportException && neverSent(failure);
    }

    /** Whether the failure (or a cause) is the pool refusing a connection: full, or none free in time. */
    static boolean poolExhausted(Throwable e) {
        return has(e, PoolAcquirePendingLimitException.class) || has(e, PoolAcquireTimeoutException.class);
    }

    private ProviderException transportError(HttpRequest request, Throwable e) {
        if (has(e, PoolShutdownException.class)) {
            // the client closed while the request waited for a pooled connection: it was never sent, and never will be
            return new TransportException(provider, 0, "closed", "the " + provider + " client was closed while the request waited for"
                    + " a connection; nothing was sent (" + request.name() + ")", e, false);
        }
        String what = describe(e);
        if (!request.idempotent() && !neverSent(e)) {
            return new OutcomeUnknownException(provider, what + " after the request may have been sent (" + request.name()
                    + "); it was not repeated because it is not idempotent", e);
        }
        // a refused handshake is refused again however often it is tried: not retryable, so that no layer above repeats it
        return new TransportException(provider, 0, null, what + " (" + request.name() + ")", e, refusedTls(e) == null);
    }

    /** The alerts by which a server refuses a handshake for good: no protocol or cipher in common, or the certificates. */
    private static final Set<String> REFUSING_ALERTS = Set.of("handshake_failure", "protocol_version", "insufficient_security",
            "bad_certificate", "unsupported_certificate", "certificate_unknown", "unknown_ca", "access_denied", "certificate_required");

    /**
     * What refused a TLS handshake for good, or null when nothing did: the server's certificate refused (not signed by an
     * authority the JVM trusts, expired, or for another host: the certificate failure in the chain), a server that does not
     * speak TLS (Netty's {@link NotSslRecordException}), or a handshake the JDK's engine or the server refused (no protocol
     * or cipher in common: the engine's handshake failure, or one of the server's {@link #REFUSING_ALERTS}). Not a handshake
     * that timed out or whose connection closed midway, which a later try may pass.
     */
    static @Nullable Throwable refusedTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException || t instanceof CertPathBuilderException
                    || t instanceof NotSslRecordException) {
                return t;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof SSLHandshakeException && m != null && (m.startsWith("No appropriate protocol")
                    || m.startsWith("Received fatal alert: ") && REFUSING_ALERTS.contains(m.substring("Received fatal alert: ".length()).strip()))) {
                return t;
            }
        }
        return null;
    }

    /**
     * Failures that happen before any byte of the request left: connecting (Netty's connect timeout
     * is a {@link ConnectException}), resolving the host, waiting for a pooled connection, or the TLS
     * handshake (the request is written only once it has succeeded; a server that does not speak TLS fails it too).
     */
    private static boolean neverSent(Throwable e) {
        return has(e, ConnectException.class) || has(e, UnknownHostException.class) || has(e, SSLHandshakeException.class)
                || refusedTls(e) != null || poolExhausted(e);
    }

    private String describe(Throwable e) {
        if (e instanceof ReadTimeoutException) {
            return "no response within " + settings.responseTimeout();
        }
        // before the timeout case: a pool acquire timeout is a TimeoutException too, but nothing was sent
        if (e instanceof PoolAcquireTimeoutException || e instanceof PoolAcquirePendingLimitException) {
            return "no pooled connection available";
        }
        if (e instanceof TimeoutException) {
            return "response not complete within " + settings.attemptTimeout();
        }
        Throwable refused = refusedTls(e);
        String host = settings.baseUrl().getHost();
        if (refused instanceof NotSslRecordException) {
            return "TLS handshake with " + host + " failed: the server did not answer in TLS (an address of a plain http server?)";
        }
        if (refused != null) {
            return "TLS handshake with " + host + " refused " + (refused instanceof SSLHandshakeException ? "by either side: " : "the server's certificate: ")
                    + firstLine(refused.getMessage());
        }
        if (has(e, SSLHandshakeException.class)) {
            return "TLS handshake with " + host + " failed (" + firstLine(e.getMessage()) + ")";
        }
        if (e instanceof PrematureCloseException) {
            return "connection closed prematurely";
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + settings.baseUrl().getHost();
        }
        if (e instanceof DecoderException) {
            return "malformed response";
        }
        String m = e.getMessage();
        return "transport failure: " + e.getClass().getSimpleName() + (m == null ? "" : " " + m.lines().findFirst().orElse(""));
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("no reason given");
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
