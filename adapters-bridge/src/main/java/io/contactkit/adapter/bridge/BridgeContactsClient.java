package io.contactkit.adapter.bridge;

import io.contactkit.adapter.bridge.internal.BridgeAuthenticators;
import io.contactkit.adapter.bridge.internal.BridgeErrorMapper;
import io.contactkit.adapter.bridge.internal.BridgeMapper;
import io.contactkit.adapter.bridge.internal.BridgeRequests;
import io.contactkit.adapter.bridge.internal.BridgeWrites;
import io.contactkit.adapter.bridge.internal.BridgeWrites.Kind;
import io.contactkit.adapter.bridge.internal.RequestSigner;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpTransport;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.domain.Classification;
import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Operation;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.Page;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.Paging;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Bridge on Reactor Netty, either API generation ({@link BridgeConfig#api()}). Non-blocking and lazy:
 * nothing is sent before subscription, and every subscription sends again.
 *
 * <p><b>The newer Contacts API</b> ({@link BridgeApiGeneration#CONNECT}): {@link #upsert} is
 * {@code POST .../contacts/partial}, keyed on the cellphone; {@link #get}, {@link #update} by id; the
 * cursor-paged {@link #list}; and Bridge's custom-attribute settings ({@link #attributeSettings}),
 * fetched once per workspace and cached for {@link BridgeConfig#attributeSettingsTtl()}, which custom
 * attributes are mapped with. The {@code type} Bridge returns is trusted and reported as
 * {@link UpsertResult#providerClassification()} and, on reads, by {@link #getBridgeContact},
 * {@link #listBridgeContacts} and {@link #updateBridgeContact} ({@link BridgeContact#type()}; the port's
 * {@code get}, {@code list} and {@code update} give the same contacts without it);
 * {@link #predictClassification} applies the domain's
 * rule with the workspace's required attributes, to warn before sending a contact that will stay PARTIAL.
 *
 * <p><b>The older inbound API</b> ({@link BridgeApiGeneration#LEGACY}): {@link #create}, {@link #update},
 * {@link #delete} and the page-numbered {@link #list}, every request signed (see {@code RequestSigner}).
 *
 * <p><b>Identifiers.</b> Bridge holds one identifier per contact: the E.164 cellphone, which it matches
 * contacts on and keeps unique. Its {@code email} is a plain field (two contacts may share an address),
 * read and written as the {@value #EMAIL_ATTRIBUTE} attribute; an {@code emailaddress} identifier is
 * written to that field too, and an upsert reports it with the warning
 * {@value #EMAIL_NOT_IDENTIFIER_WARNING}. So the declared
 * {@code strict_alias} is exact: with one identifier there is one possible owner, and an e-mail address
 * never makes a conflict nor is it ever owned by two contacts.
 *
 * <p><b>Before sending</b>: what Bridge cannot do (strategies other than the cellphone match, lists,
 * accounts, keys other than the cellphone, operations the generation lacks) fails with
 * {@link UnsupportedCapabilityException}; invalid requests (no {@code phonenumber} identifier: violation
 * {@code missing_cellphone}; languages other than ES/EN; page sizes outside the generation's range)
 * fail with a local {@link ValidationException}. Nothing is sent in either case. An upsert reports
 * as {@link io.contactkit.ports.Warning}s the attributes the workspace does not define, the choices it
 * does not offer, the e-mail identifier written as a plain field and the identifiers Bridge cannot hold
 * (any beyond the cellphone and the first e-mail address); the rest is applied.
 *
 * <p><b>Retries</b>: the cellphone upsert, every {@code GET}, the updates by id and the delete are
 * retried after transport failures, 429 and 5xx, with bounded backoff and jitter, honouring
 * {@code Retry-After}; the older API's create is never repeated after it may have been sent: its
 * ambiguous outcomes are resolved by looking the cellphone up (see {@link #create}).
 *
 * <p>Close the client to dispose its connection pool.
 */
public final class BridgeContactsClient implements ContactProvider {

    /** The id the provider is discovered by. */
    public static final String ID = "bridge";
    /** The attribute that reads and writes Bridge's {@code email} field (not an identifier: Bridge keeps it neither unique nor matched). */
    public static final String EMAIL_ATTRIBUTE = BridgeWrites.EMAIL_ATTRIBUTE;
    /** The code of the warning that an {@code emailaddress} identifier was written to the plain {@code email} field. */
    public static final String EMAIL_NOT_IDENTIFIER_WARNING = BridgeWrites.EMAIL_NOT_IDENTIFIER;
    /** The newer API's page sizes. */
    public static final int CONNECT_MIN_PAGE = 1;
    /** The older API's page sizes. */
    public static final int LEGACY_MIN_PAGE = 10;
    public static final int MAX_PAGE = 100;

    private static final Capabilities CONNECT_CAPABILITIES = new Capabilities(
            EnumSet.of(Operation.UPSERT, Operation.GET, Operation.UPDATE, Operation.LIST),
            EnumSet.of(Strategy.STRICT_ALIAS), Set.of(Identifier.PHONE), false, false, false, PagingStyle.CURSOR, MAX_PAGE);
    private static final Capabilities LEGACY_CAPABILITIES = new Capabilities(
            EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.LIST),
            EnumSet.noneOf(Strategy.class), Set.of(Identifier.PHONE), false, false, false, PagingStyle.PAGE_NUMBER, MAX_PAGE);
    private static final int LEGACY_DEFAULT_PAGE = 20;

    private final BridgeConfig config;
    private final HttpTransport transport;
    private final BridgeMapper mapper = new BridgeMapper(ID);
    private final BridgeWrites writes = new BridgeWrites(ID);
    private final Map<String, Mono<FetchedSettings>> settingsCache = new ConcurrentHashMap<>();
    /** Whether Bridge answered an upsert with 201: then it tells creations apart itself, and 200 means updated. */
    private final java.util.concurrent.atomic.AtomicBoolean creationsAnswer201 = new java.util.concurrent.atomic.AtomicBoolean();

    /** A workspace's settings and when they were read, by the configured clock. */
    private record FetchedSettings(List<CustomAttributeSetting> settings, java.time.Instant at) {
    }

    public BridgeContactsClient(BridgeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new HttpTransport(ID, config.http(), authenticator(config), new BridgeErrorMapper(ID, config.http().clock()),
                io.contactkit.adapter.bridge.internal.BridgePathTemplates.ALL);
    }

    private static RequestAuthenticator authenticator(BridgeConfig config) {
        if (config.api() == BridgeApiGeneration.CONNECT) {
            return BridgeAuthenticators.apiKey(config.apiKey());
        }
        RequestSigner signer = new RequestSigner(config.apiKey(), config.signingSecret().orElseThrow(), config.http().clock());
        return BridgeAuthenticators.signed(signer, config.baseUrl().getRawPath(), config.signQueryString());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return connect() ? CONNECT_CAPABILITIES : LEGACY_CAPABILITIES;
    }

    public BridgeConfig config() {
        return config;
    }

    private boolean connect() {
        return config.api() == BridgeApiGeneration.CONNECT;
    }

    // ---- contacts -------------------------------------------------------------------------

    /**
     * Older API: {@code POST /v1/workspaces/{ws}/contacts} (firstName, lastName and cellphone required).
     * Repeated only after a 429 and after failures before any byte was sent, never after it may have
     * reached Bridge; when its outcome is ambiguous (a failure after sending, 5xx, an unreadable 2xx) the
     * contact is looked up by its cellphone, else the create fails with {@link OutcomeUnknownException}.
     */
    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return Mono.defer(() -> {
            Optional<UnsupportedCapabilityException> refused = refuse(Operation.CREATE)
                    .or(() -> writes.unsupported(command, Kind.CREATE, config.api()));
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            List<Violation> problems = writes.violations(workspace, command, Kind.CREATE, config.api());
            if (!problems.isEmpty()) {
                return Mono.error(ValidationException.local(ID, problems));
            }
            HttpRequest request = BridgeRequests.create(workspace, mapper.bytes(writes.legacyBody(command).body()));
            return transport.exchange(request)
                    .map(r -> mapper.contact(r, workspace, request.name()).contact())
                    .onErrorResume(BridgeContactsClient::isAmbiguous, failure -> resolveCreate(workspace, command, (ProviderException) failure));
        });
    }

    private static boolean isAmbiguous(Throwable failure) {
        return failure instanceof OutcomeUnknownException
                || failure instanceof ServerException
                || (failure instanceof TransportException t && t.status() >= 200 && t.status() < 300);
    }

    /**
     * A create whose outcome is unknown is not repeated: the contact is looked up by its cellphone
     * through the listing's search. Found: the create was applied (or the cellphone already had a
     * contact, which a repeat would have reported as a conflict). Not found, or the lookup failed:
     * {@link OutcomeUnknownException} with the original failure as its cause.
     */
    private Mono<Contact> resolveCreate(String workspace, UpsertCommand command, ProviderException failure) {
        Identifier phone = command.identifiers().stream().filter(Identifier::isPhone).findFirst().orElseThrow();
        String unknown = "the create may or may not have been applied (" + failure.getMessage() + "); ";
        return Paging.items(pagedList(workspace, ListQuery.builder().search(phone.value()).pageSize(MAX_PAGE).build(), 1))
                .map(BridgeContact::contact)
                .filter(c -> c.owns(phone))
                .next()
                .switchIfEmpty(Mono.error(() -> new OutcomeUnknownException(ID, unknown + "no contact has its cellphone yet", failure)))
                .onErrorMap(e -> !(e instanceof OutcomeUnknownException), e -> {
                    OutcomeUnknownException u = new OutcomeUnknownException(ID, unknown + "looking it up by its cellphone failed too", failure);
                    u.addSuppressed(e);
                    return u;
                });
    }

    /**
     * Newer API: {@code POST .../contacts/partial}, creating or updating the contact with the command's
     * cellphone. Warnings name what was not sent.
     *
     * <p><b>Created or updated</b> is a guess: Bridge documents a single "Successful Response" (200 in
     * FastAPI's terms) and no field that says which it was. A 201 reads as created, and once this
     * client has seen one, Bridge evidently answers creations with 201, so every later 200 reads as
     * updated. Until then, any other success
     * reads as created only when the answer carries the marks of a contact made by this very request:
     * {@code createdAt} and {@code updatedAt} are both given and equal (Bridge stamps both on creation),
     * {@code createdAt} is no earlier than when the request was sent minus
     * {@link BridgeConfig#maxClockSkew()}, and the contact holds nothing the request did not send (a
     * name, e-mail address, language, owner or custom attribute it already had). Otherwise it reads as
     * updated. What remains indistinguishable: an upsert that changes nothing on a contact made within
     * the skew window, that was never changed and holds exactly what is sent again, reads as created.
     */
    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return Mono.defer(() -> {
            Optional<ProviderException> refused = refuseUpsert(workspace, command);
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            return settingsFor(workspace, command).flatMap(settings -> {
                java.time.Instant sentAt = config.http().clock().instant();
                BridgeWrites.Plan plan = writes.connectBody(command, Kind.UPSERT, settings, sentAt);
                HttpRequest request = BridgeRequests.upsert(workspace, mapper.bytes(plan.body()));
                return transport.exchange(request).map(r -> {
                    JsonNode answer = mapper.read(r, request.name());
                    BridgeContact contact = mapper.contactObject(answer, workspace, r.status(), request.name());
                    if (r.status() == 201) {
                        creationsAnswer201.set(true);
                    }
                    boolean created = r.status() == 201
                            || (!creationsAnswer201.get() && createdByThisRequest(answer, contact.contact(), plan, settings, sentAt));
                    return new UpsertResult(created ? UpsertResult.Status.CREATED : UpsertResult.Status.UPDATED,
                            contact.contact(), plan.warnings(), contact.type().orElse(null));
                });
            });
        });
    }

    /** The judgement of a success other than 201; see {@link #upsert}. */
    private boolean createdByThisRequest(JsonNode answer, Contact contact, BridgeWrites.Plan plan,
                                         List<CustomAttributeSetting> settings, java.time.Instant sentAt) {
        boolean stamped = answer.path("createdAt").isString() && answer.path("updatedAt").isString()
                && contact.createdAt().equals(contact.updatedAt());
        return stamped && !contact.createdAt().isBefore(sentAt.minus(config.maxClockSkew()))
                && writes.holdsOnlyWhatWasSent(plan.body(), contact, settings);
    }

    /** Newer API: {@code GET .../contacts/{id}}. */
    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return getBridgeContact(workspace, contactId).map(BridgeContact::contact);
    }

    /** {@link #get}, keeping Bridge's {@code type} (empty when the answer has none, which Bridge allows on get). */
    public Mono<BridgeContact> getBridgeContact(String workspace, String contactId) {
        return Mono.defer(() -> {
            Optional<UnsupportedCapabilityException> refused = refuse(Operation.GET);
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            List<Violation> problems = ids(workspace, contactId);
            if (!problems.isEmpty()) {
                return Mono.error(ValidationException.local(ID, problems));
            }
            HttpRequest request = BridgeRequests.get(workspace, contactId);
            return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
        });
    }

    /**
     * {@code PATCH} by id in either generation: the fields the command sets or removes; its
     * {@code phonenumber} identifier replaces the cellphone. Attributes the workspace does not define
     * are a local validation error here (there is no result to carry a warning).
     */
    @Override
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return updateBridgeContact(workspace, contactId, command).map(BridgeContact::contact);
    }

    /** {@link #update}, keeping Bridge's {@code type} of the updated contact (never any in the older API). */
    public Mono<BridgeContact> updateBridgeContact(String workspace, String contactId, UpsertCommand command) {
        return Mono.defer(() -> {
            Optional<UnsupportedCapabilityException> refused = refuse(Operation.UPDATE)
                    .or(() -> writes.unsupported(command, Kind.UPDATE, config.api()));
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            List<Violation> problems = writes.violations(workspace, command, Kind.UPDATE, config.api());
            writes.id("contactId", contactId, config.api(), problems);
            if (!problems.isEmpty()) {
                return Mono.error(ValidationException.local(ID, problems));
            }
            if (!connect()) {
                HttpRequest request = BridgeRequests.legacyUpdate(workspace, contactId, mapper.bytes(writes.legacyBody(command).body()));
                return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
            }
            return settingsFor(workspace, command).flatMap(settings -> {
                BridgeWrites.Plan plan = writes.connectBody(command, Kind.UPDATE, settings, config.http().clock().instant());
                HttpRequest request = BridgeRequests.update(workspace, contactId, mapper.bytes(plan.body()));
                return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
            });
        });
    }

    /** Older API: {@code DELETE /v1/workspaces/{ws}/contacts/{id}}. */
    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return Mono.defer(() -> {
            Optional<UnsupportedCapabilityException> refused = refuse(Operation.DELETE);
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            List<Violation> problems = ids(workspace, contactId);
            if (!problems.isEmpty()) {
                return Mono.error(ValidationException.local(ID, problems));
            }
            return transport.exchange(BridgeRequests.delete(workspace, contactId)).then();
        });
    }

    /**
     * One page per demand. Newer API: {@code limit} 1-100 (default 20), {@code cursor} (the query's page
     * token resumes), {@code ownerEmail} (the query's owner must be an e-mail address, else a local
     * validation error); stops when the cursor is null. Older API: {@code limit} 10-100
     * (default 20), {@code page} from 1 (the query's page token is a page number), {@code ownerId}; stops
     * after {@code totalPages}. Both pass the query's {@code search}. Reverse order is not offered.
     */
    @Override
    public Flux<Contact> list(String workspace, ListQuery query) {
        return listBridgeContacts(workspace, query).map(BridgeContact::contact);
    }

    /** {@link #list}, page by page, each page with the token that resumes after it (a page number on the older API). */
    @Override
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        return listBridgeContactPages(workspace, query).map(page -> page.map(BridgeContact::contact));
    }

    /** {@link #list}, keeping each contact's {@code type} (the older API has none). */
    public Flux<BridgeContact> listBridgeContacts(String workspace, ListQuery query) {
        return Paging.items(listBridgeContactPages(workspace, query));
    }

    /** {@link #listPages}, keeping each contact's {@code type} (the older API has none). */
    public Flux<Page<BridgeContact>> listBridgeContactPages(String workspace, ListQuery query) {
        return Flux.defer(() -> {
            Optional<UnsupportedCapabilityException> refused = refuse(Operation.LIST);
            if (refused.isEmpty() && query.reverse()) {
                refused = Optional.of(new UnsupportedCapabilityException(ID, "list:reverse", "Bridge does not list newest first"));
            }
            if (refused.isPresent()) {
                return Flux.error(refused.get());
            }
            List<Violation> problems = new ArrayList<>();
            writes.id("workspace", workspace, config.api(), problems);
            int min = connect() ? CONNECT_MIN_PAGE : LEGACY_MIN_PAGE;
            query.pageSize().filter(size -> size < min || size > MAX_PAGE).ifPresent(size -> problems.add(Violation.of("pageSize",
                    "out_of_range", "Bridge's " + config.api().settingName() + " API serves " + min + "-" + MAX_PAGE + " contacts per page, not " + size)));
            int firstPage = connect() ? 1 : firstPage(query, problems);
            query.owner().filter(owner -> !isEmail(owner)).ifPresent(owner -> problems.add(Violation.of("owner",
                    "invalid_owner_email", connect() ? "the Contacts API filters by the owner's e-mail address (ownerEmail); this is not one"
                            : "the legacy API filters by the owner's e-mail address (ownerId is string<email>); this is not one")));
            if (!problems.isEmpty()) {
                return Flux.error(ValidationException.local(ID, problems));
            }
            return connect() ? cursorList(workspace, query) : pagedList(workspace, query, firstPage);
        });
    }

    /** Bridge has no search by identifier: always {@link UnsupportedCapabilityException}, nothing sent. */
    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return Flux.error(() -> new UnsupportedCapabilityException(ID, "operation:search",
                "Bridge has no search by identifier; list with a search text instead"));
    }

    // ---- custom attributes and classification ---------------------------------------------

    /**
     * Newer API: the workspace's custom-attribute settings ({@code GET .../settings/attributes}), from
     * the cache while it is fresh. Bridge leaves archived settings out unless asked; any it does serve
     * carry their {@code deletedAt}, and are neither written nor counted as required.
     */
    public Flux<CustomAttributeSetting> attributeSettings(String workspace) {
        return Flux.defer(() -> {
            if (!connect()) {
                return Flux.error(new UnsupportedCapabilityException(ID, "attribute-settings",
                        "the legacy Bridge API has no custom-attribute settings"));
            }
            List<Violation> problems = new ArrayList<>();
            writes.id("workspace", workspace, config.api(), problems);
            if (!problems.isEmpty()) {
                return Flux.error(ValidationException.local(ID, problems));
            }
            return cachedSettings(workspace).flatMapIterable(Function.identity());
        });
    }

    /** The classification rule of a workspace: its required custom attributes that are not archived. */
    public Mono<ClassificationRules> classificationRules(String workspace) {
        return attributeSettings(workspace).collectList().map(settings -> rules(settings, config.http().clock().instant()));
    }

    /**
     * What Bridge will classify the contact as when the upsert of this command creates it: the domain's
     * rule, with the workspace's required attributes that are not archived, applied to exactly what the
     * upsert would send (an attribute the workspace does not define, or a choice it does not offer, is
     * not sent and counts as missing). For a contact that may exist already, use
     * {@link #predictClassification(String, UpsertCommand, Contact)}. Bridge's own {@code type} on the
     * upsert result is what counts; this only warns early. Fails like the upsert would for a command the
     * upsert refuses.
     */
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command) {
        return predict(workspace, command, null);
    }

    /**
     * What Bridge will classify a known contact as after the upsert (or update) of this command: the
     * fields the request sends merged into {@code current} (as read from Bridge), a {@code null} removing
     * a field, then the domain's rule with the workspace's required attributes.
     */
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command, Contact current) {
        Objects.requireNonNull(current, "current");
        return predict(workspace, command, current);
    }

    private Mono<Classification> predict(String workspace, UpsertCommand command, Contact current) {
        return Mono.defer(() -> {
            Optional<ProviderException> refused = refuseUpsert(workspace, command);
            if (refused.isPresent()) {
                return Mono.error(refused.get());
            }
            return cachedSettings(workspace).map(settings -> {
                java.time.Instant now = config.http().clock().instant();
                BridgeWrites.Plan plan = writes.connectBody(command, Kind.UPSERT, settings, now);
                return writes.draft(workspace, plan.body(), settings, current).classify(rules(settings, now));
            });
        });
    }

    private static ClassificationRules rules(List<CustomAttributeSetting> settings, java.time.Instant now) {
        return ClassificationRules.requiring(settings.stream().filter(s -> s.required() && !s.archived(now))
                .map(CustomAttributeSetting::keyName).toList());
    }

    /** Newer API: {@code GET /bridge/api/health}; completes when Bridge answers 2xx. */
    public Mono<Void> health() {
        return Mono.defer(() -> connect() ? transport.exchange(BridgeRequests.health()).then()
                : Mono.error(new UnsupportedCapabilityException(ID, "health", "the legacy Bridge API has no health check")));
    }

    // ---- plumbing -------------------------------------------------------------------------

    private Optional<UnsupportedCapabilityException> refuse(Operation operation) {
        if (capabilities().supports(operation)) {
            return Optional.empty();
        }
        return Optional.of(new UnsupportedCapabilityException(ID, "operation:" + operation.name().toLowerCase(java.util.Locale.ROOT),
                "Bridge's " + config.api().settingName() + " API has no " + operation.name().toLowerCase(java.util.Locale.ROOT) + " operation"));
    }

    private static boolean isEmail(String text) {
        return IdentifierPolicy.defaults().normalize(Identifier.EMAIL, text).isValid();
    }

    /** Why an upsert of this command is refused before sending: unsupported, else every local violation. */
    private Optional<ProviderException> refuseUpsert(String workspace, UpsertCommand command) {
        Optional<UnsupportedCapabilityException> unsupported = refuse(Operation.UPSERT)
                .or(() -> writes.unsupported(command, Kind.UPSERT, config.api()));
        if (unsupported.isPresent()) {
            return Optional.of(unsupported.get());
        }
        List<Violation> problems = writes.violations(workspace, command, Kind.UPSERT, config.api());
        return problems.isEmpty() ? Optional.empty() : Optional.of(ValidationException.local(ID, problems));
    }

    private List<Violation> ids(String workspace, String contactId) {
        List<Violation> problems = new ArrayList<>();
        writes.id("workspace", workspace, config.api(), problems);
        writes.id("contactId", contactId, config.api(), problems);
        return problems;
    }

    private Mono<List<CustomAttributeSetting>> settingsFor(String workspace, UpsertCommand command) {
        return writes.needsSettings(command) ? cachedSettings(workspace) : Mono.just(List.of());
    }

    /**
     * The workspace's settings, fetched again once they are {@link BridgeConfig#attributeSettingsTtl()}
     * old by the configured clock. Concurrent callers share one fetch; a failed fetch is not kept.
     */
    private Mono<List<CustomAttributeSetting>> cachedSettings(String workspace) {
        Duration ttl = config.attributeSettingsTtl();
        if (ttl.isZero()) {
            return fetchSettings(workspace);
        }
        java.time.Clock clock = config.http().clock();
        return settingsCache.computeIfAbsent(workspace, ws -> fetchSettings(ws)
                        .map(settings -> new FetchedSettings(settings, clock.instant()))
                        .cacheInvalidateIf(fetched -> !clock.instant().isBefore(fetched.at().plus(ttl))))
                .map(FetchedSettings::settings);
    }

    private Mono<List<CustomAttributeSetting>> fetchSettings(String workspace) {
        HttpRequest request = BridgeRequests.attributeSettings(workspace);
        return transport.exchange(request).map(r -> List.copyOf(mapper.settings(r, request.name())));
    }

    private static int firstPage(ListQuery query, List<Violation> problems) {
        String token = query.pageToken().orElse("1").strip();
        if (token.matches("[1-9][0-9]{0,8}")) {
            return Integer.parseInt(token);
        }
        problems.add(Violation.of("pageToken", "invalid_page_token", "the legacy Bridge API resumes at a page number (1 or more)"));
        return 1;
    }

    private Flux<Page<BridgeContact>> cursorList(String workspace, ListQuery query) {
        Integer limit = query.pageSize().orElse(null);
        String owner = query.owner().orElse(null);
        String search = query.search().orElse(null);
        return Paging.pages(query.pageToken().orElse(null), cursor -> {
            HttpRequest request = BridgeRequests.cursorList(workspace, owner, search, limit, cursor);
            return transport.exchange(request).map(r -> mapper.cursorPage(r, workspace, request.name()));
        }, cursor -> mapper.malformed(200, BridgeRequests.cursorList(workspace, owner, search, limit, cursor).name(),
                "the cursor repeated the cursor just used"));
    }

    private Flux<Page<BridgeContact>> pagedList(String workspace, ListQuery query, int firstPage) {
        Integer limit = query.pageSize().orElse(null);
        int effectiveLimit = limit == null ? LEGACY_DEFAULT_PAGE : limit;
        String owner = query.owner().orElse(null);
        String search = query.search().orElse(null);
        return Paging.pages(Integer.toString(firstPage), token -> {
            int page = Integer.parseInt(token);
            HttpRequest request = BridgeRequests.pagedList(workspace, owner, search, page, limit);
            return transport.exchange(request).map(r -> {
                JsonNode body = mapper.read(r, request.name());
                mapper.requireLegacyPage(body, r.status(), request.name());
                List<BridgeContact> items = mapper.contacts(body, workspace, r.status(), request.name());
                boolean last = mapper.lastPage(body, page, effectiveLimit, items.size()) || page == Integer.MAX_VALUE;
                return new Page<>(items, last ? null : Integer.toString(page + 1));
            });
        });
    }

    /** Attempts sent so far, retries included. */
    public long attempts() {
        return transport.attempts();
    }

    /** Connections currently lent out by the pool: 0 once every request has finished. */
    public int activeConnections() {
        return transport.activeConnections();
    }

    /** Connections the pool holds, lent out or idle: idle ones go after {@code maxIdleTime}, checked every {@code evictionInterval}. */
    public int allocatedConnections() {
        return transport.allocatedConnections();
    }

    /** Disposes the connection pool. Idempotent. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "BridgeContactsClient[" + config.api().settingName() + ", " + config.baseUrl() + "]";
    }
}
