package io.contactkit.reliability.support;

import java.time.Duration;
import java.util.function.IntSupplier;

/** Waits (in a test thread) until a gauge reaches a value: connections are released asynchronously. */
public final class Await {

    private Await() {
    }

    /** The gauge's last value: {@code expected} unless it did not get there within {@code within}. */
    public static int gauge(IntSupplier gauge, int expected, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        int v = gauge.getAsInt();
        while (v != expected && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
            v = gauge.getAsInt();
        }
        return v;
    }
}
