package io.contactkit.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The in-memory provider behaves as the port promises: lazy, typed errors, lazy paging. */
class InMemoryContactProviderTest {

    static final String WS = "ws";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final InMemoryContactProvider provider = new InMemoryContactProvider(Clock.fixed(T0, ZoneOffset.UTC), sequentialIds());

    static java.util.function.Supplier<String> sequentialIds() {
        int[] next = {0};
        return () -> "id-" + (++next[0]);
    }

    static UpsertCommand cmd(Strategy strategy, Consumer<UpsertCommand.Builder> rest, String... emails) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
        for (String e : emails) {
            b.identifier(Identifier.EMAIL, e);
        }
        rest.accept(b);
        return b.build(IdentifierPolicy.defaults()).get();
    }

    static UpsertCommand cmd(Strategy strategy, String... emails) {
        return cmd(strategy, b -> { }, emails);
    }

    static Identifier email(String e) {
        return Identifier.of(Identifier.EMAIL, e);
    }

    @Test
    void itDescribesItself() {
        Capabilities c = provider.capabilities();
        assertEquals("memory", provider.id());
        for (Strategy s : Strategy.values()) {
            assertTrue(c.supports(s), s::toString);
        }
        for (Operation o : Operation.values()) {
            assertTrue(c.supports(o), o::toString);
        }
        assertTrue(c.lists() && c.accounts() && c.reverseListing());
        assertEquals(PagingStyle.TOKEN, c.paging());
        assertTrue(c.canKeyOn("anyKey"));
    }

    @Test
    void itIsDiscoveredThroughServiceLoader() {
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.id().equals("memory")).findFirst().orElseThrow();
        try (ContactProvider p = factory.create(ProviderSettings.empty())) {
            assertEquals("memory", p.id());
            StepVerifier.create(p.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io")).map(UpsertResult::created)).expectNext(true).verifyComplete();
        }
    }

    @Test
    void nothingHappensBeforeSubscription() {
        Mono<UpsertResult> pending = provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io"));
        Mono<Contact> created = provider.create(WS, cmd(Strategy.STRICT_ALIAS, "b@x.io"));
        assertEquals(0, provider.size(WS));
        assertEquals(0, provider.requestCount());

        pending.block();
        pending.block();
        created.block();
        assertEquals(2, provider.size(WS));
        assertEquals(3, provider.requestCount(), "each subscription is one request");
        provider.list(WS, ListQuery.builder().pageSize(1).build()).take(1).blockLast();
        assertEquals(4, provider.requestCount(), "one page read for one item");
    }

    @Test
    void upsertCreatesThenUpdates() {
        StepVerifier.create(provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann"), "a@x.io")))
                .assertNext(r -> {
                    assertEquals(UpsertResult.Status.CREATED, r.status());
                    assertEquals("id-1", r.contact().id());
                    assertEquals(T0, r.contact().createdAt());
                    assertEquals(List.of(), r.warnings());
                })
                .verifyComplete();
        StepVerifier.create(provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, b -> b.set("lastName", "Lee"), "a@x.io", "b@x.io")))
                .assertNext(r -> {
                    assertEquals(UpsertResult.Status.UPDATED, r.status());
                    assertEquals(List.of(email("a@x.io"), email("b@x.io")), r.contact().identifiers());
                    assertEquals(2, r.contact().attributes().size());
                })
                .verifyComplete();
        StepVerifier.create(provider.get(WS, "id-1").map(Contact::identifiers)).expectNext(List.of(email("a@x.io"), email("b@x.io")))
                .verifyComplete();
    }

    @Test
    void whatWasNotDoneAsAskedComesBackAsWarnings() {
        provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io")).block();
        provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "b@x.io")).block();

        UpsertResult skipped = provider.upsert(WS, cmd(Strategy.FIRST_ALIAS, b -> b.removeIdentifier("crmId", "9"), "a@x.io", "b@x.io")).block();
        assertEquals(List.of("identifier_skipped", "removal_ignored"), skipped.warnings().stream().map(Warning::code).toList());
        assertTrue(skipped.warnings().get(0).message().contains("id-2"), skipped.warnings().get(0)::message);

        UpsertResult notAdded = provider.upsert(WS, cmd(Strategy.FIRST, "a@x.io", "c@x.io")).block();
        assertEquals(List.of("identifier_not_added"), notAdded.warnings().stream().map(Warning::code).toList());

        UpsertResult merged = provider.upsert(WS, cmd(Strategy.MERGE, "b@x.io", "a@x.io")).block();
        assertEquals("id-1", merged.contact().id());
        assertEquals(List.of("contact_merged"), merged.warnings().stream().map(Warning::code).toList());
        StepVerifier.create(provider.get(WS, "id-2")).expectError(NotFoundException.class).verify();
    }

    @Test
    void conflictsAreTypedAndNameTheContacts() {
        provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io")).block();
        provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "b@x.io")).block();

        StepVerifier.create(provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io", "b@x.io")))
                .expectErrorSatisfies(e -> {
                    ConflictException c = (ConflictException) e;
                    assertEquals(List.of("id-1", "id-2"), c.contactIds());
                    assertEquals("conflict", c.code());
                    assertEquals("memory", c.provider());
                    assertFalse(c.isRetryable());
                })
                .verify();
        StepVerifier.create(provider.create(WS, cmd(Strategy.STRICT_ALIAS, "b@x.io"))).expectError(ConflictException.class).verify();
        StepVerifier.create(provider.update(WS, "id-1", cmd(Strategy.STRICT_ALIAS, "b@x.io"))).expectError(ConflictException.class).verify();
        assertEquals(2, provider.size(WS));
    }

    @Test
    void invalidRequestsFailWithATypedValidationError() {
        StepVerifier.create(provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann"))))
                .expectErrorSatisfies(e -> {
                    ValidationException v = (ValidationException) e;
                    assertTrue(v.isLocal());
                    assertEquals("identifiers", v.violations().get(0).field());
                })
                .verify();
        StepVerifier.create(provider.upsert(" ", cmd(Strategy.STRICT_ALIAS, "a@x.io"))).expectError(ValidationException.class).verify();
        StepVerifier.create(provider.create(null, cmd(Strategy.STRICT_ALIAS, "a@x.io"))).expectError(ValidationException.class).verify();
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageToken("not-a-token").build())).expectError(ValidationException.class).verify();
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageToken("-3").build())).expectError(ValidationException.class).verify();
        assertThrows(ValidationException.class, () -> ListQuery.builder().pageSize(0).build());
        assertEquals(0, provider.size(WS));
    }

    @Test
    void updateAndDeleteOfUnknownContactsAreNotFound() {
        StepVerifier.create(provider.update(WS, "nope", cmd(Strategy.STRICT_ALIAS, "a@x.io")))
                .expectErrorSatisfies(e -> assertEquals("not_found", ((NotFoundException) e).code())).verify();
        StepVerifier.create(provider.delete(WS, "nope")).expectError(NotFoundException.class).verify();
        StepVerifier.create(provider.get(WS, "nope")).expectError(NotFoundException.class).verify();
    }

    @Test
    void createUpdateDeleteRoundTrip() {
        Contact c = provider.create(WS, cmd(Strategy.FIRST, "a@x.io", "b@x.io")).block();
        assertEquals(List.of(email("a@x.io"), email("b@x.io")), c.identifiers());

        Contact updated = provider.update(WS, c.id(), cmd(Strategy.STRICT_ALIAS, b -> b.addToList("L1").language("EN"), "c@x.io")).block();
        assertEquals(List.of("L1"), updated.lists());
        assertEquals(3, updated.identifiers().size());

        StepVerifier.create(provider.delete(WS, c.id())).verifyComplete();
        StepVerifier.create(provider.get(WS, c.id())).expectError(NotFoundException.class).verify();
        StepVerifier.create(provider.delete(WS, c.id())).expectError(NotFoundException.class).verify();
        StepVerifier.create(provider.search(WS, email("a@x.io"))).verifyComplete();
    }

    @Test
    void searchFindsTheOwner() {
        provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "a@x.io", "b@x.io")).block();
        StepVerifier.create(provider.search(WS, email("b@x.io")).map(Contact::id)).expectNext("id-1").verifyComplete();
        StepVerifier.create(provider.search(WS, email("z@x.io"))).verifyComplete();
        StepVerifier.create(provider.search("other", email("b@x.io"))).verifyComplete();
    }

    @Test
    void workspacesAreSeparate() {
        provider.upsert("one", cmd(Strategy.STRICT_ALIAS, "a@x.io")).block();
        UpsertResult other = provider.upsert("two", cmd(Strategy.STRICT_ALIAS, "a@x.io")).block();
        assertTrue(other.created());
        assertEquals("two", other.contact().workspace());
        assertEquals(1, provider.size("one"));
        assertEquals(1, provider.size("two"));
    }

    List<String> fill(int n) {
        IntStream.rangeClosed(1, n).forEach(i -> provider.upsert(WS, cmd(Strategy.STRICT_ALIAS, "p" + i + "@x.io")).block());
        return IntStream.rangeClosed(1, n).mapToObj(i -> "id-" + i).toList();
    }

    @Test
    void listingPagesInCreationOrderAndBackwards() {
        List<String> ids = fill(25);
        ListQuery tens = ListQuery.builder().pageSize(10).build();
        StepVerifier.create(provider.list(WS, tens).map(Contact::id).collectList()).expectNext(ids).verifyComplete();

        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageSize(10).reverse(true).build()).map(Contact::id).collectList())
                .expectNext(reversed).verifyComplete();

        StepVerifier.create(provider.list(WS, ListQuery.builder().pageSize(10).pageToken("20").build()).map(Contact::id).collectList())
                .expectNext(ids.subList(20, 25)).verifyComplete();
        StepVerifier.create(provider.list("empty", ListQuery.all())).verifyComplete();
        StepVerifier.create(provider.list("empty", ListQuery.builder().reverse(true).build())).verifyComplete();
    }

    @Test
    void requestingOneContactFetchesOnePageOnly() {
        fill(25);
        List<String> seen = new ArrayList<>();
        // after the first item, delete a contact of the first page and one of the second: the first page
        // was already read, the second must not have been
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageSize(10).build()).map(Contact::id), 1)
                .consumeNextWith(seen::add)
                .then(() -> {
                    provider.delete(WS, "id-5").block();
                    provider.delete(WS, "id-15").block();
                })
                .thenRequest(Long.MAX_VALUE)
                .recordWith(() -> seen)
                .thenConsumeWhile(id -> true)
                .verifyComplete();

        assertEquals(24, seen.size(), seen::toString);
        assertTrue(seen.contains("id-5"), "the first page was read before the delete");
        assertFalse(seen.contains("id-15"), "the second page was read before anybody asked for it");
    }

    @Test
    void cancellingStopsTheListing() {
        fill(25);
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageSize(10).build()).map(Contact::id), 1)
                .expectNext("id-1")
                .thenCancel()
                .verify();
        StepVerifier.create(provider.list(WS, ListQuery.builder().pageSize(10).build()).take(3).map(Contact::id))
                .expectNext("id-1", "id-2", "id-3").verifyComplete();
        StepVerifier.create(Flux.from(provider.list(WS, ListQuery.builder().pageSize(1000).build())).count()).expectNext(25L).verifyComplete();
    }

    @Test
    void aMissingWorkspaceIsATypedValidationErrorOnEveryOperation() {
        for (String ws : new String[] {null, " "}) {
            StepVerifier.create(provider.get(ws, "id-1")).expectError(ValidationException.class).verify();
            StepVerifier.create(provider.list(ws, ListQuery.all())).expectError(ValidationException.class).verify();
            StepVerifier.create(provider.search(ws, Identifier.of(Identifier.EMAIL, "a@b.co"))).expectError(ValidationException.class).verify();
            StepVerifier.create(provider.upsert(ws, cmd(Strategy.STRICT_ALIAS, "a@b.co"))).expectError(ValidationException.class).verify();
            StepVerifier.create(provider.delete(ws, "id-1")).expectError(ValidationException.class).verify();
        }
    }
}
