package io.contactkit.ports;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the token of the next page ({@code null} at the end).
 *
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextToken);
    }

    public boolean isLast() {
        return nextToken == null;
    }
}
