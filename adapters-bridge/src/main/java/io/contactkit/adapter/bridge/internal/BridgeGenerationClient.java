package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContact;
import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.HttpTransport;
import io.contactkit.adapter.http.Preflight;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.domain.Classification;
import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Page;
import io.contactkit.ports.Paging;
import io.contactkit.ports.Operation;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The client of one Bridge API generation: {@link ConnectContactsClient} for the newer Contacts API,
 * {@link LegacyContactsClient} for the older inbound API. Each implements what its generation serves;
 * everything else is refused here, before sending, with {@link UnsupportedCapabilityException}. What
 * both share lives here too: the transport, the checks before sending, the listing's checks and the
 * search Bridge does not have.
 */
public abstract sealed class BridgeGenerationClient implements AutoCloseable permits ConnectContactsClient, LegacyContactsClient {

    /** The largest page either generation serves. */
    public static final int MAX_PAGE = 100;

    protected final String provider;
    protected final BridgeConfig config;
    protected final HttpTransport transport;
    protected final BridgeMapper mapper;
    protected final BridgeValidator validator;
    protected final BridgeCapabilityGate gate;
    protected final Preflight preflight;
    private final Capabilities capabilities;

    BridgeGenerationClient(String provider, BridgeConfig config, RequestAuthenticator authenticator, Capabilities capabilities) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.capabilities = capabilities;
        this.transport = new HttpTransport(provider, config.http(), authenticator, new BridgeErrorMapper(provider, config.http().clock()),
                BridgePathTemplates.ALL);
        this.mapper = new BridgeMapper(provider);
        this.validator = new BridgeValidator(config.api());
        this.gate = new BridgeCapabilityGate(provider, config.api());
        this.preflight = new Preflight(provider);
    }

    /**
     * The client of the configuration's generation.
     *
     * @param provider the provider's id
     * @param config the configuration
     * @return a new client, owning its connection pool
     */
    public static BridgeGenerationClient of(String provider, BridgeConfig config) {
        return config.api() == BridgeApiGeneration.CONNECT ? new ConnectContactsClient(provider, config) : new LegacyContactsClient(provider, config);
    }

    public final Capabilities capabilities() {
        return capabilities;
    }

    // ---- what a generation may serve: refused unless it does ---------------------------------

    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return Mono.error(() -> refusal(Operation.CREATE));
    }

    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return Mono.error(() -> refusal(Operation.UPSERT));
    }

    public Mono<BridgeContact> getBridgeContact(String workspace, String contactId) {
        return Mono.error(() -> refusal(Operation.GET));
    }

    public abstract Mono<BridgeContact> updateBridgeContact(String workspace, String contactId, UpsertCommand command);

    public Mono<Void> delete(String workspace, String contactId) {
        return Mono.error(() -> refusal(Operation.DELETE));
    }

    public Flux<CustomAttributeSetting> attributeSettings(String workspace) {
        return Flux.error(() -> new UnsupportedCapabilityException(provider, "attribute-settings",
                "the legacy Bridge API has no custom-attribute settings"));
    }

    /** The classification rule of a workspace: its required custom attributes that are not archived. */
    public Mono<ClassificationRules> classificationRules(String workspace) {
        return attributeSettings(workspace).collectList().map(settings -> rules(settings, config.http().clock().instant()));
    }

    /** {@code current}: the contact as read from Bridge, or {@code null} for one the upsert creates. */
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command, Contact current) {
        return Mono.error(() -> refusal(Operation.UPSERT));
    }

    public Mono<Void> health() {
        return Mono.error(() -> new UnsupportedCapabilityException(provider, "health", "the legacy Bridge API has no health check"));
    }

    /** Bridge has no search by identifier, in either generation: nothing is sent. */
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return Flux.error(() -> new UnsupportedCapabilityException(provider, "operation:search",
                "Bridge has no search by identifier; list with a search text instead"));
    }

    // ---- listing ------------------------------------------------------------------------------

    /** Checks the query (reverse order is refused; workspace, page size, page token, owner) and lists. */
    public final Flux<BridgeContact> listBridgeContacts(String workspace, ListQuery query) {
        return Paging.items(listBridgeContactPages(workspace, query));
    }

    /** {@link #listBridgeContacts}, page by page, each page with the token that resumes after it. */
    public final Flux<Page<BridgeContact>> listBridgeContactPages(String workspace, ListQuery query) {
        return preflight.flux(() -> reverseRefused(query), () -> listViolations(workspace, query), () -> pages(workspace, query));
    }

    /** The smallest page the generation serves. */
    abstract int minPageSize();

    /** The problem of the query's page token, if the generation reads it. */
    Optional<Violation> pageTokenProblem(ListQuery query) {
        return Optional.empty();
    }

    /** Why an owner that is not an e-mail address cannot filter the generation's listing. */
    abstract String ownerNotAnEmail();

    /** The listing of a checked query, one page per demand. */
    abstract Flux<Page<BridgeContact>> pages(String workspace, ListQuery query);

    private @Nullable UnsupportedCapabilityException reverseRefused(ListQuery query) {
        return query.reverse() ? new UnsupportedCapabilityException(provider, "list:reverse", "Bridge does not list newest first") : null;
    }

    private List<Violation> listViolations(String workspace, ListQuery query) {
        List<Violation> problems = new ArrayList<>(validator.workspace(workspace));
        int min = minPageSize();
        query.pageSize().filter(size -> size < min || size > MAX_PAGE).ifPresent(size -> problems.add(Violation.of("pageSize",
                "out_of_range", "Bridge's " + config.api().settingName() + " API serves " + min + "-" + MAX_PAGE + " contacts per page, not " + size)));
        pageTokenProblem(query).ifPresent(problems::add);
        query.owner().filter(owner -> !IdentifierPolicy.defaults().normalize(Identifier.EMAIL, owner).isValid())
                .ifPresent(owner -> problems.add(Violation.of("owner", "invalid_owner_email", ownerNotAnEmail())));
        return problems;
    }

    // ---- plumbing -----------------------------------------------------------------------------

    /** The refusal of an operation the generation does not have. */
    final UnsupportedCapabilityException refusal(Operation operation) {
        String name = operation.name().toLowerCase(Locale.ROOT);
        return new UnsupportedCapabilityException(provider, "operation:" + name,
                "Bridge's " + config.api().settingName() + " API has no " + name + " operation");
    }

    /** The classification rule: the required custom attributes not archived at {@code now}. */
    static ClassificationRules rules(List<CustomAttributeSetting> settings, Instant now) {
        return ClassificationRules.requiring(settings.stream().filter(s -> s.required() && !s.archived(now))
                .map(CustomAttributeSetting::keyName).toList());
    }

    /** Attempts sent so far, retries included. */
    public final long attempts() {
        return transport.attempts();
    }

    /** Connections currently lent out by the pool. */
    public final int activeConnections() {
        return transport.activeConnections();
    }

    /** Connections the pool holds, lent out or idle. */
    public final int allocatedConnections() {
        return transport.allocatedConnections();
    }

    /** Disposes the connection pool. Idempotent. */
    @Override
    public final void close() {
        transport.close();
    }
}
