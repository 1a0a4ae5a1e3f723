package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one change setting an {@link AttributeValue.Text} among equal attribute values (first names,
 * companies, cities, ... repeat across a large file), so a million contacts do not hold a million
 * copies of "Ann", and a million commands do not each make their own change to set it. Values and
 * changes are immutable, so sharing changes nothing but memory. Bounded: once it holds
 * {@value #MAX_ENTRIES} distinct values it only reuses, so a column of unique values cannot grow it.
 * Thread-safe.
 */
final class ValueCache {

    static final int MAX_ENTRIES = 1 << 16;
    /** Long values are rarely repeated; not worth a lookup. */
    static final int MAX_LENGTH = 64;

    private final ConcurrentHashMap<String, AttributeChange> texts = new ConcurrentHashMap<>();

    /** The change that sets the attribute to this text, shared with earlier equal texts where possible. */
    AttributeChange setText(String value) {
        if (value.length() > MAX_LENGTH) {
            return AttributeChange.set(AttributeValue.of(value));
        }
        AttributeChange shared = texts.get(value);
        if (shared != null) {
            return shared;
        }
        AttributeChange mine = AttributeChange.set(AttributeValue.of(value));
        if (texts.size() >= MAX_ENTRIES) {
            return mine;
        }
        shared = texts.putIfAbsent(value, mine);
        return shared == null ? mine : shared;
    }
}
