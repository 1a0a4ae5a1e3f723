package io.contactkit.domain.testkit.archfixture;

/** Deliberately impure, and in the testkit's package though not from its module: must still be reported. */
public class TestkitPackagedClockReader {
    public Object now() {
        return java.time.Instant.now();
    }
}
