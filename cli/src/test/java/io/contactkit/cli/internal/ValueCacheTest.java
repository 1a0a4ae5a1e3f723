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
