package io.contactkit.cli.internal;

import io.contactkit.api.BulkResult;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ValidationException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Whether a {@code sync} is talking to a provider it cannot reach at all (a mistyped {@code --base-url}, a server
 * that is down): the first {@value #FIRST} results of the run, in completion order, each a failure to connect (the
 * host's name does not resolve, nothing listens, no route), after the record's retries, and no record before them
 * reached the provider. Then nothing was sent, and every later record would spend its retries the same way, so the
 * run stops. Records that failed local validation (no request) are left out of the count; any other result (a
 * success, any answer of the provider, another transport failure) shows the provider reachable, and from then on the
 * run goes on whatever fails, as an outage in the middle of a run is what the retries are for.
 */
final class Unreachable {

    /** Results of connection failures in a row, from the run's start, that stop it. */
    static final int FIRST = 3;

    private int failures;
    private boolean reached;
    private ProviderException first;

    /** Counts a result; true when the run is to stop now. */
    boolean stopAfter(BulkResult<?> r) {
        if (reached || failures >= FIRST) {
            return false;
        }
        if (r.succeeded()) {
            reached = true;
            return false;
        }
        ProviderException e = r.error();
        if (e instanceof ValidationException v && v.isLocal()) {
            return false;
        }
        if (!cannotConnect(e)) {
            reached = true;
            return false;
        }
        if (first == null) {
            first = e;
        }
        return ++failures == FIRST;
    }

    /** The first failure to connect: what to tell the user. */
    ProviderException first() {
        return first;
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
