package io.contactkit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class PagingTest {

    private final AtomicInteger fetches = new AtomicInteger();

    private Mono<Page<Integer>> page(String token, int pages, int size) {
        return Mono.fromSupplier(() -> {
            fetches.incrementAndGet();
            int n = token == null ? 0 : Integer.parseInt(token);
            List<Integer> items = IntStream.range(n * size, n * size + size).boxed().toList();
            return new Page<>(items, n + 1 < pages ? Integer.toString(n + 1) : null);
        });
    }

    @Test
    void nothingIsFetchedBeforeSubscription() {
        Paging.items(null, t -> page(t, 3, 5));
        assertEquals(0, fetches.get());
    }

    @Test
    void requestingOneItemFetchesOnePage() {
        StepVerifier.create(Paging.items(null, t -> page(t, 3, 5)), 0)
                .thenRequest(1)
                .expectNext(0)
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(3)
                .expectNext(1, 2, 3)
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(2)
                .expectNext(4, 5)
                .then(() -> assertEquals(2, fetches.get()))
                .thenCancel()
                .verify();
        assertEquals(2, fetches.get());
    }

    @Test
    void everyItemExactlyOnceInOrder() {
        StepVerifier.create(Paging.items(null, t -> page(t, 4, 3)))
                .expectNextSequence(IntStream.range(0, 12).boxed().toList())
                .verifyComplete();
        assertEquals(4, fetches.get());
    }

    @Test
    void cancellingStopsFurtherFetches() {
        StepVerifier.create(Paging.items(null, t -> page(t, 100, 2)).take(3))
                .expectNext(0, 1, 2)
                .verifyComplete();
        assertEquals(2, fetches.get());
    }

    @Test
    void tenThousandPagesNeedNoStack() {
        StepVerifier.create(Paging.items(null, t -> page(t, 10_000, 1)).count())
                .expectNext(10_000L)
                .verifyComplete();
    }

    @Test
    void resumesFromAToken() {
        StepVerifier.create(Paging.items("2", t -> page(t, 3, 2)))
                .expectNext(4, 5)
                .verifyComplete();
    }

    @Test
    void aPageThatStartsOnSubscriptionIsNotFetchedBeforeItIsWanted() {
        // like an HTTP Mono: the work starts when subscribed, and the answer arrives on another thread
        Function<String, Mono<Page<Integer>>> http = t -> Mono.defer(() -> page(t, 3, 5)).delayElement(Duration.ofMillis(5));
        StepVerifier.create(Paging.items(null, http), 0)
                .thenRequest(1)
                .expectNext(0)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(4)
                .expectNext(1, 2, 3, 4)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(1)
                .expectNext(5)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertEquals(2, fetches.get());
    }

    /** A provider that answers the page at "b" with "b" as its next token again. */
    private Mono<Page<Integer>> repeating(String token) {
        return Mono.fromSupplier(() -> {
            fetches.incrementAndGet();
            return token == null ? new Page<>(List.of(1), "b") : new Page<>(List.of(fetches.get()), "b");
        });
    }

    @Test
    void aRepeatedTokenDeliversThatPageThenFailsWithoutFetchingAgain() {
        IllegalStateException repeated = new IllegalStateException("repeated");
        StepVerifier.create(Paging.items(Paging.pages(null, this::repeating, t -> repeated)))
                .expectNext(1, 2)
                .verifyErrorMatches(e -> e == repeated);
        assertEquals(2, fetches.get());
    }

    @Test
    void pagesOfAGuardedListingCarryTheTokensAsTheProviderSentThem() {
        StepVerifier.create(Paging.pages(null, this::repeating, t -> new IllegalStateException("repeated")))
                .expectNext(new Page<>(List.of(1), "b"), new Page<>(List.of(2), "b"))
                .verifyErrorMessage("repeated");
        assertEquals(2, fetches.get());
    }

    @Test
    void aGuardedListingThatEndsIsUnchanged() {
        StepVerifier.create(Paging.items(Paging.pages(null, t -> page(t, 3, 2), t -> new IllegalStateException())))
                .expectNextSequence(IntStream.range(0, 6).boxed().toList())
                .verifyComplete();
    }

    @Test
    void pagesCarryTheTokenThatResumesAfterThem() {
        List<Page<Integer>> all = Paging.pages(null, t -> page(t, 3, 2)).collectList().block();
        assertEquals(List.of(new Page<>(List.of(0, 1), "1"), new Page<>(List.of(2, 3), "2"), Page.last(List.of(4, 5))), all);
        StepVerifier.create(Paging.items(all.get(0).nextToken(), t -> page(t, 3, 2)))
                .expectNext(2, 3, 4, 5)
                .verifyComplete();
    }

    @Test
    void aPageIsFetchedOnlyWhenRequested() {
        StepVerifier.create(Paging.pages(null, t -> page(t, 3, 2)), 0)
                .expectSubscription()
                .then(() -> assertEquals(0, fetches.get()))
                .thenRequest(1)
                .expectNext(new Page<>(List.of(0, 1), "1"))
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(1)
                .expectNext(new Page<>(List.of(2, 3), "2"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertEquals(2, fetches.get());
    }

    @Test
    void itemsOfEmittedPagesAreDeliveredOnDemand() {
        StepVerifier.create(Paging.items(Paging.pages(null, t -> page(t, 3, 2))), 0)
                .thenRequest(2)
                .expectNext(0, 1)
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertEquals(1, fetches.get()))
                .thenRequest(1)
                .expectNext(2)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertEquals(2, fetches.get());
    }

    @Test
    void aRepeatedTokenEmitsThePageThenFailsWhenTheNextIsWanted() {
        Function<String, Mono<Page<Integer>>> stuck = t -> Mono.fromSupplier(() -> {
            fetches.incrementAndGet();
            return new Page<>(List.of(fetches.get()), "same");
        });
        StepVerifier.create(Paging.pages("same", stuck, t -> new IllegalStateException("repeated " + t)), 0)
                .thenRequest(1)
                .expectNext(new Page<>(List.of(1), "same"))
                .expectNoEvent(Duration.ofMillis(100))
                .thenRequest(1)
                .expectErrorMessage("repeated same")
                .verify(Duration.ofSeconds(5));
        assertEquals(1, fetches.get());
        // a token that changes is followed
        fetches.set(0);
        StepVerifier.create(Paging.pages(null, t -> page(t, 3, 1), t -> new IllegalStateException()).count())
                .expectNext(3L)
                .verifyComplete();
    }

    @Test
    void mapKeepsTheToken() {
        assertEquals(new Page<>(List.of("1", "2"), "t"), new Page<>(List.of(1, 2), "t").map(String::valueOf));
    }
}
