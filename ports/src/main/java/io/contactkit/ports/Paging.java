package io.contactkit.ports;

import io.contactkit.domain.Violation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lazy pagination for adapters: turns "fetch the page at this token" into a {@link Flux} of items
 * that fetches a page only when the subscriber has consumed the previous one and wants more, never
 * fetches after cancellation, and pages iteratively (ten thousand pages cost no stack).
 */
public final class Paging {

    private Paging() {
    }

    /**
     * Every item of every page, starting at {@code firstToken} ({@code null}: the first page).
     *
     * @param fetch fetches the page at a token; called again for each page, never concurrently
     */
    public static <T> Flux<T> items(String firstToken, Function<String, Mono<Page<T>>> fetch) {
        // Each page ends with a marker that is emitted only on demand: the page's inner Flux completes,
        // and the next page is asked for, only once the subscriber wants an item beyond this page. The
        // last page needs no marker, so the Flux completes as soon as its last item is delivered.
        return markedPages(firstToken, fetch)
                .concatMap(page -> page.isLast()
                        ? Flux.<Object>fromIterable(page.items())
                        : Flux.<Object>fromIterable(page.items()).concatWith(Mono.just(END_OF_PAGE)), 0)
                .filter(item -> item != END_OF_PAGE)
                .map(Paging::<T>cast);
    }

    /**
     * Where a list of a provider that pages by position starts: the query's page token read as a
     * non-negative position, or, without one, the first position ({@code 0}) or, in reverse, the last
     * ({@link Long#MAX_VALUE}).
     *
     * @param provider the provider's id, for the error
     * @param query the list query
     * @return the position to start at
     * @throws ValidationException {@code invalid_token} when the token is not such a position, nothing sent
     */
    public static long startPosition(String provider, ListQuery query) {
        try {
            long start = query.pageToken().map(Long::parseLong).orElse(query.reverse() ? Long.MAX_VALUE : 0L);
            if (start >= 0) {
                return start;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ValidationException.local(provider, List.of(
                Violation.of("pageToken", "invalid_token", "not a page token of this provider")));
    }

    /**
     * A page fetch that refuses to loop: a provider that answers a page with the very token it was
     * fetched with would be asked for that page forever. Such a page is still delivered, with its items,
     * and the fetch of the page after it fails with {@code repeated}, sending nothing. Wrap the fetch
     * given to {@link #items} or {@link #pages}; the pages those give out carry the token as the
     * provider sent it.
     *
     * @param fetch fetches the page at a token
     * @param repeated the failure of a listing whose provider repeated the token just used
     * @param <T> the item type
     * @return the guarded fetch
     */
    public static <T> Function<String, Mono<Page<T>>> refusingRepeatedTokens(Function<String, Mono<Page<T>>> fetch,
                                                                            Supplier<? extends Throwable> repeated) {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(repeated, "repeated");
        return token -> {
            if (token != null && token.startsWith(REPEATED)) {
                return Mono.error(repeated);
            }
            return fetch.apply(token).map(page -> token != null && token.equals(page.nextToken())
                    ? new Page<>(page.items(), REPEATED + token) : page);
        };
    }

    /** Every page, fetched one at a time as the subscriber requests them. */
    public static <T> Flux<Page<T>> pages(String firstToken, Function<String, Mono<Page<T>>> fetch) {
        return markedPages(firstToken, fetch).map(Paging::unmarked);
    }

    /** {@link #pages}, with the marks of {@link #refusingRepeatedTokens} still on their tokens. */
    private static <T> Flux<Page<T>> markedPages(String firstToken, Function<String, Mono<Page<T>>> fetch) {
        Objects.requireNonNull(fetch, "fetch");
        // An HTTP Mono sends its request when subscribed, not when asked for a value, and expand()
        // subscribes to the next page's publisher as soon as the previous one completes. So every fetch
        // waits behind a Flux that subscribes to it only on demand (Mono operators would not: they
        // request everything upstream at once; hide() stops the scalar shortcut that would call fetch
        // at subscription): no request goes out before a page is wanted.
        return onDemand(firstToken, fetch)
                .expand(page -> page.isLast() ? Flux.empty() : onDemand(page.nextToken(), fetch), 1);
    }

    private static <T> Flux<Page<T>> onDemand(String token, Function<String, Mono<Page<T>>> fetch) {
        return Flux.just(Boolean.TRUE).hide().concatMap(wanted -> fetch.apply(token), 0);
    }

    private static <T> Page<T> unmarked(Page<T> page) {
        return page.nextToken() != null && page.nextToken().startsWith(REPEATED)
                ? new Page<>(page.items(), page.nextToken().substring(REPEATED.length())) : page;
    }

    private static final Object END_OF_PAGE = new Object();
    /** Marks a token the provider repeated: never part of a real token (they are printable). */
    private static final String REPEATED = "\u0000repeated:";

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object item) {
        return (T) item;
    }
}
