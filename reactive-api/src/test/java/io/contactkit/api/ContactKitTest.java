package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Page;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ContactKitTest {

    @Test
    void theInMemoryProviderIsTheDefault() {
        try (ContactKit kit = ContactKit.builder().build()) {
            assertEquals("memory", kit.providerId());
            assertEquals(ContactKit.DEFAULT_CONCURRENCY, kit.concurrency());
            assertTrue(kit.retryPolicy().isOff());
            StepVerifier.create(kit.upsert("ws", Commands.email("Ann@Example.com", "Ann")))
                    .assertNext(r -> {
                        assertEquals(UpsertResult.Status.CREATED, r.status());
                        assertEquals(List.of(Identifier.of("emailaddress", "ann@example.com")), r.contact().identifiers());
                    })
                    .verifyComplete();
        }
    }

    @Test
    void providersAreFoundByIdThroughServiceLoader() {
        assertTrue(ContactKit.availableProviders().contains("memory"));
        try (ContactKit kit = ContactKit.builder().provider("memory").build()) {
            assertEquals("memory", kit.providerId());
        }
    }

    @Test
    void anUnknownProviderIdIsATypedErrorListingTheAvailableIds() {
        UnknownProviderException e = assertThrows(UnknownProviderException.class,
                () -> ContactKit.builder().provider("carrier-pigeon").build());
        assertEquals("carrier-pigeon", e.requestedId());
        assertEquals(ContactKit.availableProviders(), e.availableIds());
        assertTrue(e.availableIds().contains("memory"));
        assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("memory"), e.getMessage());
    }

    @Test
    void badBuilderValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ContactKit.builder().concurrency(0));
        assertThrows(IllegalArgumentException.class, () -> ContactKit.builder().timeout(java.time.Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ContactKit.builder().timeout(java.time.Duration.ofSeconds(-1)));
        try (ContactKit kit = ContactKit.builder().build()) {
            assertThrows(IllegalArgumentException.class, () -> kit.upsertAll("ws", reactor.core.publisher.Flux.empty(), c -> null, 0));
        }
    }

    @Test
    void aTimeoutLongerThanSevenDaysIsRefusedNamingTheMaximum() {
        for (Duration tooLong : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(365 * 300), ContactKit.MAX_TIMEOUT.plusNanos(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContactKit.builder().timeout(tooLong));
            assertEquals("timeout must be at most 7 days (PT168H), got " + tooLong, e.getMessage());
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> ContactKit.builder().retry(RetryPolicy.backoff(1, Duration.ofDays(365 * 300)))).getMessage();
        assertTrue(m.startsWith("retry maxBackoff must be at most 7 days (PT168H)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> ContactKit.builder()
                .retry(RetryPolicy.backoff(1, Duration.ofSeconds(1)).withMaxRetryAfter(Duration.ofSeconds(Long.MAX_VALUE)))).getMessage();
        assertTrue(m.startsWith("retry maxRetryAfter must be at most 7 days (PT168H)"), m);
    }

    @Test
    void theLongestTimeoutAllowedStillRunsOperations() {
        assertEquals(Duration.ofDays(7), ContactKit.MAX_TIMEOUT);
        RetryPolicy longest = RetryPolicy.backoff(1, ContactKit.MAX_TIMEOUT).withMaxRetryAfter(ContactKit.MAX_TIMEOUT);
        try (ContactKit kit = ContactKit.builder().timeout(ContactKit.MAX_TIMEOUT).retry(longest).build()) {
            assertEquals(ContactKit.MAX_TIMEOUT, kit.timeout());
            StepVerifier.create(kit.upsert("ws", Commands.email("ann@example.com", "Ann")))
                    .assertNext(r -> assertEquals(UpsertResult.Status.CREATED, r.status())).verifyComplete();
            StepVerifier.create(kit.get("ws", "no-such-contact")).expectError(NotFoundException.class).verify();
            StepVerifier.create(kit.list("ws")).expectNextCount(1).verifyComplete();
            StepVerifier.create(kit.search("ws", Identifier.of("emailaddress", "ann@example.com"))).expectNextCount(1).verifyComplete();
        }
    }

    @Test
    void aProviderPassedInIsClosedOnlyWhenAsked() {
        TestProvider kept = new TestProvider();
        ContactKit.builder().provider(kept).build().close();
        assertFalse(kept.closed.get());
        TestProvider handedOver = new TestProvider();
        ContactKit.builder().provider(handedOver).closeProvider(true).build().close();
        assertTrue(handedOver.closed.get());
    }

    @Test
    void upsertGetUpdateSearchListDelete() {
        try (ContactKit kit = ContactKit.builder().build()) {
            Contact ann = kit.upsert("ws", Commands.email("ann@example.com", "Ann")).block().contact();
            StepVerifier.create(kit.upsert("ws", Commands.email("ANN@example.com", "Anne")))
                    .assertNext(r -> {
                        assertEquals(UpsertResult.Status.UPDATED, r.status());
                        assertEquals(ann.id(), r.contact().id());
                    })
                    .verifyComplete();
            StepVerifier.create(kit.get("ws", ann.id()))
                    .assertNext(c -> assertEquals("Anne", c.displayName().orElseThrow()))
                    .verifyComplete();
            StepVerifier.create(kit.update("ws", ann.id(), Commands.emailAndPhone("ann@example.com", "+14084029292")))
                    .assertNext(c -> assertEquals(2, c.identifiers().size()))
                    .verifyComplete();
            StepVerifier.create(kit.search("ws", Identifier.of("phonenumber", "+14084029292")).map(Contact::id))
                    .expectNext(ann.id())
                    .verifyComplete();
            kit.upsert("ws", Commands.email("bob@example.com")).block();
            StepVerifier.create(kit.list("ws", ListQuery.builder().pageSize(1).build()).map(Contact::displayName))
                    .expectNext(java.util.Optional.of("Anne"), java.util.Optional.of("bob@example.com"))
                    .verifyComplete();
            StepVerifier.create(kit.delete("ws", ann.id())).verifyComplete();
            StepVerifier.create(kit.get("ws", ann.id())).expectError(NotFoundException.class).verify();
            StepVerifier.create(kit.list("ws").count()).expectNext(1L).verifyComplete();
        }
    }

    @Test
    void listingIsLazy() {
        TestProvider provider = new TestProvider();
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            kit.list("ws");
            kit.search("ws", Identifier.of("emailaddress", "ann@example.com"));
            kit.get("ws", "x");
            kit.upsert("ws", Commands.email("ann@example.com"));
            assertEquals(0, provider.otherCalls.get() + provider.upsertCalls.get());
        }
    }

    @Test
    void missingArgumentsAreLocalValidationErrorsAndSendNothing() {
        TestProvider provider = new TestProvider();
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            expectLocalValidation(kit.upsert(" ", Commands.email("ann@example.com")), "workspace");
            expectLocalValidation(kit.upsert("ws", null), "command");
            expectLocalValidation(kit.get("ws", ""), "contactId");
            expectLocalValidation(kit.update(null, "id", Commands.email("ann@example.com")), "workspace");
            expectLocalValidation(kit.delete("ws", null), "contactId");
            expectLocalValidation(kit.list("ws", null).next(), "query");
            expectLocalValidation(kit.search("ws", null).next(), "identifier");
            assertEquals(0, provider.otherCalls.get() + provider.upsertCalls.get());
        }
    }

    private static void expectLocalValidation(reactor.core.publisher.Mono<?> mono, String field) {
        StepVerifier.create(mono).expectErrorSatisfies(e -> {
            ValidationException v = assertInstanceOf(ValidationException.class, e);
            assertTrue(v.isLocal());
            assertEquals(field, v.violations().get(0).field());
            assertEquals("test", ((ProviderException) e).provider());
        }).verify();
    }

    @Test
    void aListingResumesFromTheTokenOfAPageAndFetchesPagesOnDemand() {
        TestProvider provider = new TestProvider();
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            for (int i = 0; i < 5; i++) {
                kit.upsert("ws", Commands.email("p" + i + "@example.com")).block();
            }
            ListQuery twoPerPage = ListQuery.builder().pageSize(2).build();
            List<Page<Contact>> pages = kit.listPages("ws", twoPerPage).collectList().block();
            assertEquals(List.of(2, 2, 1), pages.stream().map(p -> p.items().size()).toList());
            assertTrue(pages.get(2).isLast());
            List<Contact> all = kit.list("ws", twoPerPage).collectList().block();
            assertEquals(all, pages.stream().flatMap(p -> p.items().stream()).toList());
            // a new listing from the first page's token: the rest, nothing twice
            ListQuery resumed = ListQuery.builder().pageSize(2).pageToken(pages.get(0).nextToken()).build();
            assertEquals(all.subList(2, 5), kit.list("ws", resumed).collectList().block());

            long before = provider.memory.requestCount();
            StepVerifier.create(kit.listPages("ws", twoPerPage), 0)
                    .expectSubscription()
                    .then(() -> assertEquals(before, provider.memory.requestCount(), "nothing fetched before a request"))
                    .thenRequest(1)
                    .expectNext(pages.get(0))
                    .then(() -> assertEquals(before + 1, provider.memory.requestCount(), "one page for one request"))
                    .thenCancel()
                    .verify();
            assertEquals(before + 1, provider.memory.requestCount());
        }
    }

    @Test
    void listingPagesIsCheckedLikeListing() {
        try (ContactKit kit = ContactKit.builder().build()) {
            StepVerifier.create(kit.listPages(" ", ListQuery.all())).expectError(ValidationException.class).verify();
            StepVerifier.create(kit.listPages("ws", null)).expectError(ValidationException.class).verify();
        }
    }
}
