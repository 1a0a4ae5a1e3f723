package io.contactkit.domain.archfixture;

/** Deliberately impure: reads the system time. */
public class MillisReader {
    public long millis() {
        return System.currentTimeMillis();
    }
}
