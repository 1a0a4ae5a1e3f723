package io.contactkit.adapter.bridge;

import io.contactkit.adapter.bridge.internal.BridgeFields;
import io.contactkit.adapter.bridge.internal.BridgeGenerationClient;
import io.contactkit.adapter.bridge.internal.ConnectContactsClient;
import io.contactkit.adapter.bridge.internal.LegacyContactsClient;
import io.contactkit.domain.Classification;
import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.Page;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bridge on Reactor Netty, either API generation ({@link BridgeConfig#api()}). Non-blocking and lazy:
 * nothing is sent before subscription, and every subscription sends again.
 *
 * <p><b>The newer Contacts API</b> ({@link BridgeApiGeneration#CONNECT}): {@link #upsert} is
 * {@code POST .../contacts/partial}, keyed on the cellphone; {@link #get}, {@link #update} by id; the
 * cursor-paged {@link #list}; and Bridge's custom-attribute settings ({@link #attributeSettings}),
 * fetched once per workspace and cached for {@link BridgeConfig#attributeSettingsTtl()} (for the
 * 1,000 workspaces used most recently), which custom
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
 * <p><b>Inside</b>: one client per generation ({@code ConnectContactsClient}, {@code LegacyContactsClient}),
 * chosen by {@link BridgeConfig#api()}; this class is the type users hold and forwards to it.
 *
 * <p>Close the client to dispose its connection pool.
 */
public final class BridgeContactsClient implements ContactProvider {

    /** The id the provider is discovered by. */
    public static final String ID = "bridge";
    /** The attribute that reads and writes Bridge's {@code email} field (not an identifier: Bridge keeps it neither unique nor matched). */
    public static final String EMAIL_ATTRIBUTE = BridgeFields.EMAIL_ATTRIBUTE;
    /** The code of the warning that an {@code emailaddress} identifier was written to the plain {@code email} field. */
    public static final String EMAIL_NOT_IDENTIFIER_WARNING = BridgeFields.EMAIL_NOT_IDENTIFIER;
    /** The smallest page size the newer API accepts. */
    public static final int CONNECT_MIN_PAGE = ConnectContactsClient.MIN_PAGE;
    /** The smallest page size the older API accepts. */
    public static final int LEGACY_MIN_PAGE = LegacyContactsClient.MIN_PAGE;
    /** The largest page size either API accepts. */
    public static final int MAX_PAGE = BridgeGenerationClient.MAX_PAGE;

    private final BridgeConfig config;
    private final BridgeGenerationClient generation;

    /**
     * A client for the generation {@code config} names, with a connection pool of its own (opened lazily).
     *
     * @param config where and how to reach Bridge
     * @throws NullPointerException if {@code config} is null
     */
    public BridgeContactsClient(BridgeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.generation = BridgeGenerationClient.of(ID, config);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return generation.capabilities();
    }

    /** {@return the configuration this client was made with} */
    public BridgeConfig config() {
        return config;
    }

    // ---- contacts -------------------------------------------------------------------------

    /**
     * Older API: {@code POST /v1/workspaces/{ws}/contacts} (firstName, lastName and cellphone required).
     * Repeated only after a 429 and after failures before any byte was sent, never after it may have
     * reached Bridge; when its outcome is ambiguous (a failure after sending, 5xx, an unreadable 2xx) the
     * contact is looked up by its cellphone through the listing's search: found, the create was applied
     * (or the cellphone already had a contact, which a repeat would have reported as a conflict); not
     * found, or the lookup failed, the create fails with {@link OutcomeUnknownException} with the
     * original failure as its cause.
     */
    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return generation.create(workspace, command);
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
        return generation.upsert(workspace, command);
    }

    /** Newer API: {@code GET .../contacts/{id}}. */
    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return getBridgeContact(workspace, contactId).map(BridgeContact::contact);
    }

    /**
     * {@link #get}, keeping Bridge's {@code type} (empty when the answer has none, which Bridge allows on get).
     *
     * @param workspace the Bridge workspace
     * @param contactId Bridge's id of the contact
     * @return the contact with its {@code type}; fails as {@link #get} does, e.g. when there is no such contact
     */
    public Mono<BridgeContact> getBridgeContact(String workspace, String contactId) {
        return generation.getBridgeContact(workspace, contactId);
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

    /**
     * {@link #update}, keeping Bridge's {@code type} of the updated contact (never any in the older API).
     *
     * @param workspace the Bridge workspace
     * @param contactId Bridge's id of the contact to change
     * @param command   the fields to set or remove
     * @return the updated contact with its {@code type}; fails as {@link #update} does
     */
    public Mono<BridgeContact> updateBridgeContact(String workspace, String contactId, UpsertCommand command) {
        return generation.updateBridgeContact(workspace, contactId, command);
    }

    /** Older API: {@code DELETE /v1/workspaces/{ws}/contacts/{id}}. */
    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return generation.delete(workspace, contactId);
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

    /**
     * {@link #list}, keeping each contact's {@code type} (the older API has none).
     *
     * @param workspace the Bridge workspace
     * @param query     page size, page token, owner and search, as {@link #list} reads them
     * @return the contacts, page after page on demand
     */
    public Flux<BridgeContact> listBridgeContacts(String workspace, ListQuery query) {
        return generation.listBridgeContacts(workspace, query);
    }

    /**
     * {@link #listPages}, keeping each contact's {@code type} (the older API has none).
     *
     * @param workspace the Bridge workspace
     * @param query     page size, page token, owner and search, as {@link #list} reads them
     * @return one element per page, each with the token that resumes after it
     */
    public Flux<Page<BridgeContact>> listBridgeContactPages(String workspace, ListQuery query) {
        return generation.listBridgeContactPages(workspace, query);
    }

    /** Bridge has no search by identifier: always {@link UnsupportedCapabilityException}, nothing sent. */
    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return generation.search(workspace, identifier);
    }

    // ---- custom attributes and classification ---------------------------------------------

    /**
     * Newer API: the workspace's custom-attribute settings ({@code GET .../settings/attributes}), from
     * the cache while it is fresh. Bridge leaves archived settings out unless asked; any it does serve
     * carry their {@code deletedAt}, and are neither written nor counted as required.
     *
     * @param workspace the Bridge workspace
     * @return the workspace's settings; with the older API, which has none, an
     *         {@link UnsupportedCapabilityException}
     */
    public Flux<CustomAttributeSetting> attributeSettings(String workspace) {
        return generation.attributeSettings(workspace);
    }

    /**
     * The classification rule of a workspace: its required custom attributes that are not archived.
     *
     * @param workspace the Bridge workspace
     * @return the rule, built from the workspace's (cached) attribute settings
     */
    public Mono<ClassificationRules> classificationRules(String workspace) {
        return generation.classificationRules(workspace);
    }

    /**
     * What Bridge will classify the contact as when the upsert of this command creates it: the domain's
     * rule, with the workspace's required attributes that are not archived, applied to exactly what the
     * upsert would send (an attribute the workspace does not define, or a choice it does not offer, is
     * not sent and counts as missing). For a contact that may exist already, use
     * {@link #predictClassification(String, UpsertCommand, Contact)}. Bridge's own {@code type} on the
     * upsert result is what counts; this only warns early. Fails like the upsert would for a command the
     * upsert refuses.
     *
     * @param workspace the Bridge workspace
     * @param command   the command an upsert would send
     * @return the classification Bridge is expected to give a new contact
     */
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command) {
        return generation.predictClassification(workspace, command, null);
    }

    /**
     * What Bridge will classify a known contact as after the upsert (or update) of this command: the
     * fields the request sends merged into {@code current} (as read from Bridge), a {@code null} removing
     * a field, then the domain's rule with the workspace's required attributes.
     *
     * @param workspace the Bridge workspace
     * @param command   the command the upsert or update would send
     * @param current   the contact as last read from Bridge
     * @return the classification Bridge is expected to give the contact afterwards
     * @throws NullPointerException if {@code current} is null
     */
    public Mono<Classification> predictClassification(String workspace, UpsertCommand command, Contact current) {
        Objects.requireNonNull(current, "current");
        return generation.predictClassification(workspace, command, current);
    }

    /**
     * Newer API: {@code GET /bridge/api/health}; completes when Bridge answers 2xx.
     *
     * @return completes on a 2xx answer, fails otherwise (with the older API, which has no health check:
     *         {@link UnsupportedCapabilityException})
     */
    public Mono<Void> health() {
        return generation.health();
    }

    // ---- the connection pool --------------------------------------------------------------

    /** {@return the attempts sent so far, retries included} */
    public long attempts() {
        return generation.attempts();
    }

    /** {@return the connections currently lent out by the pool: 0 once every request has finished} */
    public int activeConnections() {
        return generation.activeConnections();
    }

    /**
     * Connections the pool holds, lent out or idle: idle ones go after {@code maxIdleTime}, checked every {@code evictionInterval}.
     *
     * @return the number of connections the pool holds
     */
    public int allocatedConnections() {
        return generation.allocatedConnections();
    }

    /** Disposes the connection pool. Idempotent. */
    @Override
    public void close() {
        generation.close();
    }

    @Override
    public String toString() {
        return "BridgeContactsClient[" + config.api().settingName() + ", " + config.baseUrl() + "]";
    }
}
