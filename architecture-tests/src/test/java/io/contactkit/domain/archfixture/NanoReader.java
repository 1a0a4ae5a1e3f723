package io.contactkit.domain.archfixture;

/** Deliberately impure: reads the monotonic clock. */
public class NanoReader {
    public long nanos() {
        return System.nanoTime();
    }
}
