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

    static final int FRONT_SLOTS = 1 << 10;

    private final ConcurrentHashMap<String, AttributeChange> texts = new ConcurrentHashMap<>();
    // in front of the map, changes it holds, direct-mapped by a few of the text's characters and its length: a file's cells
    // are new strings in every row, so the map's look-up computed each one's hash (a walk over its characters) before
    // comparing it; here one comparison finds a repeated text. Read and written without synchronization, which is safe
    // for these immutable records (their fields final): a thread finds null, an earlier change or a later one, and takes
    // one only when its text equals the cell
    private final AttributeChange.Set[] front = new AttributeChange.Set[FRONT_SLOTS];

    /** The change that sets the attribute to this text, shared with earlier equal texts where possible. */
    AttributeChange setText(String value) {
        int n = value.length();
        if (n > MAX_LENGTH) {
            return AttributeChange.set(AttributeValue.of(value));
        }
        int slot = n == 0 ? 0 : frontSlot(value, n);
        AttributeChange.Set known = front[slot];
        if (known != null && ((AttributeValue.Text) known.value()).value().equals(value)) {
            return known;
        }
        AttributeChange shared = texts.get(value);
        if (shared == null) {
            AttributeChange mine = AttributeChange.set(AttributeValue.of(value));
            if (texts.size() >= MAX_ENTRIES) {
                return mine;
            }
            shared = texts.putIfAbsent(value, mine);
            if (shared == null) {
                shared = mine;
            }
        }
        front[slot] = (AttributeChange.Set) shared;
        return shared;
    }

    /** The front slot of a text of {@code n} (at least one) characters. */
    private static int frontSlot(String value, int n) {
        int h = n * 31 + value.charAt(0);
        h = h * 31 + value.charAt(n >> 1);
        h = h * 31 + value.charAt(n - 1);
        h ^= h >>> 7;
        return h & (FRONT_SLOTS - 1);
    }
}
