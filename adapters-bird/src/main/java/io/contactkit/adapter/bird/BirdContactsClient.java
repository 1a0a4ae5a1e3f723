package io.contactkit.adapter.bird;

import io.contactkit.adapter.bird.internal.AccessKeyAuthenticator;
import io.contactkit.adapter.bird.internal.BirdCreatedOrUpdated;
import io.contactkit.adapter.bird.internal.BirdErrorMapper;
import io.contactkit.adapter.bird.internal.BirdMapper;
import io.contactkit.adapter.bird.internal.BirdRequests;
import io.contactkit.adapter.bird.internal.BirdValidation;
import io.contactkit.adapter.http.AmbiguousCreates;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.adapter.http.HttpTransport;
import io.contactkit.adapter.http.Preflight;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Operation;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.Page;
import io.contactkit.ports.Paging;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Bird's Contacts API on Reactor Netty: the {@link ContactProvider} operations plus Bird's own
 * identifier and attribute-definition endpoints. Non-blocking and lazy: nothing is sent before
 * subscription, and every subscription sends again.
 *
 * <p><b>Before sending</b>, every documented rule is checked (identifier keys and values, property
 * keys, display name 1-150, at most ten UUIDs per list or account field, no writes to the read-only
 * identifier mirrors {@code emailaddress} and {@code phonenumber}, page size 1-100, page tokens up to
 * 8000 characters, and identifiers given as objects to {@link #search}, {@link #addIdentifier} and
 * {@link #removeIdentifier} already in the domain's canonical form: Bird matches values exactly). A request that breaks any of them sends nothing and fails with a local
 * {@link ValidationException} listing every problem; one Bird cannot serve at all (the {@code merge}
 * strategy, owners, languages, owner or text filters) fails with {@link UnsupportedCapabilityException}.
 *
 * <p><b>Retries.</b> Idempotent requests (every {@code GET}, the identifier upsert, the update by id,
 * the deletes and the read-only search) are retried after transport failures, 429 and 5xx, with
 * bounded exponential backoff and jitter, honouring {@code Retry-After}.
 *
 * <p><b>Ambiguous creates.</b> The plain create ({@code POST /contacts}) is not idempotent: Bird
 * answers a repeat with 409. It is therefore repeated only when Bird cannot have processed it (after a
 * 429, which Bird documents as not processed, and after failures before any byte was sent), never
 * after it may have reached Bird. When its
 * outcome is ambiguous (the connection failed or timed out after sending, Bird answered 5xx, or the
 * 2xx answer was unreadable), the client searches for the command's primary identifier: if a contact
 * owns it, that contact is returned (the create either succeeded, or the identifier already had an
 * owner, in which case a repeat would have failed with 409). Otherwise — no primary identifier, no
 * owner found, or the search failed — the create fails with {@link OutcomeUnknownException} whose
 * cause is the original failure: Bird's search may lag behind a create, so absence proves nothing and
 * the caller decides (the identifier upsert is the idempotent alternative).
 *
 * <p><b>Reads.</b> The port's {@code get}, {@code list} and {@code search} give domain contacts;
 * {@link #getBirdContact}, {@link #listBirdContacts} and {@link #searchBirdContacts} give the same
 * contacts as {@link BirdContact}s, with what Bird reported beside them ({@code computedDisplayName},
 * {@code identifierCount}, {@code isAnonymous}, {@code companyRefs}) as given.
 *
 * <p>Close the client to dispose its connection pool.
 */
public final class BirdContactsClient implements ContactProvider {

    /** The id the provider is discovered by. */
    public static final String ID = "bird";
    /** The code of the upsert warning that Bird featured fewer identifiers than the contact has. */
    public static final String UNFEATURED_IDENTIFIERS_WARNING = "identifiers_not_featured";

    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.allOf(Operation.class),
            EnumSet.of(Strategy.STRICT_ALIAS, Strategy.FIRST_ALIAS, Strategy.FIRST),
            Set.of(), true, true, true, PagingStyle.TOKEN, BirdValidation.MAX_PAGE_SIZE);

    private final BirdConfig config;
    private final HttpTransport transport;
    private final BirdMapper mapper = new BirdMapper(ID);
    private final BirdValidation validation = new BirdValidation(ID);
    private final BirdCreatedOrUpdated createdOrUpdated;
    private final Preflight preflight = new Preflight(ID);

    /**
     * A client with its own connection pool; close it to release the pool.
     *
     * @param config where and how to reach Bird
     */
    public BirdContactsClient(BirdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.createdOrUpdated = new BirdCreatedOrUpdated(config.maxClockSkew());
        this.transport = new HttpTransport(ID, config.http(), config.accessKey() != null
                ? new AccessKeyAuthenticator(config.accessKey()) : AccessKeyAuthenticator.bearer(config.accessToken()),
                new BirdErrorMapper(ID, config.http().clock()), io.contactkit.adapter.bird.internal.BirdPathTemplates.ALL);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** {@return the configuration it was made with} */
    public BirdConfig config() {
        return config;
    }

    // ---- contacts -------------------------------------------------------------------------

    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return create(workspace, command, BirdWriteOptions.none());
    }

    /**
     * {@code POST /workspaces/{ws}/contacts}; see the class documentation for ambiguous outcomes. A
     * command that removes attributes, identifiers, lists or accounts, or that gives its lists or
     * accounts both as additions and as {@code listIds}/{@code accountIds}, fails locally: a create
     * cannot do it, and nothing of a command is dropped silently.
     *
     * @param workspace the workspace (a UUID)
     * @param command the command
     * @param options Bird's own write options ({@link BirdWriteOptions#none()} for none)
     * @return the contact
     */
    public Mono<Contact> create(String workspace, UpsertCommand command, BirdWriteOptions options) {
        return preflight.mono(() -> validation.unsupported(command), () -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            String displayName = mapper.displayName(command, options).orElse(null);
            validation.create(command, options, displayName, problems);
            return problems;
        }, () -> {
            String displayName = mapper.displayName(command, options).orElse(null);
            HttpRequest request = BirdRequests.create(workspace, mapper.bytes(mapper.createBody(command, options, displayName)));
            return AmbiguousCreates.resolved(transport.exchange(request).map(r -> contact(r, workspace, request).contact()),
                    failure -> resolveCreate(workspace, command, failure));
        });
    }

    private Mono<Contact> resolveCreate(String workspace, UpsertCommand command, ProviderException failure) {
        Optional<Identifier> primary = command.primaryIdentifier();
        if (primary.isEmpty()) {
            return Mono.error(AmbiguousCreates.unknown(ID, failure, "it has no identifier to look the contact up by"));
        }
        String key = primary.get().key();
        return AmbiguousCreates.lookUp(ID, failure, search(workspace, primary.get()).next(),
                "no contact owns its " + key + " identifier yet", "looking it up by its " + key + " identifier failed too");
    }

    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return upsert(workspace, command, BirdWriteOptions.none());
    }

    /**
     * {@code PATCH /workspaces/{ws}/contacts/identifiers/{key}/{value}} with the primary identifier in
     * the path and the others in {@code addIdentifiers}. Bird documents only {@code 200 Updated}, for
     * creations too: created or updated is judged from the answer, with a 201 as a hint (see
     * {@link BirdConfig#maxClockSkew()} and the README's decisions). When Bird
     * holds more identifiers than it features in the answer, the result warns
     * {@value #UNFEATURED_IDENTIFIERS_WARNING}: the contact's identifiers are then not all of them.
     *
     * @param workspace the workspace (a UUID)
     * @param command the command
     * @param options Bird's own write options ({@link BirdWriteOptions#none()} for none)
     * @return whether the contact was created or updated, the contact and any warnings
     */
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command, BirdWriteOptions options) {
        return preflight.mono(() -> validation.unsupported(command), () -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.upsert(command, options, problems);
            return problems;
        }, () -> {
            Identifier primary = command.primaryIdentifier().orElseThrow();
            return upsertAt(workspace, primary.key(), primary.value(), command, options, true);
        });
    }

    /**
     * The identifier upsert with a path key the domain cannot hold: Bird's page allows
     * {@code identifierKey} of 1-250 characters, while contactkit's identifiers (and Bird's own body
     * identifiers) have keys of at most 64. The key and value go into the path as given; every
     * identifier of {@code others} goes into {@code addIdentifiers}; the rest is the upsert's body.
     * The key must be 1-250 characters and the value 1-500, neither with control characters or lone
     * surrogates (which could not reach Bird unchanged). The returned contact leaves out featured
     * identifiers whose key the domain cannot hold.
     *
     * @param workspace the workspace (a UUID)
     * @param identifierKey the key of the identifier in the URL path
     * @param identifierValue its value
     * @param others the rest of the command
     * @param options Bird's own write options ({@link BirdWriteOptions#none()} for none)
     * @return whether the contact was created or updated, the contact and any warnings
     */
    public Mono<UpsertResult> upsertByIdentifier(String workspace, String identifierKey, String identifierValue, UpsertCommand others,
                                                 BirdWriteOptions options) {
        return preflight.mono(() -> validation.unsupported(others), () -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.pathText(identifierKey, identifierValue, problems);
            validation.update(others, options, problems);
            return problems;
        }, () -> upsertAt(workspace, identifierKey, identifierValue, others, options, false));
    }

    /** Sends a checked identifier upsert; {@code primaryInCommand}: the path identifier is the command's first. */
    private Mono<UpsertResult> upsertAt(String workspace, String key, String value, UpsertCommand command, BirdWriteOptions options,
                                        boolean primaryInCommand) {
        HttpRequest request = BirdRequests.upsert(workspace, key, value, mapper.bytes(mapper.patchBody(command, options, true, primaryInCommand)));
        java.time.Instant sentAt = config.http().clock().instant();
        return transport.exchange(request).map(r -> {
            JsonNode answer = mapper.read(r, request.name());
            if (!answer.isObject()) {
                throw mapper.malformed(r.status(), request.name(), "expected a contact object");
            }
            BirdContact contact = mapper.birdContact(answer, workspace, r.status(), request.name());
            UpsertResult result = UpsertResult.of(createdOrUpdated.judge(r.status(), answer, contact.contact(), command, primaryInCommand ? 0 : 1,
                    options, BirdCreatedOrUpdated.httpDate(r.header("Date")), sentAt, config.http().clock().instant()), contact.contact());
            int more = contact.unfeaturedIdentifiers();
            return more == 0 ? result : result.withWarnings(List.of(new Warning(UNFEATURED_IDENTIFIERS_WARNING,
                    "Bird holds " + contact.identifierCount().orElseThrow() + " identifiers of contact " + contact.contact().id()
                            + " but featured " + contact.contact().identifiers().size() + "; listIdentifiers serves all of them")));
        });
    }

    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return get(workspace, contactId, List.of());
    }

    /**
     * {@code GET /workspaces/{ws}/contacts/{id}}; {@code withAttributes} are sent as {@code attribute=}
     * parameters, which make Bird include those attributes even when they are empty.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param withAttributes attributes to include beyond the default ones
     * @return the contact
     */
    public Mono<Contact> get(String workspace, String contactId, List<String> withAttributes) {
        return getBirdContact(workspace, contactId, withAttributes).map(BirdContact::contact);
    }

    /**
     * {@link #get(String, String, List)}, keeping what Bird reported beside the contact.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param withAttributes attributes to include beyond the default ones
     * @return the contact with what Bird reported beside it
     */
    public Mono<BirdContact> getBirdContact(String workspace, String contactId, List<String> withAttributes) {
        return preflight.mono(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            for (String a : withAttributes) {
                if (a == null || a.isBlank() || a.length() > 128 || BirdValidation.unsendable(a)) {
                    problems.add(Violation.of("attribute", "invalid_name", "attribute names are 1-128 characters"));
                }
            }
            return problems;
        }, () -> {
            HttpRequest request = BirdRequests.get(workspace, contactId, withAttributes);
            return transport.exchange(request).map(r -> contact(r, workspace, request));
        });
    }

    @Override
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return update(workspace, contactId, command, BirdWriteOptions.none());
    }

    /**
     * {@code PATCH /workspaces/{ws}/contacts/{id}}: the upsert's body; every identifier of the command is added.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param command the command
     * @param options Bird's own write options ({@link BirdWriteOptions#none()} for none)
     * @return the contact
     */
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command, BirdWriteOptions options) {
        return preflight.mono(() -> validation.unsupported(command.withStrategy(Strategy.STRICT_ALIAS)), () -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            validation.update(command, options, problems);
            return problems;
        }, () -> {
            HttpRequest request = BirdRequests.update(workspace, contactId, mapper.bytes(mapper.patchBody(command, options, false, false)));
            return transport.exchange(request).map(r -> contact(r, workspace, request).contact());
        });
    }

    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return preflight.mono(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            return problems;
        }, () -> transport.exchange(BirdRequests.delete(workspace, contactId)).then());
    }

    /**
     * {@code GET /workspaces/{ws}/contacts}, one page per demand: {@code limit} from the page size (Bird's
     * default is 10), {@code reverse} for newest first, resuming at the query's page token. Bird does
     * not guarantee an order.
     */
    @Override
    public Flux<Contact> list(String workspace, ListQuery query) {
        return listBirdContacts(workspace, query).map(BirdContact::contact);
    }

    /** {@link #list}, page by page, each page with the token that resumes after it. */
    @Override
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        return listBirdContactPages(workspace, query).map(page -> page.map(BirdContact::contact));
    }

    /**
     * {@link #list}, keeping what Bird reported beside each contact.
     *
     * @param workspace the workspace (a UUID)
     * @param query the page size and where to resume
     * @return the contacts with what Bird reported beside each
     */
    public Flux<BirdContact> listBirdContacts(String workspace, ListQuery query) {
        return Paging.items(listBirdContactPages(workspace, query));
    }

    /**
     * {@link #listPages}, keeping what Bird reported beside each contact.
     *
     * @param workspace the workspace (a UUID)
     * @param query the page size and where to resume
     * @return the pages, each with the token that resumes after it
     */
    public Flux<Page<BirdContact>> listBirdContactPages(String workspace, ListQuery query) {
        return preflight.flux(() -> validation.unsupported(query), () -> {
            List<Violation> problems = validation.page(query);
            validation.workspace(workspace, problems);
            return problems;
        }, () -> {
            Integer limit = query.pageSize().orElse(null);
            return pages(query, token -> BirdRequests.list(workspace, limit, token, query.reverse()),
                    n -> mapper.birdContact(n, workspace, 200, "contacts.list"));
        });
    }

    /** {@code POST /workspaces/{ws}/contacts/search} with {@code {"identifier": {key, value}}}: the owner, if any. */
    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return searchBirdContacts(workspace, identifier).map(BirdContact::contact);
    }

    /**
     * {@link #search}, keeping what Bird reported beside the contact.
     *
     * @param workspace the workspace (a UUID)
     * @param identifier the identifier
     * @return the contacts with what Bird reported beside each
     */
    public Flux<BirdContact> searchBirdContacts(String workspace, Identifier identifier) {
        return preflight.flux(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.givenIdentifier("identifier", identifier, java.util.Map.of(), problems);
            return problems;
        }, () -> {
            HttpRequest request = BirdRequests.search(workspace, mapper.bytes(mapper.searchBody(identifier)));
            return transport.exchange(request)
                    .map(r -> mapper.page(mapper.read(r, request.name()), n -> mapper.birdContact(n, workspace, r.status(), request.name()),
                            r.status(), request.name()))
                    .flatMapIterable(Page::items);
        });
    }

    // ---- identifiers ----------------------------------------------------------------------

    /**
     * {@code POST /workspaces/{ws}/contacts/{id}/identifiers}: adds an identifier (201), or fails with a
     * conflict (409) when another contact owns it. Not repeated after an ambiguous failure.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param identifier the identifier
     * @return the identifier as Bird holds it
     */
    public Mono<BirdIdentifier> addIdentifier(String workspace, String contactId, BirdIdentifier identifier) {
        return preflight.mono(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            validation.givenIdentifier("identifier", identifier.identifier(), identifier.properties(), problems);
            return problems;
        }, () -> {
            HttpRequest request = BirdRequests.addIdentifier(workspace, contactId, mapper.bytes(mapper.identifierBody(identifier)));
            return transport.exchange(request).map(r -> {
                JsonNode body = mapper.read(r, request.name());
                return body.isObject() ? mapper.birdIdentifier(body).orElse(identifier) : identifier;
            });
        });
    }

    /**
     * Every identifier of a contact, with properties.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @return the contact's identifiers
     */
    public Flux<BirdIdentifier> listIdentifiers(String workspace, String contactId) {
        return listIdentifiers(workspace, contactId, ListQuery.all());
    }

    /**
     * {@code GET /workspaces/{ws}/contacts/{id}/identifiers}, one page per demand.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param query the page size and where to resume
     * @return the contact's identifiers
     */
    public Flux<BirdIdentifier> listIdentifiers(String workspace, String contactId, ListQuery query) {
        return preflight.flux(() -> unsupportedForSubListing(query), () -> {
            List<Violation> problems = validation.page(query);
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            return problems;
        }, () -> {
            Integer limit = query.pageSize().orElse(null);
            return paged(query, token -> BirdRequests.listIdentifiers(workspace, contactId, limit, token),
                    n -> mapper.birdIdentifier(n).orElse(null));
        });
    }

    /**
     * {@code DELETE /workspaces/{ws}/contacts/{id}/identifiers} with the body {@code {key, value}}.
     *
     * @param workspace the workspace (a UUID)
     * @param contactId the contact's id
     * @param identifier the identifier
     * @return completes once done
     */
    public Mono<Void> removeIdentifier(String workspace, String contactId, Identifier identifier) {
        return preflight.mono(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            validation.contactId(contactId, problems);
            validation.givenIdentifier("identifier", identifier, java.util.Map.of(), problems);
            return problems;
        }, () -> transport.exchange(BirdRequests.removeIdentifier(workspace, contactId, mapper.bytes(mapper.keyValue(identifier)))).then());
    }

    // ---- attribute definitions ------------------------------------------------------------

    /**
     * Every attribute definition of a workspace.
     *
     * @param workspace the workspace (a UUID)
     * @return the attribute definitions
     */
    public Flux<AttributeDefinition> attributeDefinitions(String workspace) {
        return attributeDefinitions(workspace, ListQuery.all());
    }

    /**
     * {@code GET /workspaces/{ws}/attribute-definitions}, one page per demand.
     *
     * @param workspace the workspace (a UUID)
     * @param query the page size and where to resume
     * @return the attribute definitions
     */
    public Flux<AttributeDefinition> attributeDefinitions(String workspace, ListQuery query) {
        return preflight.flux(() -> unsupportedForSubListing(query), () -> {
            List<Violation> problems = validation.page(query);
            validation.workspace(workspace, problems);
            return problems;
        }, () -> {
            Integer limit = query.pageSize().orElse(null);
            return paged(query, token -> BirdRequests.definitions(workspace, limit, token),
                    n -> mapper.definition(n, 200, "attributeDefinitions.list"));
        });
    }

    /**
     * {@code GET /workspaces/{ws}/attribute-definitions/{key}}.
     *
     * @param workspace the workspace (a UUID)
     * @param key the attribute's key
     * @return the attribute definition
     */
    public Mono<AttributeDefinition> attributeDefinition(String workspace, String key) {
        return preflight.mono(() -> {
            List<Violation> problems = new ArrayList<>();
            validation.workspace(workspace, problems);
            if (key == null || key.isBlank() || key.length() > 128 || BirdValidation.unsendable(key)) {
                problems.add(Violation.of("key", "invalid_key", "an attribute key is 1-128 characters without control characters or lone surrogates"));
            }
            return problems;
        }, () -> {
            HttpRequest request = BirdRequests.definition(workspace, key);
            return transport.exchange(request).map(r -> mapper.definition(mapper.read(r, request.name()), r.status(), request.name()));
        });
    }

    // ---- plumbing -------------------------------------------------------------------------

    private @Nullable UnsupportedCapabilityException unsupportedForSubListing(ListQuery query) {
        UnsupportedCapabilityException u = validation.unsupported(query);
        if (u != null || !query.reverse()) {
            return u;
        }
        return new UnsupportedCapabilityException(ID, "list:reverse", "Bird reverses only the contact listing");
    }

    /**
     * Pages by {@code pageToken}. A server that answers with the token it was just given would loop
     * forever: the items of that page are still delivered, then the listing fails.
     */
    private <T> Flux<T> paged(ListQuery query, Function<String, HttpRequest> requestFor, Function<JsonNode, T> item) {
        return Paging.items(pages(query, requestFor, item));
    }

    private <T> Flux<Page<T>> pages(ListQuery query, Function<String, HttpRequest> requestFor, Function<JsonNode, T> item) {
        return Paging.pages(query.pageToken().orElse(null), token -> {
            HttpRequest request = requestFor.apply(token);
            return transport.exchange(request).map(r -> mapper.page(mapper.read(r, request.name()), item, r.status(), request.name()));
        }, token -> mapper.malformed(200, requestFor.apply(token).name(), "nextPageToken repeated the token just used"));
    }

    private BirdContact contact(HttpResponse response, String workspace, HttpRequest request) {
        JsonNode body = mapper.read(response, request.name());
        if (!body.isObject()) {
            throw mapper.malformed(response.status(), request.name(), "expected a contact object");
        }
        return mapper.birdContact(body, workspace, response.status(), request.name());
    }

    /** {@return connections currently lent out by the pool: 0 once every request has finished} */
    public int activeConnections() {
        return transport.activeConnections();
    }

    /** Disposes the connection pool. Idempotent. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "BirdContactsClient[" + config.baseUrl() + "]";
    }
}
