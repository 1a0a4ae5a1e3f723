package io.contactkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The provider compatibility kit: the contract every {@link ContactProvider} must honour, written
 * once against the port. Extend it, return a fresh {@link ContractSubject} from {@link #subject()},
 * and every test below runs against your provider:
 *
 * <pre>{@code
 * class AcmeProviderContractTest extends ProviderContractTest {
 *     @Override
 *     protected ContractSubject subject() {
 *         return ContractSubject.builder(new AcmeProvider(settings), "workspace-1").build();
 *     }
 * }
 * }</pre>
 *
 * <p>What a provider declares in its {@link Capabilities} is tested for its semantics; what it does
 * not declare must fail with {@link UnsupportedCapabilityException} instead of being silently
 * replaced. Tests that need something the subject cannot give (a second identifier key, a bad-key
 * provider, a request counter) are skipped, not passed. Every test uses fresh, unique identifiers,
 * so a subject may share one workspace between tests.
 *
 * <p>This is test support, in {@code src/main} only so that other modules can extend it: it waits
 * for results with {@code block()} and for quiet periods with {@code Thread.sleep}, on JUnit's own
 * thread, never on an event loop. That is the exception to the project's no-blocking rule, which
 * holds for the providers under test.
 */
public abstract class ProviderContractTest {

    /** The longest any single call may take. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String FIRST = Contact.FIRST_NAME;
    private static final String LAST = Contact.LAST_NAME;

    private ContractSubject subject;
    private ContactProvider provider;
    private Capabilities caps;
    private String ws;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * A subject for one test; called before each test and closed after it.
     *
     * @return a fresh subject
     */
    protected abstract ContractSubject subject();

    @BeforeEach
    void openSubject() {
        subject = subject();
        provider = subject.provider();
        caps = provider.capabilities();
        ws = subject.workspace();
    }

    @AfterEach
    void closeSubject() {
        if (subject != null) {
            subject.close();
        }
    }

    // ---- the provider describes itself ------------------------------------------------------

    @Test
    @DisplayName("the provider has an id and declares its capabilities")
    void declaresItself() {
        assertNotNull(provider.id());
        assertFalse(provider.id().isBlank());
        assertNotNull(caps);
        assertFalse(caps.operations().isEmpty(), "a provider supports at least one operation");
        assertTrue(caps.supports(Operation.UPSERT) || caps.supports(Operation.CREATE), "contacts can be made");
    }

    // ---- upsert semantics -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Strategy.class)
    @DisplayName("upsert creates when nothing matches and updates the match afterwards, under each declared strategy")
    void upsertCreatesThenUpdates(Strategy strategy) {
        assumeTrue(caps.supports(Operation.UPSERT), "no upsert");
        Identifier id = primary();
        UpsertCommand create = command(strategy, c -> c.identifier(id).set(FIRST, "Ann").set(LAST, "Lee"));
        if (!caps.supports(strategy)) {
            assertUnsupported(() -> block(provider.upsert(ws, create)));
            assertNoOwner(id);
            return;
        }
        UpsertResult created = block(provider.upsert(ws, create));
        assertTrue(created.created(), "first upsert creates");
        assertTrue(created.contact().owns(id), "the new contact owns the identifier");
        assertAttribute(created.contact(), FIRST, "Ann");

        UpsertResult updated = block(provider.upsert(ws, command(strategy, c -> c.identifier(id).set(LAST, "Lopez"))));
        assertFalse(updated.created(), "second upsert updates");
        assertEquals(created.contact().id(), updated.contact().id());
        assertAttribute(updated.contact(), LAST, "Lopez");
        assertAttribute(updated.contact(), FIRST, "Ann");

        UpsertResult again = block(provider.upsert(ws, command(strategy, c -> c.identifier(id).set(LAST, "Lopez"))));
        assertFalse(again.created(), "repeating an upsert creates nothing");
        assertEquals(created.contact().id(), again.contact().id());
    }

    @Test
    @DisplayName("strict_alias: identifiers of two contacts are a conflict that names them and changes nothing")
    void strictAliasConflict() {
        assumeMultiIdentifier(Strategy.STRICT_ALIAS);
        Identifier a = primary();
        Identifier b = secondary();
        Contact ca = make(a);
        Contact cb = make(b);
        UpsertCommand both = command(Strategy.STRICT_ALIAS, c -> c.identifier(a).identifier(b).set(FIRST, "Changed"));
        ConflictException conflict = assertThrows(ConflictException.class, () -> block(provider.upsert(ws, both)));
        if (!conflict.contactIds().isEmpty()) {
            assertTrue(conflict.contactIds().containsAll(List.of(ca.id(), cb.id())), "the conflict names both contacts: " + conflict.contactIds());
        } else {
            assertTrue(conflict.getMessage().contains(ca.id()) && conflict.getMessage().contains(cb.id()),
                    "the conflict names both contacts: " + conflict.getMessage());
        }
        Contact after = current(ca);
        assertFalse(after.owns(b), "nothing moved");
        assertAttribute(after, FIRST, "Ann");
        assertEquals(cb.id(), owner(b));
    }

    @Test
    @DisplayName("strict_alias: the one matching contact takes every unowned identifier")
    void strictAliasAddsUnowned() {
        assumeMultiIdentifier(Strategy.STRICT_ALIAS);
        Identifier a = primary();
        Identifier b = secondary();
        Contact ca = make(a);
        UpsertResult r = block(provider.upsert(ws, command(Strategy.STRICT_ALIAS, c -> c.identifier(a).identifier(b))));
        assertFalse(r.created());
        assertEquals(ca.id(), r.contact().id());
        assertTrue(r.contact().owns(b));
    }

    @Test
    @DisplayName("first_alias: the first owner takes unowned identifiers; identifiers of other contacts stay put")
    void firstAliasSkipsForeign() {
        assumeMultiIdentifier(Strategy.FIRST_ALIAS);
        Identifier a = primary();
        Identifier b = secondary();
        Identifier fresh = secondary();
        Contact ca = make(a);
        Contact cb = make(b);
        UpsertResult r = block(provider.upsert(ws, command(Strategy.FIRST_ALIAS, c -> c.identifier(a).identifier(b).identifier(fresh))));
        assertFalse(r.created());
        assertEquals(ca.id(), r.contact().id());
        assertTrue(r.contact().owns(fresh), "unowned identifier added");
        assertFalse(r.contact().owns(b), "foreign identifier not moved");
        assertEquals(cb.id(), owner(b));
    }

    @Test
    @DisplayName("first: the first owner is updated without new identifiers; a new contact gets only the first identifier")
    void firstAddsNothing() {
        assumeMultiIdentifier(Strategy.FIRST);
        Identifier a = primary();
        Identifier b = secondary();
        Contact ca = make(a);
        UpsertResult r = block(provider.upsert(ws, command(Strategy.FIRST, c -> c.identifier(a).identifier(b).set(LAST, "First"))));
        assertEquals(ca.id(), r.contact().id());
        assertFalse(r.contact().owns(b));
        assertAttribute(r.contact(), LAST, "First");
        Identifier c1 = primary();
        Identifier c2 = secondary();
        UpsertResult created = block(provider.upsert(ws, command(Strategy.FIRST, c -> c.identifier(c1).identifier(c2).set(FIRST, "New"))));
        assertTrue(created.created());
        assertTrue(created.contact().owns(c1));
        assertFalse(created.contact().owns(c2));
        assertNoOwner(c2);
    }

    @Test
    @DisplayName("merge: every owner is merged into the earliest created contact")
    void mergeMergesOwners() {
        assumeMultiIdentifier(Strategy.MERGE);
        Identifier a = primary();
        Identifier b = secondary();
        Contact ca = make(a);
        Contact cb = make(b);
        UpsertResult r = block(provider.upsert(ws, command(Strategy.MERGE, c -> c.identifier(a).identifier(b))));
        assertEquals(ca.id(), r.contact().id(), "the earliest contact survives");
        assertTrue(r.contact().owns(a) && r.contact().owns(b));
        if (caps.supports(Operation.GET)) {
            assertThrows(NotFoundException.class, () -> block(provider.get(ws, cb.id())));
        }
    }

    @Test
    @DisplayName("no identifier is ever owned by two contacts, even when a write gives one contact another's e-mail address")
    void identifiersStayUnique() {
        assumeTrue(upsertOrCreate(), "contacts cannot be made");
        Identifier a = primary();
        Identifier b = primary();
        Identifier emailA = email();
        Identifier emailB = email();
        Contact ca = make(a, emailA);
        Contact cb = make(b, emailB);
        UpsertCommand takeB = command(defaultStrategy(), c -> c.identifier(a).identifier(emailB).set(LAST, "Taken"));
        Executable write = caps.supports(Operation.UPSERT) ? () -> block(provider.upsert(ws, takeB))
                : caps.supports(Operation.UPDATE) ? () -> block(provider.update(ws, ca.id(), takeB)) : null;
        assumeTrue(write != null, "no write names an existing contact");
        try {
            write.execute();
        } catch (ConflictException refused) {
            assertEquals("conflict", refused.code());
        } catch (Throwable e) {
            throw new AssertionError("the write either applies or is refused as a conflict", e);
        }
        Contact nowA = current(ca);
        Contact nowB = current(cb);
        for (Identifier i : nowA.identifiers()) {
            assertFalse(nowB.owns(i), i + " is owned by both " + ca.id() + " and " + cb.id());
        }
        assertTrue(nowA.owns(a) && nowB.owns(b), "each contact keeps its own primary identifier");
    }

    // ---- identifier normalization on the wire -----------------------------------------------

    @Test
    @DisplayName("a mixed-case e-mail address is stored in canonical form, and matches the contact that owns it")
    void mixedCaseEmailMatches() {
        assumeTrue(upsertOrCreate(), "contacts cannot be made");
        String local = "Ann.Lee+TCK-" + run + "-" + counter.incrementAndGet();
        Identifier mixed = raw(Identifier.EMAIL, "  " + local + "@Example.COM ");
        Identifier canonical = Identifier.of(Identifier.EMAIL, local.toLowerCase(Locale.ROOT) + "@example.com");
        if (!caps.canKeyOn(Identifier.EMAIL)) {
            assertStoredCanonically(canonical, makeOrRefuse(primary(), mixed));
            return;
        }
        Contact made = make(mixed);
        assertTrue(made.owns(canonical), "stored in canonical form: " + made.identifiers());
        assertStoredCanonically(canonical, java.util.Optional.of(made));
        assumeTrue(caps.supports(Operation.UPSERT) || caps.supports(Operation.SEARCH), "no way to match again");
        if (caps.supports(Operation.UPSERT)) {
            UpsertResult again = block(provider.upsert(ws, command(defaultStrategy(),
                    c -> c.identifier(Identifier.EMAIL, local.toUpperCase(Locale.ROOT) + "@EXAMPLE.com").set(LAST, "Again"))));
            assertFalse(again.created(), "the mixed-case address matched");
            assertEquals(made.id(), again.contact().id());
        }
        if (caps.supports(Operation.SEARCH)) {
            assertEquals(made.id(), owner(canonical));
        }
    }

    /**
     * A contact made with an e-mail address beside the provider's key (a provider that cannot key on
     * addresses may still hold them): the contact, or empty when the provider refused the address as
     * unsupported (it holds none; never dropped silently).
     */
    private java.util.Optional<Contact> makeOrRefuse(Identifier key, Identifier email) {
        try {
            return java.util.Optional.of(make(key, email));
        } catch (UnsupportedCapabilityException refused) {
            return java.util.Optional.empty();
        }
    }

    /** The address is held (as an identifier or a plain value) only in canonical form. */
    private static void assertStoredCanonically(Identifier canonical, java.util.Optional<Contact> made) {
        assumeTrue(made.isPresent(), "the provider holds no e-mail address and refuses them");
        Contact c = made.get();
        List<String> stored = new ArrayList<>();
        c.identifiers().forEach(i -> stored.add(i.value()));
        c.attributes().values().forEach(v -> stored.add(v.toString()));
        assertTrue(stored.contains(canonical.value()), "the address is held, canonical: " + c);
        for (String value : stored) {
            assertFalse(value.strip().equalsIgnoreCase(canonical.value()) && !value.equals(canonical.value()),
                    "a non-canonical form is stored: '" + value + "'");
        }
    }

    @Test
    @DisplayName("a phone number written differently matches the contact that owns it (or, without upsert, conflicts with it)")
    void formattedPhoneMatches() {
        assumeTrue(caps.canKeyOn(Identifier.PHONE) && upsertOrCreate(), "cannot make contacts keyed on phone numbers");
        String digits = phoneDigits();
        String pretty = "+1 (" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
        if (!caps.supports(Operation.UPSERT)) {
            // create-only providers: the canonical number is taken by the contact made with the formatted one
            Contact made = block(provider.create(ws, command(defaultStrategy(), c -> c.identifier(Identifier.PHONE, pretty).set(FIRST, "Ann").set(LAST, "Lee"))));
            assertTrue(made.owns(Identifier.of(Identifier.PHONE, "+1" + digits)), made.identifiers().toString());
            assertThrows(ConflictException.class, () -> block(provider.create(ws,
                    command(defaultStrategy(), c -> c.identifier(Identifier.PHONE, "+1" + digits).set(FIRST, "Bo").set(LAST, "Li")))));
            return;
        }
        UpsertResult made = block(provider.upsert(ws, command(defaultStrategy(), c -> c.identifier(Identifier.PHONE, pretty).set(FIRST, "Ann").set(LAST, "Lee"))));
        assertTrue(made.contact().owns(Identifier.of(Identifier.PHONE, "+1" + digits)), made.contact().identifiers().toString());
        UpsertResult again = block(provider.upsert(ws, command(defaultStrategy(), c -> c.identifier(Identifier.PHONE, "+1" + digits).set(LAST, "Again"))));
        assertFalse(again.created());
        assertEquals(made.contact().id(), again.contact().id());
    }

    @Test
    @DisplayName("custom identifiers with reserved characters survive the trip and match")
    void reservedCharactersInCustomIdentifiers() {
        assumeTrue(caps.upsertKeys().isEmpty() && caps.supports(Operation.UPSERT), "cannot upsert on custom keys");
        String value = "crm/" + run + " #1?x=%41&y+z@w";
        UpsertResult made = block(provider.upsert(ws, command(defaultStrategy(), c -> c.identifier("crmId", value).set(FIRST, "Ann").set(LAST, "Lee"))));
        assertTrue(made.contact().owns(Identifier.of("crmId", value)), made.contact().identifiers().toString());
        UpsertResult again = block(provider.upsert(ws, command(defaultStrategy(), c -> c.identifier("crmId", value))));
        assertFalse(again.created());
        assertEquals(made.contact().id(), again.contact().id());
    }

    // ---- get, update, delete, create ---------------------------------------------------------

    @Test
    @DisplayName("get returns the contact; an unknown id is not found")
    void getContact() {
        assumeTrue(caps.supports(Operation.GET), "no get");
        Identifier id = primary();
        Contact made = make(id);
        Contact got = block(provider.get(ws, made.id()));
        assertEquals(made.id(), got.id());
        assertTrue(got.owns(id));
        assertAttribute(got, FIRST, "Ann");
        NotFoundException e = assertThrows(NotFoundException.class, () -> block(provider.get(ws, subject.unknownContactId())));
        assertEquals("not_found", e.code());
    }

    @Test
    @DisplayName("update applies the command to one contact; an unknown id is not found")
    void updateContact() {
        assumeTrue(caps.supports(Operation.UPDATE), "no update");
        Contact made = make(primary());
        Contact updated = block(provider.update(ws, made.id(), command(defaultStrategy(), c -> c.set(LAST, "Updated"))));
        assertEquals(made.id(), updated.id());
        assertAttribute(updated, LAST, "Updated");
        assertAttribute(updated, FIRST, "Ann");
        assertAttribute(current(made), LAST, "Updated");
        assertThrows(NotFoundException.class,
                () -> block(provider.update(ws, subject.unknownContactId(), command(defaultStrategy(), c -> c.set(LAST, "X")))));
    }

    @Test
    @DisplayName("an update giving a contact another contact's identifier is a conflict that changes nothing")
    void updateWithAnotherContactsIdentifierConflicts() {
        assumeTrue(caps.supports(Operation.UPDATE) && upsertOrCreate(), "no update");
        Identifier a = primary();
        Identifier b = primary();
        Contact ca = make(a);
        Contact cb = make(b);
        ConflictException e = assertThrows(ConflictException.class,
                () -> block(provider.update(ws, ca.id(), command(defaultStrategy(), c -> c.identifier(b).set(LAST, "Taken")))));
        assertEquals("conflict", e.code());
        if (!e.contactIds().isEmpty()) {
            assertTrue(e.contactIds().contains(cb.id()), "the conflict names the owner: " + e.contactIds());
        }
        Contact nowA = current(ca);
        assertFalse(nowA.owns(b), "nothing moved");
        assertAttribute(nowA, LAST, "Lee");
        assertTrue(current(cb).owns(b));
    }

    @Test
    @DisplayName("delete removes the contact; deleting again is not found")
    void deleteContact() {
        assumeTrue(caps.supports(Operation.DELETE), "no delete");
        Identifier id = primary();
        Contact made = make(id);
        block(provider.delete(ws, made.id()));
        if (caps.supports(Operation.GET)) {
            assertThrows(NotFoundException.class, () -> block(provider.get(ws, made.id())));
        }
        if (caps.supports(Operation.SEARCH)) {
            assertNoOwner(id);
        }
        if (caps.supports(Operation.LIST)) {
            assertFalse(ids(provider.list(ws, ListQuery.builder().pageSize(caps.maxPageSize()).build())).contains(made.id()),
                    "a deleted contact is not listed");
        }
        assertThrows(NotFoundException.class, () -> block(provider.delete(ws, made.id())));
    }

    @Test
    @DisplayName("create makes a contact; creating one with a taken identifier is a conflict")
    void createConflict() {
        assumeTrue(caps.supports(Operation.CREATE), "no create");
        Identifier id = primary();
        UpsertCommand command = command(defaultStrategy(), c -> c.identifier(id).set(FIRST, "Ann").set(LAST, "Lee"));
        Contact made = block(provider.create(ws, command));
        assertTrue(made.owns(id));
        ConflictException e = assertThrows(ConflictException.class, () -> block(provider.create(ws, command)));
        assertEquals("conflict", e.code());
    }

    @Test
    @DisplayName("search finds the one owner of an identifier, and nothing for an unknown one")
    void searchByIdentifier() {
        assumeTrue(caps.supports(Operation.SEARCH), "no search");
        Identifier id = primary();
        Contact made = make(id);
        List<Contact> found = block(provider.search(ws, id).collectList());
        assertEquals(1, found.size());
        assertEquals(made.id(), found.get(0).id());
        assertTrue(found.get(0).owns(id));
        assertTrue(block(provider.search(ws, primary()).collectList()).isEmpty());
    }

    // ---- paging -----------------------------------------------------------------------------

    @Test
    @DisplayName("listing returns every contact exactly once, page after page")
    void listEveryContactOnce() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        int pageSize = pageSize();
        Set<String> mine = makeMany(2 * pageSize + 1);
        List<String> seen = ids(provider.list(ws, ListQuery.builder().pageSize(pageSize).build()));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no contact listed twice");
        assertTrue(seen.containsAll(mine), "every contact listed");
    }

    @Test
    @DisplayName("listing newest first, where declared, also returns every contact once")
    void reverseListing() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        ListQuery reverse = ListQuery.builder().pageSize(pageSize()).reverse(true).build();
        if (!caps.reverseListing()) {
            assertUnsupported(() -> ids(provider.list(ws, reverse)));
            return;
        }
        Set<String> mine = makeMany(2 * pageSize() + 1);
        List<String> seen = ids(provider.list(ws, reverse));
        assertEquals(seen.size(), new HashSet<>(seen).size());
        assertTrue(seen.containsAll(mine));
    }

    @Test
    @DisplayName("a listing delivers exactly what is requested: nothing before request(1), then one item, then the rest on demand")
    void backpressure() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        int pageSize = pageSize();
        makeMany(2 * pageSize + 1);
        StepVerifier.create(provider.list(ws, ListQuery.builder().pageSize(pageSize).build()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(QUIET)
                .thenRequest(pageSize)
                .expectNextCount(pageSize)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    @DisplayName("request(1) fetches one page, and nothing more until more is requested (needs a request counter)")
    void onePagePerDemand() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        long before = requestCountOrSkip();
        int pageSize = pageSize();
        makeMany(2 * pageSize + 1);
        Flux<Contact> listing = provider.list(ws, ListQuery.builder().pageSize(pageSize).build());
        long made = requests();
        StepVerifier.create(listing, 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertEquals(0, requests() - made, "nothing fetched before a request"))
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(QUIET)
                .then(() -> assertEquals(1, requests() - made, "one page fetched for one item"))
                .thenRequest(pageSize)
                .expectNextCount(pageSize)
                .thenCancel()
                .verify(TIMEOUT);
        assertEquals(2, requests() - made, "a second page only when wanted");
        assertTrue(made > before, "the counter counts this provider's requests");
    }

    @Test
    @DisplayName("cancelling a listing stops the paging (needs a request counter)")
    void cancellationStopsPaging() throws InterruptedException {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        requestCountOrSkip();
        int pageSize = pageSize();
        makeMany(3 * pageSize + 1);
        long before = requests();
        List<Contact> taken = block(provider.list(ws, ListQuery.builder().pageSize(pageSize).build()).take(pageSize + 1).collectList());
        assertEquals(pageSize + 1, taken.size());
        Thread.sleep(QUIET.toMillis());
        long fetched = requests() - before;
        assertEquals(2, fetched, "exactly the two pages needed were fetched");
    }

    @Test
    @DisplayName("a listing resumes from the token of a page it returned, with no contact lost or repeated")
    void resumeFromAPageToken() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        int pageSize = pageSize();
        Set<String> mine = makeMany(2 * pageSize + 1);
        ListQuery query = ListQuery.builder().pageSize(pageSize).build();
        Page<Contact> first = block(provider.listPages(ws, query).next());
        assertNotNull(first, "a first page");
        assertTrue(first.items().size() <= pageSize, "a page holds at most the page size");
        assertNotNull(first.nextToken(), "more contacts than one page holds: the first page has a next token");
        // a new listing, as after a restart: only the token carries over
        List<Page<Contact>> rest = block(provider.listPages(ws, ListQuery.builder().pageSize(pageSize)
                .pageToken(first.nextToken()).build()).collectList());
        assertFalse(rest.isEmpty(), "the resumed listing has pages");
        for (int i = 0; i < rest.size(); i++) {
            Page<Contact> page = rest.get(i);
            assertTrue(page.items().size() <= pageSize, "a page holds at most the page size");
            assertEquals(i == rest.size() - 1, page.isLast(), "only the last page has no next token");
        }
        List<String> seen = new ArrayList<>(ids(Flux.fromIterable(first.items())));
        rest.forEach(page -> seen.addAll(ids(Flux.fromIterable(page.items()))));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no contact listed twice across the resumption");
        assertTrue(seen.containsAll(mine), "every contact listed once the listing is resumed");
        assertEquals(new HashSet<>(ids(provider.list(ws, query))), new HashSet<>(seen), "the pages hold the listing's contacts");
    }

    @Test
    @DisplayName("pages are fetched one per request, none before the first and none after cancelling (needs a request counter)")
    void pagesOnDemand() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        requestCountOrSkip();
        int pageSize = pageSize();
        makeMany(3 * pageSize + 1);
        long made = requests();
        StepVerifier.create(provider.listPages(ws, ListQuery.builder().pageSize(pageSize).build()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertEquals(0, requests() - made, "nothing fetched before a request"))
                .thenRequest(1)
                .assertNext(page -> assertFalse(page.isLast(), "more than one page"))
                .expectNoEvent(QUIET)
                .then(() -> assertEquals(1, requests() - made, "one page fetched for one request"))
                .thenRequest(1)
                .expectNextCount(1)
                .thenCancel()
                .verify(TIMEOUT);
        assertEquals(2, requests() - made, "a second page only when wanted");
    }

    // ---- error mapping ----------------------------------------------------------------------

    @Test
    @DisplayName("a page token the provider never issued is a validation error")
    void invalidPageToken() {
        assumeTrue(caps.supports(Operation.LIST), "no list");
        ListQuery bogus = ListQuery.builder().pageSize(pageSize()).pageToken("not-a-token-" + run).build();
        ValidationException e = assertThrows(ValidationException.class, () -> ids(provider.list(ws, bogus)));
        assertEquals("validation", e.code());
    }

    @Test
    @DisplayName("a page size above the provider's maximum is refused before anything is sent")
    void pageSizeAboveMaximum() {
        assumeTrue(caps.supports(Operation.LIST) && caps.maxPageSize() < ListQuery.MAX_PAGE_SIZE, "no stricter maximum");
        ValidationException e = assertThrows(ValidationException.class, pageSizeAboveMaximumCall());
        assertTrue(e.isLocal(), "found locally");
    }

    @Test
    @DisplayName("requests refused as unsupported or locally invalid send nothing (needs a request counter)")
    void refusedRequestsSendNothing() throws Throwable {
        requestCountOrSkip();
        Map<String, Executable> refused = refusedCalls();
        assumeTrue(!refused.isEmpty(), "the provider refuses none of the kit's requests");
        for (Map.Entry<String, Executable> call : refused.entrySet()) {
            long before = requests();
            Throwable e = assertThrows(Throwable.class, call.getValue(), call.getKey());
            assertTrue(e instanceof UnsupportedCapabilityException || (e instanceof ValidationException v && v.isLocal()),
                    call.getKey() + " is refused before sending, not with " + e);
            assertEquals(before, requests(), "nothing sent for " + call.getKey());
        }
    }

    @Test
    @DisplayName("credentials the service refuses are an authentication error that does not reveal them")
    void badCredentials() {
        ContactProvider bad = subject.providerWithBadCredentials();
        assumeTrue(bad != null, "no bad-credentials provider given");
        try {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> {
                if (caps.supports(Operation.LIST)) {
                    ids(bad.list(ws, ListQuery.builder().pageSize(pageSize()).build()));
                } else if (caps.supports(Operation.GET)) {
                    block(bad.get(ws, subject.unknownContactId()));
                } else {
                    make(bad, primary());
                }
            });
            assertEquals("authentication", e.code());
            assertEquals(401, e.status());
            for (String secret : subject.secrets()) {
                assertFalse(String.valueOf(e.getMessage()).contains(secret) || e.toString().contains(secret),
                        "the error must not reveal a credential");
            }
        } finally {
            bad.close();
        }
    }

    // ---- unsupported capabilities -----------------------------------------------------------

    @Test
    @DisplayName("operations the provider does not declare fail as unsupported")
    void undeclaredOperations() {
        Map<Operation, Executable> calls = operationCalls();
        int checked = 0;
        for (Operation op : Operation.values()) {
            if (!caps.supports(op)) {
                assertUnsupported(calls.get(op));
                checked++;
            }
        }
        if (!caps.supports(Operation.LIST)) {
            assertUnsupported(() -> block(provider.listPages(ws, ListQuery.all()).collectList()));
        }
        assumeTrue(checked > 0, "every operation is declared");
    }

    /** A call of each operation, with a fresh command. */
    private Map<Operation, Executable> operationCalls() {
        Map<Operation, Executable> calls = new EnumMap<>(Operation.class);
        UpsertCommand cmd = command(defaultStrategy(), c -> c.identifier(primary()).set(FIRST, "Ann").set(LAST, "Lee"));
        calls.put(Operation.CREATE, () -> block(provider.create(ws, cmd)));
        calls.put(Operation.UPSERT, () -> block(provider.upsert(ws, cmd)));
        calls.put(Operation.GET, () -> block(provider.get(ws, subject.unknownContactId())));
        calls.put(Operation.UPDATE, () -> block(provider.update(ws, subject.unknownContactId(), cmd)));
        calls.put(Operation.DELETE, () -> block(provider.delete(ws, subject.unknownContactId())));
        calls.put(Operation.LIST, () -> ids(provider.list(ws, ListQuery.all())));
        calls.put(Operation.SEARCH, () -> ids(provider.search(ws, primary())));
        return calls;
    }

    /**
     * Every request of the kit's that this provider must refuse before sending, by what it declares:
     * undeclared operations, strategies, memberships, reverse order and upsert keys, and a page size
     * above its maximum.
     */
    private Map<String, Executable> refusedCalls() {
        Map<String, Executable> refused = new java.util.LinkedHashMap<>();
        operationCalls().forEach((op, call) -> {
            if (!caps.supports(op)) {
                refused.put("operation " + op, call);
            }
        });
        if (caps.supports(Operation.UPSERT)) {
            for (Strategy s : Strategy.values()) {
                if (!caps.supports(s)) {
                    UpsertCommand cmd = command(s, c -> c.identifier(primary()).set(FIRST, "Ann").set(LAST, "Lee"));
                    refused.put("strategy " + s, () -> block(provider.upsert(ws, cmd)));
                }
            }
            if (!caps.upsertKeys().isEmpty() && !caps.canKeyOn("crmId")) {
                refused.put("upsert key crmId", undeclaredKeyCall());
            }
        }
        if (!caps.lists()) {
            membershipCall(c -> c.addToList(UUID.randomUUID().toString())).ifPresent(call -> refused.put("lists", call));
        }
        if (!caps.accounts()) {
            membershipCall(c -> c.addToAccount(UUID.randomUUID().toString())).ifPresent(call -> refused.put("accounts", call));
        }
        if (caps.supports(Operation.LIST) && !caps.reverseListing()) {
            refused.put("reverse listing", () -> ids(provider.list(ws, ListQuery.builder().pageSize(pageSize()).reverse(true).build())));
        }
        if (caps.supports(Operation.LIST) && caps.maxPageSize() < ListQuery.MAX_PAGE_SIZE) {
            refused.put("page size above the maximum", pageSizeAboveMaximumCall());
        }
        return refused;
    }

    private Executable pageSizeAboveMaximumCall() {
        return () -> ids(provider.list(ws, ListQuery.builder().pageSize(caps.maxPageSize() + 1).build()));
    }

    private Executable undeclaredKeyCall() {
        UpsertCommand cmd = command(defaultStrategy(), c -> c.identifier("crmId", "crm-" + run).set(FIRST, "Ann").set(LAST, "Lee"));
        return () -> block(provider.upsert(ws, cmd));
    }

    /** A write of a new contact with a membership change: the upsert, else the create; empty without either. */
    private java.util.Optional<Executable> membershipCall(Consumer<UpsertCommand.Builder> membership) {
        UpsertCommand cmd = command(defaultStrategy(), c -> {
            c.identifier(primary()).set(FIRST, "Ann").set(LAST, "Lee");
            membership.accept(c);
        });
        if (caps.supports(Operation.UPSERT)) {
            return java.util.Optional.of(() -> block(provider.upsert(ws, cmd)));
        }
        if (caps.supports(Operation.CREATE)) {
            return java.util.Optional.of(() -> block(provider.create(ws, cmd)));
        }
        return java.util.Optional.empty();
    }

    @Test
    @DisplayName("list memberships work where declared and are unsupported otherwise")
    void lists() {
        assumeTrue(upsertOrCreate(), "contacts cannot be made");
        String list = UUID.randomUUID().toString();
        if (!caps.lists()) {
            assertUnsupported(membershipCall(c -> c.addToList(list)).orElseThrow());
            return;
        }
        assertTrue(makeWith(c -> c.addToList(list)).lists().contains(list));
    }

    @Test
    @DisplayName("account memberships work where declared and are unsupported otherwise")
    void accounts() {
        assumeTrue(upsertOrCreate(), "contacts cannot be made");
        String account = UUID.randomUUID().toString();
        if (!caps.accounts()) {
            assertUnsupported(membershipCall(c -> c.addToAccount(account)).orElseThrow());
            return;
        }
        assertTrue(makeWith(c -> c.addToAccount(account)).accounts().contains(account));
    }

    /** A new contact from the upsert, else the create, of a command with a fresh primary identifier and this content. */
    private Contact makeWith(Consumer<UpsertCommand.Builder> content) {
        UpsertCommand cmd = command(defaultStrategy(), c -> {
            c.identifier(primary()).set(FIRST, "Ann").set(LAST, "Lee");
            content.accept(c);
        });
        return caps.supports(Operation.UPSERT) ? block(provider.upsert(ws, cmd)).contact() : block(provider.create(ws, cmd));
    }

    @Test
    @DisplayName("an identifier the provider cannot hold is reported (a warning, or a create refused as unsupported), never silently dropped")
    void unheldIdentifiersAreReported() {
        assumeTrue(upsertOrCreate(), "contacts cannot be made");
        Identifier id = primary();
        Identifier extra = Identifier.of("tckExtra", "extra-" + run + "-" + counter.incrementAndGet());
        UpsertCommand cmd = command(defaultStrategy(), c -> c.identifier(id).identifier(extra).set(FIRST, "Ann").set(LAST, "Lee"));
        if (!caps.supports(Operation.UPSERT)) {
            // a create has no warnings: it holds the identifier or refuses the command
            try {
                Contact made = block(provider.create(ws, cmd));
                assertTrue(made.owns(id) && made.owns(extra), "the create holds every identifier: " + made.identifiers());
            } catch (UnsupportedCapabilityException refused) {
                assertEquals("unsupported", refused.code());
            }
            return;
        }
        UpsertResult r = block(provider.upsert(ws, cmd));
        assertTrue(r.contact().owns(id));
        assertTrue(r.contact().owns(extra) || r.warnings().stream().anyMatch(w -> w.message().contains(extra.value())),
                "the extra identifier is held or named in a warning: " + r.warnings());
    }

    @Test
    @DisplayName("an upsert keyed on an identifier the provider cannot key on is unsupported")
    void undeclaredUpsertKey() {
        assumeTrue(caps.supports(Operation.UPSERT) && !caps.upsertKeys().isEmpty() && !caps.canKeyOn("crmId"), "keys on any identifier");
        assertUnsupported(undeclaredKeyCall());
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** {@return a fresh identifier of the key the provider upserts on} */
    protected Identifier primary() {
        if (caps.canKeyOn(Identifier.EMAIL)) {
            return Identifier.of(Identifier.EMAIL, "tck." + run + "." + counter.incrementAndGet() + "@example.com");
        }
        if (caps.canKeyOn(Identifier.PHONE)) {
            return Identifier.of(Identifier.PHONE, "+1" + phoneDigits());
        }
        String key = caps.upsertKeys().iterator().next();
        return Identifier.of(key, "tck-" + run + "-" + counter.incrementAndGet());
    }

    /** A fresh e-mail address. */
    private Identifier email() {
        return Identifier.of(Identifier.EMAIL, "tck3." + run + "." + counter.incrementAndGet() + "@example.com");
    }

    /** {@return a fresh identifier of the secondary key} */
    protected Identifier secondary() {
        String key = subject.secondaryKey();
        if (Identifier.PHONE.equals(key)) {
            return Identifier.of(key, "+1" + phoneDigits());
        }
        if (Identifier.EMAIL.equals(key)) {
            return Identifier.of(key, "tck2." + run + "." + counter.incrementAndGet() + "@example.com");
        }
        return Identifier.of(key, "tck-" + run + "-" + counter.incrementAndGet());
    }

    /** Ten digits of a valid, unused-looking US number (408 area, no 555 exchange). */
    private String phoneDigits() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (true) {
            int exchange = 200 + r.nextInt(800);
            String digits = "408" + exchange + String.format("%04d", r.nextInt(10_000));
            if (exchange != 555 && exchange % 100 != 11 && subject.policy().normalize(Identifier.PHONE, "+1" + digits).isValid()) {
                return digits;
            }
        }
    }

    private Identifier raw(String key, String value) {
        return new Identifier(key, value);
    }

    private int pageSize() {
        return Math.min(Math.max(3, subject.minPageSize()), caps.maxPageSize());
    }

    private Strategy defaultStrategy() {
        if (caps.strategies().isEmpty() || caps.supports(Strategy.STRICT_ALIAS)) {
            return Strategy.STRICT_ALIAS;
        }
        return caps.strategies().iterator().next();
    }

    private boolean upsertOrCreate() {
        return caps.supports(Operation.UPSERT) || caps.supports(Operation.CREATE);
    }

    private void assumeMultiIdentifier(Strategy strategy) {
        assumeTrue(caps.supports(Operation.UPSERT) && caps.supports(strategy), "strategy " + strategy + " not declared");
        assumeTrue(subject.secondaryKey() != null,
                "the provider holds one identifier per contact: one command cannot name two contacts (see identifiersStayUnique)");
    }

    private UpsertCommand command(Strategy strategy, Consumer<UpsertCommand.Builder> content) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
        content.accept(b);
        io.vavr.control.Validation<io.vavr.collection.Seq<io.contactkit.domain.Violation>, UpsertCommand> v = b.build(subject.policy());
        if (v.isInvalid()) {
            throw new IllegalStateException("the kit built an invalid command: " + v.getError().mkString("; "));
        }
        return v.get();
    }

    /** A new contact with these identifiers (the first is the one the provider keys on), named Ann Lee. */
    private Contact make(Identifier... ids) {
        return make(provider, ids);
    }

    private Contact make(ContactProvider p, Identifier... ids) {
        UpsertCommand cmd = command(defaultStrategy(), c -> {
            for (Identifier id : ids) {
                c.identifier(id.key(), id.value());
            }
            c.set(FIRST, "Ann").set(LAST, "Lee");
        });
        if (caps.supports(Operation.UPSERT)) {
            UpsertResult r = block(p.upsert(ws, cmd));
            assertTrue(r.created(), "a fresh identifier makes a new contact");
            return r.contact();
        }
        return block(p.create(ws, cmd));
    }

    private Set<String> makeMany(int n) {
        Set<String> ids = new HashSet<>();
        List<Mono<Contact>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Identifier id = primary();
            all.add(Mono.fromCallable(() -> make(id)));
        }
        for (Mono<Contact> m : all) {
            ids.add(block(m).id());
        }
        return ids;
    }

    /** The contact as the provider holds it now (from get, else search, else the listing), or the given one when none exists. */
    private Contact current(Contact c) {
        if (caps.supports(Operation.GET)) {
            return block(provider.get(ws, c.id()));
        }
        if (caps.supports(Operation.SEARCH) && !c.identifiers().isEmpty()) {
            return block(provider.search(ws, c.identifiers().get(0)).next());
        }
        if (caps.supports(Operation.LIST)) {
            Contact listed = block(provider.list(ws, ListQuery.builder().pageSize(caps.maxPageSize()).build())
                    .filter(x -> x.id().equals(c.id())).next());
            assertNotNull(listed, "contact " + c.id() + " is listed");
            return listed;
        }
        return c;
    }

    private String owner(Identifier id) {
        assumeTrue(caps.supports(Operation.SEARCH), "no search");
        List<Contact> found = block(provider.search(ws, id).collectList());
        assertEquals(1, found.size(), "exactly one owner of " + id);
        return found.get(0).id();
    }

    private void assertNoOwner(Identifier id) {
        if (caps.supports(Operation.SEARCH)) {
            assertTrue(block(provider.search(ws, id).collectList()).isEmpty(), id + " has no owner");
        }
    }

    private static void assertAttribute(Contact c, String name, String value) {
        AttributeValue v = c.attributes().get(name);
        assertNotNull(v, name + " is missing from " + c);
        assertEquals(value, v.toString(), name);
    }

    /** Unsupported, as a typed error; whether anything was sent is {@link #refusedRequestsSendNothing}'s check. */
    private static void assertUnsupported(Executable call) {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call);
        assertEquals("unsupported", e.code());
    }

    /** The request count now; skips the test (reported as skipped, not passed) when the subject has no counter. */
    private long requestCountOrSkip() {
        OptionalLong count = subject.requestCount();
        assumeTrue(count.isPresent(), "no request counter given");
        return count.getAsLong();
    }

    private long requests() {
        return subject.requestCount().orElseThrow();
    }

    private static List<String> ids(Publisher<Contact> contacts) {
        List<Contact> all = Flux.from(contacts).collectList().block(TIMEOUT);
        List<String> out = new ArrayList<>();
        if (all != null) {
            all.forEach(c -> out.add(c.id()));
        }
        return out;
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(TIMEOUT);
    }
}
