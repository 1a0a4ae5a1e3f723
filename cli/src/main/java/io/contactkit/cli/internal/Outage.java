package io.contactkit.cli.internal;

import io.contactkit.api.BulkResult;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Whether a {@code sync}'s provider has given no answer for longer than a record may take: the last {@code streak}
 * results in completion order each a failure without any answer after the record's retries (could not connect, the
 * connection dropped before a response, no response within the record's time: {@link #noAnswer}), and no answer (a
 * success, or any failure the provider answered) for at least {@code window} ({@code --max-retry-time}, what one record
 * may spend on its tries), counted from the last answer or, before any, from the run's start. Then every record still
 * to come would spend its retries in turn and fail the same way (hours for a large file; a server that takes
 * connections and never answers gives no quicker sign), so the run stops, keeping what went through. A shorter outage
 * is ridden out: the records it fails are in {@code --failed}. {@link FirstContact} stops sooner a run whose first
 * records could not connect at all; records that failed local validation (no request) count for neither.
 */
final class Outage {

    private final long windowNanos;
    private final int streakNeeded;
    private final LongSupplier nanoTime;
    private long lastAnswer;
    private int streak;
    private @Nullable ProviderException last;

    /**
     * @param window   how long without any answer stops the run (at least one record's whole retry time)
     * @param streak   how many results in a row must each be a failure to connect (at least one per upsert in flight)
     * @param nanoTime the clock, as {@link System#nanoTime}; the silence is counted from its reading now until an answer
     */
    Outage(Duration window, int streak, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.streakNeeded = Math.max(1, streak);
        this.nanoTime = nanoTime;
        this.lastAnswer = nanoTime.getAsLong();
    }

    /** Counts a result; true when the run is to stop now. */
    boolean stopAfter(BulkResult<?> r) {
        long now = nanoTime.getAsLong();
        ProviderException e = r.succeeded() ? null : r.error();
        if (e instanceof ValidationException v && v.isLocal()) {
            return false;
        }
        if (e == null || !noAnswer(e)) {
            lastAnswer = now;
            streak = 0;
            return false;
        }
        streak++;
        last = e;
        return streak >= streakNeeded && now - lastAnswer >= windowNanos;
    }

    /** A failure with no response from the provider at all: no connection, a dropped one, or none in time. */
    static boolean noAnswer(ProviderException e) {
        return e instanceof TransportException t && t.status() == 0 || FirstContact.cannotConnect(e);
    }

    /** The last failure without an answer: what to tell the user. */
    @Nullable ProviderException last() {
        return last;
    }

    /** How many results in a row failed without an answer. */
    int streak() {
        return streak;
    }

    /** How long the provider has not answered, at {@code now} (nanoseconds on the same clock). */
    Duration silentFor(long now) {
        return Duration.ofNanos(now - lastAnswer);
    }
}
