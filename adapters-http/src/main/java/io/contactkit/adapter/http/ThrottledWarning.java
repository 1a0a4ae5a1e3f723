package io.contactkit.adapter.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which occurrences of a repeated warning are logged: the first, then at most one per interval, each saying how
 * many occurrences went unlogged since the line before. No thread or timer of its own: the clock is read at each
 * occurrence, so a count is reported by the next occurrence after the interval. Lock-free; every occurrence is either
 * logged or counted into exactly one later line, whatever the number of threads.
 */
final class ThrottledWarning {

    /** Time between two lines, at least. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** Returned by {@link #occurred()} for an occurrence not to log. */
    static final long SKIP = -1;

    private static final long NEVER = Long.MIN_VALUE;

    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLong lastLine = new AtomicLong(NEVER);
    private final AtomicLong unlogged = new AtomicLong();

    ThrottledWarning(Clock clock, Duration interval) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Notes one occurrence.
     *
     * @return {@value #SKIP} when this occurrence is not to be logged (it is counted for the next line); otherwise it is
     *         to be logged, with the returned number of occurrences that were not since the last line (0 for the first)
     */
    long occurred() {
        // the last line's time first, then the clock: read the other way round, a thread whose clock reading another thread's
        // line overtook (its time an interval or more after this reading) would take the clock for set back, and log again
        long last = lastLine.get();
        long now = clock.millis();
        // a clock set back by an interval or more starts a new one rather than silencing the warning until it catches up
        boolean due = last == NEVER || now - last >= intervalMillis || last - now >= intervalMillis;
        if (due && lastLine.compareAndSet(last, now)) {
            return unlogged.getAndSet(0);
        }
        unlogged.incrementAndGet();
        return SKIP;
    }
}
