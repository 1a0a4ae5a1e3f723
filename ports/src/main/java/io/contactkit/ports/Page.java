package io.contactkit.ports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing and the token of the next page ({@code null} at the end). Hand the token to
 * {@link ListQuery.Builder#pageToken(String)} to resume the listing after this page, in this run or
 * a later one.
 *
 * @param <T> the item type
 * @param items the page's items, in the provider's order (copied, unmodifiable)
 * @param nextToken where the next page starts, or {@code null} when this is the last page
 */
public record Page<T>(List<T> items, @Nullable String nextToken) {

    /**
     * Copies the items.
     *
     * @param items the page's items
     * @param nextToken where the next page starts, or {@code null} when this is the last page
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The last page of a listing.
     *
     * @param items its items
     * @param <T> the item type
     * @return a page without a next token
     */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }

    /**
     * The token of the next page.
     *
     * @return the token, empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(nextToken);
    }

    /**
     * Whether no page follows.
     *
     * @return true when there is no next token
     */
    public boolean isLast() {
        return nextToken == null;
    }

    /**
     * This page with every item converted, and the same next token.
     *
     * @param mapper converts one item; must not return {@code null}
     * @param <R> the converted item type
     * @return the converted page
     */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Page<>(items.stream().<R>map(mapper).toList(), nextToken);
    }
}
