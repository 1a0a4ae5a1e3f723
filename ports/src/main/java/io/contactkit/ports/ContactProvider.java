package io.contactkit.ports;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbound port every contact provider implements: Bird, Bridge, the in-memory provider, or yours.
 *
 * <p>Every method is non-blocking and lazy: nothing happens until subscription, and each
 * subscription repeats the request. Failures arrive as {@link ProviderException}s. Lists and searches
 * fetch a page only when the subscriber asks for more, and stop when it cancels. A request the
 * provider cannot honour fails with {@link UnsupportedCapabilityException} and sends nothing; a
 * request that fails local validation fails with a local {@link ValidationException} and sends nothing.
 */
public interface ContactProvider extends AutoCloseable {

    /**
     * The provider's id.
     *
     * @return {@code bird}, {@code bridge}, {@code memory}, ...
     */
    String id();

    /**
     * What the provider supports natively.
     *
     * @return its capabilities
     */
    Capabilities capabilities();

    /**
     * Creates a contact with every identifier and attribute of the command. Not idempotent: a create
     * whose outcome is unknown fails with {@link OutcomeUnknownException} rather than being repeated.
     *
     * @param workspace the workspace to write to
     * @param command the identifiers and attributes of the new contact
     * @return the contact as the provider made it
     */
    Mono<Contact> create(String workspace, UpsertCommand command);

    /**
     * Creates or updates the contact the command's primary identifier and strategy pick.
     *
     * @param workspace the workspace to write to
     * @param command the identifiers, changes and strategy
     * @return whether the contact was created or updated, the contact and any warnings
     */
    Mono<UpsertResult> upsert(String workspace, UpsertCommand command);

    /**
     * One contact by id.
     *
     * @param workspace the workspace to read
     * @param contactId the provider's id of the contact
     * @return the contact, or {@link NotFoundException}
     */
    Mono<Contact> get(String workspace, String contactId);

    /**
     * Applies the command's changes to one contact; its identifiers are added to it.
     *
     * @param workspace the workspace to write to
     * @param contactId the provider's id of the contact
     * @param command the changes
     * @return the contact as changed, or {@link NotFoundException}
     */
    Mono<Contact> update(String workspace, String contactId, UpsertCommand command);

    /**
     * Deletes a contact.
     *
     * @param workspace the workspace to write to
     * @param contactId the provider's id of the contact
     * @return completes once deleted; {@link NotFoundException} when there is none
     */
    Mono<Void> delete(String workspace, String contactId);

    /**
     * Every contact matching the query, fetched page by page as the subscriber requests them. By
     * default the items of {@link #listPages}.
     *
     * @param workspace the workspace to list
     * @param query the page size, where to resume, order and filters
     * @return the contacts, a page fetched only when an item beyond the previous one is wanted
     */
    default Flux<Contact> list(String workspace, ListQuery query) {
        return Paging.items(listPages(workspace, query));
    }

    /**
     * The contacts matching the query as pages, each with the token that resumes the listing after it
     * ({@link ListQuery.Builder#pageToken(String)}): one page fetched per page requested, none before
     * the first request and none after cancellation. A provider without paging answers one last page.
     *
     * @param workspace the workspace to list
     * @param query the page size, where to resume, order and filters
     * @return the pages, the last one without a next token
     */
    Flux<Page<Contact>> listPages(String workspace, ListQuery query);

    /**
     * The contacts owning an identifier (at most one where identifiers are unique).
     *
     * @param workspace the workspace to search
     * @param identifier the identifier
     * @return its owners, none when nobody holds it
     */
    Flux<Contact> search(String workspace, Identifier identifier);

    /** Releases connections and other resources. Idempotent. */
    @Override
    default void close() {
    }
}
