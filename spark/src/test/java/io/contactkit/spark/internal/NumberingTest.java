package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumberingTest {

    @Test
    void keysOfPartsNumberTheRecordsInFileOrderAndSortAsTheirNumbers() {
        long[] counts = {3, 0, 2, 1L << 33};
        Numbering n = Numbering.parts(counts);
        long expected = 0;
        long previousKey = Long.MIN_VALUE;
        for (int part = 0; part < counts.length; part++) {
            for (long place = 1; place <= Math.min(counts[part], 3); place++) {
                long key = Numbering.key(part, place);
                assertTrue(key > previousKey, "keys sort as the records: part " + part + ", place " + place);
                previousKey = key;
                assertEquals(++expected, n.record(key), "part " + part + ", place " + place);
            }
        }
        // the last record of the large part: after the 5 records of the parts before it
        assertEquals(5 + (1L << 33), n.record(Numbering.key(3, 1L << 33)));
    }

    @Test
    void numbersAreTheirOwnKeys() {
        for (long r : new long[] {1, 2, 1L << 41, Long.MAX_VALUE}) {
            assertEquals(r, Numbering.NUMBERS.record(r));
        }
    }
}
