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

    /** The provider's id: {@code bird}, {@code bridge}, {@code memory}, ... */
    String id();

    /** What the provider supports natively. */
    Capabilities capabilities();

    /**
     * Creates a contact with every identifier and attribute of the command. Not idempotent: a create
     * whose outcome is unknown fails with {@link OutcomeUnknownException} rather than being repeated.
     */
    Mono<Contact> create(String workspace, UpsertCommand command);

    /** Creates or updates the contact the command's primary identifier and strategy pick. */
    Mono<UpsertResult> upsert(String workspace, UpsertCommand command);

    /** The contact, or {@link NotFoundException}. */
    Mono<Contact> get(String workspace, String contactId);

    /** Applies the command's changes to one contact; its identifiers are added to it. */
    Mono<Contact> update(String workspace, String contactId, UpsertCommand command);

    /** Deletes a contact; {@link NotFoundException} when there is none. */
    Mono<Void> delete(String workspace, String contactId);

    /** Every contact matching the query, page by page as the subscriber requests them. */
    Flux<Contact> list(String workspace, ListQuery query);

    /** The contacts owning an identifier (at most one where identifiers are unique). */
    Flux<Contact> search(String workspace, Identifier identifier);

    /** Releases connections and other resources. Idempotent. */
    @Override
    default void close() {
    }
}
