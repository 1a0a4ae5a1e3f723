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
        return pages(firstToken, fetch).concatMapIterable(Page::items, 1);
    }

    /** Every page, fetched one at a time as the subscriber requests them. */
    public static <T> Flux<Page<T>> pages(String firstToken, Function<String, Mono<Page<T>>> fetch) {
        Objects.requireNonNull(fetch, "fetch");
        return Flux.defer(() -> fetch.apply(firstToken))
                .expand(page -> page.isLast() ? Mono.empty() : Mono.defer(() -> fetch.apply(page.nextToken())), 1);
    }
}
