package io.contactkit.ports;

import java.util.Objects;
import java.util.function.Function;
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
        return pages(firstToken, fetch)
                .concatMap(page -> page.isLast()
                        ? Flux.<Object>fromIterable(page.items())
                        : Flux.<Object>fromIterable(page.items()).concatWith(Mono.just(END_OF_PAGE)), 0)
                .filter(item -> item != END_OF_PAGE)
                .map(Paging::<T>cast);
    }

    /** Every page, fetched one at a time as the subscriber requests them. */
    public static <T> Flux<Page<T>> pages(String firstToken, Function<String, Mono<Page<T>>> fetch) {
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

    private static final Object END_OF_PAGE = new Object();

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object item) {
        return (T) item;
    }
}
