package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The out-of-memory line's example always offers more heap than the run had. */
class MemoryLineTest {

    private static String example(long heapMb) {
        String line = ContactKitCommand.memoryLine(heapMb << 20);
        assertTrue(line.startsWith("contactkit: out of memory: this run needs more than the JVM's heap of " + heapMb + " MB;"), line);
        int at = line.indexOf("CONTACTKIT_JAVA_OPTS=-Xmx");
        return line.substring(at + "CONTACTKIT_JAVA_OPTS=".length(), line.indexOf(' ', at));
    }

    @Test
    void theExampleIsTwiceTheHeapInWholeGigabytesAndAtLeastFour() {
        assertEquals("-Xmx4g", example(24));
        assertEquals("-Xmx4g", example(766));
        assertEquals("-Xmx4g", example(2048));
        assertEquals("-Xmx5g", example(2049));
        // the launcher's heap for a dedupe grows to the JVM's own maximum, a quarter of the memory: 6 GB of 24
        assertEquals("-Xmx12g", example(6000));
        assertEquals("-Xmx32g", example(16384));
    }
}
