package io.contactkit.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until the test moves it: it reads the instant it started at, or that
 * instant plus everything {@link #advance advanced} since. Safe to read from any thread (servers and
 * clients under test read it on their event loops).
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final AtomicReference<Runnable> duringNextRead = new AtomicReference<>();

    /**
     * @param start the instant the clock reads until it is first advanced
     */
    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /**
     * Moves the clock on.
     *
     * @param by how far; a negative duration moves it back
     */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        now.updateAndGet(i -> i.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock itself: it has no other zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /**
     * Makes a race certain: the next read of this clock takes its instant, then runs {@code action} (which may move the
     * clock on and read it again, as another thread would between this reading and its use), then returns the instant it
     * took. Only the next read runs it.
     *
     * @param action what happens while the next reading is under way
     */
    public void duringNextRead(Runnable action) {
        duringNextRead.set(Objects.requireNonNull(action, "action"));
    }

    @Override
    public Instant instant() {
        Instant read = now.get();
        Runnable action = duringNextRead.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return read;
    }
}
