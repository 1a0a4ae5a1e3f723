package io.contactkit.adapter.http;

import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RateLimitedException;
import io.contactkit.ports.TransportException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

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
        String what = describe(e);
        if (!request.idempotent() && !neverSent(e)) {
            return new OutcomeUnknownException(provider, what + " after the request may have been sent (" + request.name()
                    + "); it was not repeated because it is not idempotent", e);
        }
        return new TransportException(provider, 0, null, what + " (" + request.name() + ")", e);
    }

    /**
     * Failures that happen before any byte of the request left: connecting (Netty's connect timeout
     * is a {@link ConnectException}), resolving the host, waiting for a pooled connection, or the TLS
     * handshake (the request is written only once it has succeeded).
     */
    private static boolean neverSent(Throwable e) {
        return has(e, ConnectException.class) || has(e, UnknownHostException.class) || has(e, SSLHandshakeException.class)
                || poolExhausted(e);
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
        if (has(e, SSLHandshakeException.class)) {
            return "TLS handshake with " + settings.baseUrl().getHost() + " failed (certificate or protocol refused)";
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

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
