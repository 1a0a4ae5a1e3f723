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

    @Override
    public Instant instant() {
        return now.get();
    }
}
