package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import org.junit.jupiter.api.Test;

class ValueCacheTest {

    @Test
    void equalTextsShareOneChangeThatSetsTheText() {
        ValueCache cache = new ValueCache();
        AttributeChange first = cache.setText(new String("Ann"));
        assertEquals(AttributeChange.set(AttributeValue.of("Ann")), first);
        assertSame(first, cache.setText(new String("Ann")));
        assertEquals(AttributeChange.set(AttributeValue.of("Bob")), cache.setText("Bob"));
    }

    @Test
    void textsThatMeetInTheFrontTableAreEachAnsweredWithTheirOwnChange() {
        // many texts, in several rounds in random order, new strings each time: texts of the same length and the same first,
        // middle and last characters share a slot of the front table; each answer sets its own text, and equal texts get
        // one change (the map's) whichever slot holds what
        ValueCache cache = new ValueCache();
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        java.util.Map<String, AttributeChange> first = new java.util.HashMap<>();
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < 5_000; k++) {
                int n = 1 + random.nextInt(6);
                char[] c = new char[n];
                for (int i = 0; i < n; i++) {
                    c[i] = (char) ('a' + random.nextInt(3));
                }
                String text = new String(c);
                AttributeChange answer = cache.setText(text);
                assertEquals(AttributeChange.set(AttributeValue.of(text)), answer, text);
                assertSame(first.computeIfAbsent(text, t -> answer), answer, text);
            }
        }
        assertEquals(AttributeChange.set(AttributeValue.of("")), cache.setText(""));
    }

    @Test
    void longTextsAreNotKeptAndTheCacheStopsGrowingAtItsBound() {
        ValueCache cache = new ValueCache();
        String longText = "x".repeat(ValueCache.MAX_LENGTH + 1);
        assertEquals(AttributeChange.set(AttributeValue.of(longText)), cache.setText(longText));
        assertNotSame(cache.setText(longText), cache.setText(longText));
        for (int i = 0; i < ValueCache.MAX_ENTRIES; i++) {
            cache.setText("v" + i);
        }
        String late = "late";
        assertEquals(AttributeChange.set(AttributeValue.of(late)), cache.setText(late));
        assertNotSame(cache.setText(late), cache.setText(late));
        assertSame(cache.setText("v7"), cache.setText("v7"));
    }
}
