package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Version 7 ids: valid, unique, and in the order drawn, as text, within a millisecond and across a clock set back. */
class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7AndSortInTheOrderDrawn() {
        long[] clock = {1_796_000_000_000L};
        TimeOrderedIds ids = new TimeOrderedIds(() -> clock[0]);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            if (i % 7_000 == 0) {
                clock[0] += 1;   // a new millisecond: a new random start
            }
            if (i == 20_000) {
                clock[0] -= 5;   // the clock set back: ids keep their order
            }
            drawn.add(ids.get());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < drawn.size(); i++) {
            String id = drawn.get(i);
            UUID u = UUID.fromString(id);
            assertEquals(7, u.version(), id);
            assertEquals(2, u.variant(), id);
            assertEquals(id, u.toString());
            assertTrue(seen.add(id), "repeated: " + id);
            if (i > 0) {
                assertTrue(drawn.get(i - 1).compareTo(id) < 0, drawn.get(i - 1) + " then " + id);
            }
        }
        assertEquals(1_796_000_000_003L, UUID.fromString(drawn.get(19_999)).getMostSignificantBits() >>> 16);
        assertEquals(1_796_000_000_003L, UUID.fromString(drawn.get(29_999)).getMostSignificantBits() >>> 16);
    }

    @Test
    void twoGeneratorsInTheSameMillisecondDoNotMeet() {
        TimeOrderedIds one = new TimeOrderedIds(() -> 42L);
        TimeOrderedIds two = new TimeOrderedIds(() -> 42L);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(one.get()));
            assertTrue(seen.add(two.get()));
        }
    }
}
