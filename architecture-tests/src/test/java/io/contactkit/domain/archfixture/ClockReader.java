package io.contactkit.domain.archfixture;

/** Deliberately impure: reads the clock. */
public class ClockReader {
    public Object now() {
        return java.time.Instant.now();
    }
}
