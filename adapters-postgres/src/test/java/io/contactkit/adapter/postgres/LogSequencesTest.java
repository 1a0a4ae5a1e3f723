package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A chunk's log sequences come from the server as one text: read back exactly, ascending, or refused. */
class LogSequencesTest {

    @Test
    void theNumbersComeBackAscending() {
        assertArrayEquals(new long[] {7}, PostgresDedupe.sequences("7", 1));
        assertArrayEquals(new long[] {3, 10, 11, 4503599627370496L}, PostgresDedupe.sequences("11,4503599627370496,3,10", 4));
    }

    @Test
    void anythingButExactlyTheNumbersAskedForIsRefused() {
        for (String text : new String[] {"", "1,2", "1,2,3,4", "1,,2", "1,2,", ",1,2", "1,-2,3", "1, 2,3", "1,2a,3", "1,2,1234567890123456789"}) {
            assertThrows(IllegalStateException.class, () -> PostgresDedupe.sequences(text, 3), text);
        }
    }
}
