package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckedStringsTest {

    @Test
    void remembersTheVeryStringOnly() {
        CheckedStrings checked = new CheckedStrings(16);
        String name = new String("firstName");
        assertFalse(checked.contains(name));
        assertFalse(checked.contains(null));
        checked.add(name);
        assertTrue(checked.contains(name));
        assertFalse(checked.contains(new String("firstName")), "an equal string is not the one checked");
    }

    @Test
    void aLaterStringOfTheSameSlotReplacesTheEarlierOne() {
        CheckedStrings checked = new CheckedStrings(1);
        String a = "a";
        String b = "b";
        checked.add(a);
        checked.add(b);
        assertFalse(checked.contains(a));
        assertTrue(checked.contains(b));
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new CheckedStrings(12));
        assertThrows(IllegalArgumentException.class, () -> new CheckedStrings(0));
    }
}
