package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContact;
import io.contactkit.adapter.http.AmbiguousCreates;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.Paging;
import io.contactkit.ports.ProviderException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Bridge's older inbound API: create, update and delete by id, and the page-numbered listing; every
 * request signed ({@link RequestSigner}). The create is never repeated after it may have been sent:
 * its ambiguous outcomes are resolved by looking the cellphone up ({@link AmbiguousCreates}).
 */
public final class LegacyContactsClient extends BridgeGenerationClient {

    /** The smallest page the older API serves. */
    public static final int MIN_PAGE = 10;
    private static final int DEFAULT_PAGE = 20;

    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.LIST),
            EnumSet.noneOf(Strategy.class), Set.of(Identifier.PHONE), false, false, false, PagingStyle.PAGE_NUMBER, MAX_PAGE);

    LegacyContactsClient(String provider, BridgeConfig config) {
        super(provider, config, signed(config), CAPABILITIES);
    }

    private static RequestAuthenticator signed(BridgeConfig config) {
        RequestSigner signer = new RequestSigner(config.apiKey(), config.signingSecret().orElseThrow(), config.http().clock());
        return BridgeAuthenticators.signed(signer, config.baseUrl().getRawPath(), config.signQueryString());
    }

    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return preflight.mono(() -> gate.unsupported(command, WriteKind.CREATE), () -> validator.violations(workspace, command, WriteKind.CREATE),
                () -> {
                    HttpRequest request = BridgeRequests.create(workspace, mapper.bytes(LegacyBodyWriter.write(command).body()));
                    return AmbiguousCreates.resolved(transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()).contact()),
                            failure -> resolveCreate(workspace, command, failure));
                });
    }

    /**
     * A create whose outcome is unknown is not repeated: the contact is looked up by its cellphone
     * through the listing's search. Found: the create was applied (or the cellphone already had a
     * contact, which a repeat would have reported as a conflict). Not found, or the lookup failed: the
     * outcome stays unknown.
     */
    private Mono<Contact> resolveCreate(String workspace, UpsertCommand command, ProviderException failure) {
        Identifier phone = command.identifiers().stream().filter(Identifier::isPhone).findFirst().orElseThrow();
        Mono<Contact> owner = Paging.items(pagedList(workspace, ListQuery.builder().search(phone.value()).pageSize(MAX_PAGE).build(), 1))
                .map(BridgeContact::contact)
                .filter(c -> c.owns(phone))
                .next();
        return AmbiguousCreates.lookUp(provider, failure, owner, "no contact has its cellphone yet", "looking it up by its cellphone failed too");
    }

    @Override
    public Mono<BridgeContact> updateBridgeContact(String workspace, String contactId, UpsertCommand command) {
        return preflight.mono(() -> gate.unsupported(command, WriteKind.UPDATE), () -> validator.updateViolations(workspace, contactId, command),
                () -> {
                    HttpRequest request = BridgeRequests.legacyUpdate(workspace, contactId, mapper.bytes(LegacyBodyWriter.write(command).body()));
                    return transport.exchange(request).map(r -> mapper.contact(r, workspace, request.name()));
                });
    }

    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return preflight.mono(() -> validator.ids(workspace, contactId),
                () -> transport.exchange(BridgeRequests.delete(workspace, contactId)).then());
    }

    @Override
    int minPageSize() {
        return MIN_PAGE;
    }

    @Override
    Optional<Violation> pageTokenProblem(ListQuery query) {
        return firstPage(query).isPresent() ? Optional.empty()
                : Optional.of(Violation.of("pageToken", "invalid_page_token", "the legacy Bridge API resumes at a page number (1 or more)"));
    }

    @Override
    String ownerNotAnEmail() {
        return "the legacy API filters by the owner's e-mail address (ownerId is string<email>); this is not one";
    }

    @Override
    Flux<Page<BridgeContact>> pages(String workspace, ListQuery query) {
        return pagedList(workspace, query, firstPage(query).orElseThrow());
    }

    /** The query's page token as a page number (1 without one); empty when it is not one. */
    private static Optional<Integer> firstPage(ListQuery query) {
        String token = query.pageToken().orElse("1").strip();
        return token.matches("[1-9][0-9]{0,8}") ? Optional.of(Integer.parseInt(token)) : Optional.empty();
    }

    /** {@code limit}, {@code page} from {@code firstPage}, {@code ownerId}, {@code search}; stops after {@code totalPages}. */
    private Flux<Page<BridgeContact>> pagedList(String workspace, ListQuery query, int firstPage) {
        Integer limit = query.pageSize().orElse(null);
        int effectiveLimit = limit == null ? DEFAULT_PAGE : limit;
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
}
