package io.contactkit.ports;

import io.contactkit.domain.Violation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lazy pagination for adapters: turns "fetch the page at this token" into a {@link Flux} of items
 * that fetches a page only when the subscriber has consumed the previous one and wants more, never
 * fetches after cancellation, and pages iteratively (ten thousand pages cost no stack). The same
 * listing is available page by page ({@link #pages}), each page with the token that resumes after it.
 */
public final class Paging {

    private Paging() {
    }

    /**
     * Every item of every page, starting at {@code firstToken} ({@code null}: the first page).
     *
     * @param firstToken the token of the first page to fetch, {@code null} for the very first
     * @param fetch fetches the page at a token; called again for each page, never concurrently
     * @param <T> the item type
     * @return the items, fetched page by page on demand
     */
    public static <T> Flux<T> items(@Nullable String firstToken, Function<String, Mono<Page<T>>> fetch) {
        return items(pages(firstToken, fetch));
    }

    /**
     * Every item of the pages, in order: the next page is asked for only when the subscriber wants an
     * item beyond the current one. With pages from {@link #pages} this fetches a page only on demand.
     *
     * @param pages the pages, as {@link #pages} or {@link ContactProvider#listPages} emit them
     * @param <T> the item type
     * @return the items of every page
     */
    public static <T> Flux<T> items(Publisher<? extends Page<T>> pages) {
        Objects.requireNonNull(pages, "pages");
        // Each page ends with a marker that is emitted only on demand: the page's inner Flux completes,
        // and the next page is asked for, only once the subscriber wants an item beyond this page. The
        // last page needs no marker, so the Flux completes as soon as its last item is delivered.
        return Flux.<Page<T>>from(pages)
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
     * Every page, fetched one at a time as the subscriber requests them, each with the token that
     * resumes after it.
     *
     * @param firstToken the token of the first page to fetch, {@code null} for the very first
     * @param fetch fetches the page at a token; called again for each page, never concurrently
     * @param <T> the item type
     * @return the pages, the first fetched on the first request
     */
    public static <T> Flux<Page<T>> pages(@Nullable String firstToken, Function<String, Mono<Page<T>>> fetch) {
        return pages(firstToken, fetch, null);
    }

    /**
     * As {@link #pages(String, Function)}, for a server that might answer with the token it was just
     * given, which would page forever: such a page is still emitted (its next token is the one it was
     * fetched with), then the listing fails with {@code repeated}'s error when the next page is wanted.
     *
     * @param firstToken the token of the first page to fetch, {@code null} for the very first
     * @param fetch fetches the page at a token; called again for each page, never concurrently
     * @param repeated the error for a page whose next token is the token it was fetched with; given that token
     * @param <T> the item type
     * @return the pages, the first fetched on the first request
     */
    public static <T> Flux<Page<T>> pages(@Nullable String firstToken, Function<String, Mono<Page<T>>> fetch,
                                          @Nullable Function<String, ? extends Throwable> repeated) {
        Objects.requireNonNull(fetch, "fetch");
        // An HTTP Mono sends its request when subscribed, not when asked for a value, and expand()
        // subscribes to the next page's publisher as soon as the previous one completes. So every fetch
        // waits behind a Flux that subscribes to it only on demand (Mono operators would not: they
        // request everything upstream at once; hide() stops the scalar shortcut that would call fetch
        // at subscription): no request goes out before a page is wanted.
        return onDemand(() -> fetched(firstToken, fetch))
                .expand(f -> {
                    String next = f.page().nextToken();
                    if (next == null) {
                        return Flux.empty();
                    }
                    if (repeated != null && next.equals(f.token())) {
                        return onDemand(() -> Mono.error(repeated.apply(next)));
                    }
                    return onDemand(() -> fetched(next, fetch));
                }, 1)
                .map(Fetched::page);
    }

    /** A page and the token it was fetched with. */
    private record Fetched<T>(@Nullable String token, Page<T> page) {
    }

    private static <T> Mono<Fetched<T>> fetched(@Nullable String token, Function<String, Mono<Page<T>>> fetch) {
        return fetch.apply(token).map(page -> new Fetched<>(token, page));
    }

    private static <T> Flux<Fetched<T>> onDemand(Supplier<Mono<Fetched<T>>> fetch) {
        return Flux.just(Boolean.TRUE).hide().concatMap(wanted -> fetch.get(), 0);
    }

    private static final Object END_OF_PAGE = new Object();

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object item) {
        return (T) item;
    }
}
