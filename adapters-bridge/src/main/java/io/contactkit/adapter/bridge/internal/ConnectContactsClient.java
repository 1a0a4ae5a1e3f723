package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContact;
import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.Paging;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Bridge's newer Contacts API: the cellphone upsert ({@code POST .../contacts/partial}), get and update
 * by id, the cursor-paged listing, the workspace's custom-attribute settings (held in a
 * {@link BoundedCache} for {@link BridgeConfig#attributeSettingsTtl()}, for at most
 * {@value #MAX_CACHED_WORKSPACES} workspaces), the classification Bridge will give, and the health check.
 * Every request carries the {@code x-api-key}.
 */
public final class ConnectContactsClient extends BridgeGenerationClient {

    /** The smallest page the newer API serves. */
    public static final int MIN_PAGE = 1;
    /** How many workspaces' settings are held at most; the least recently used are forgotten first. */
    public static final int MAX_CACHED_WORKSPACES = 1000;

    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(Operation.UPSERT, Operation.GET, Operation.UPDATE, Operation.LIST),
            EnumSet.of(Strategy.STRICT_ALIAS), Set.of(Identifier.PHONE), false, false, false, PagingStyle.CURSOR, MAX_PAGE);

    private final BoundedCache<String, List<CustomAttributeSetting>> settingsCache;
    private final BridgeCreatedOrUpdated createdOrUpdated;

    ConnectContactsClient(String provider, BridgeConfig config) {
        super(provider, config, BridgeAuthenticators.apiKey(config.apiKey()), CAPABILITIES);
        this.settingsCache = new BoundedCache<>(this::fetchSettings, config.attributeSettingsTtl(), config.http().clock(), MAX_CACHED_WORKSPACES);
        this.createdOrUpdated = new BridgeCreatedOrUpdated(config.maxClockSkew());
    }

    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return preflight.mono(() -> gate.unsupported(command, WriteKind.UPSERT), () -> validator.violations(workspace, command, WriteKind.UPSERT),
                () -> settingsFor(workspace, command).flatMap(settings -> {
                    Instant sentAt = config.http().clock().instant();
                    WritePlan plan = ConnectBodyWriter.write(command, WriteKind.UPSERT, settings, sentAt);
                    if (!plan.problems().isEmpty()) {
                        return Mono.error(ValidationException.local(provider, plan.problems()));
                    }
                    HttpRequest request = BridgeRequests.upsert(workspace, mapper.bytes(plan.body()));
                    return transport.exchange(request).map(r -> {
                        JsonNode answer = mapper.read(r, request.name());
                        BridgeContact contact = mapper.contactObject(answer, workspace, r.status(), request.name());
                        UpsertResult.Status status = createdOrUpdated.judge(r.status(), answer, contact.contact(), plan.body(), settings, sentAt);
                        return new UpsertResult(status, contact.contact(), plan.warnings(), contact.type().orElse(null));
                    });
                }));
    }

    @Override
    public Mono<BridgeContact> getBridgeContact(String workspace, String contactId) {
        return preflight.mono(() -> validator.ids(workspace, contactId), () -> {
            HttpRequest request = BridgeRequests.get(workspace, contactId);
            return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
        });
    }

    @Override
    public Mono<BridgeContact> updateBridgeContact(String workspace, String contactId, UpsertCommand command) {
        return preflight.mono(() -> gate.unsupported(command, WriteKind.UPDATE), () -> validator.updateViolations(workspace, contactId, command),
                () -> settingsFor(workspace, command).flatMap(settings -> {
                    WritePlan plan = ConnectBodyWriter.write(command, WriteKind.UPDATE, settings, config.http().clock().instant());
                    if (!plan.problems().isEmpty()) {
                        return Mono.error(ValidationException.local(provider, plan.problems()));
                    }
                    HttpRequest request = BridgeRequests.update(workspace, contactId, mapper.bytes(plan.body()));
                    return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
                }));
    }

    /** The workspace's settings, from the cache while they are fresh. */
    @Override
    public Flux<CustomAttributeSetting> attributeSettings(String workspace) {
        return preflight.flux(() -> validator.workspace(workspace), () -> settingsCache.get(workspace).flatMapIterable(Function.identity()));
    }

    @Override
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command, Contact current) {
        return preflight.mono(() -> gate.unsupported(command, WriteKind.UPSERT), () -> validator.violations(workspace, command, WriteKind.UPSERT),
                () -> settingsCache.get(workspace).flatMap(settings -> {
                    Instant now = config.http().clock().instant();
                    WritePlan plan = ConnectBodyWriter.write(command, WriteKind.UPSERT, settings, now);
                    if (!plan.problems().isEmpty()) {
                        return Mono.error(ValidationException.local(provider, plan.problems()));
                    }
                    return Mono.just(BridgeMergeModel.merged(workspace, plan.body(), settings, current).classify(rules(settings, now)));
                }));
    }

    @Override
    public Mono<Void> health() {
        return Mono.defer(() -> transport.exchange(BridgeRequests.health()).then());
    }

    @Override
    int minPageSize() {
        return MIN_PAGE;
    }

    @Override
    String ownerNotAnEmail() {
        return "the Contacts API filters by the owner's e-mail address (ownerEmail); this is not one";
    }

    /** {@code limit}, {@code cursor} (the query's page token resumes), {@code ownerEmail}, {@code search}; ends when the cursor is null. */
    @Override
    Flux<Page<BridgeContact>> pages(String workspace, ListQuery query) {
        Integer limit = query.pageSize().orElse(null);
        String owner = query.owner().orElse(null);
        String search = query.search().orElse(null);
        return Paging.pages(query.pageToken().orElse(null), cursor -> {
            HttpRequest request = BridgeRequests.cursorList(workspace, owner, search, limit, cursor);
            return transport.exchange(request).map(r -> mapper.cursorPage(r, workspace, request.name()));
        }, cursor -> mapper.malformed(200, BridgeRequests.cursorList(workspace, owner, search, limit, cursor).name(),
                "the cursor repeated the cursor just used"));
    }

    private Mono<List<CustomAttributeSetting>> settingsFor(String workspace, UpsertCommand command) {
        return ConnectBodyWriter.needsSettings(command) ? settingsCache.get(workspace) : Mono.just(List.of());
    }

    private Mono<List<CustomAttributeSetting>> fetchSettings(String workspace) {
        HttpRequest request = BridgeRequests.attributeSettings(workspace);
        return transport.exchange(request).map(r -> List.copyOf(mapper.settings(r, request.name())));
    }
}
