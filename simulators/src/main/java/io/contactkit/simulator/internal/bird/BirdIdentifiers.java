package io.contactkit.simulator.internal.bird;

import static io.contactkit.simulator.internal.bird.BirdErrors.error;
import static io.contactkit.simulator.internal.bird.BirdErrors.invalid;
import static io.contactkit.simulator.internal.bird.BirdErrors.notFound;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.RouteTable;
import io.contactkit.simulator.internal.SimResponse;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Bird's identifier endpoints of one contact: add, list and remove. */
final class BirdIdentifiers {

    private final BirdReader read;
    private final IdentifierPolicy policy;
    private final Clock clock;

    BirdIdentifiers(BirdReader read, IdentifierPolicy policy, Clock clock) {
        this.read = read;
        this.policy = policy;
        this.clock = clock;
    }

    /** An endpoint of one existing contact. */
    @FunctionalInterface
    interface OfContact {
        SimResponse handle(BirdCall call, String contactId, Contact contact);
    }

    /** The endpoint, for a contact that exists; 404 for any other. */
    static RouteTable.Handler<BirdCall> ofContact(OfContact handler) {
        return (call, path) -> {
            String contactId = path.decoded("id");
            Optional<Contact> contact = call.ws().book.get(contactId);
            return contact.isEmpty() ? notFound(contactId) : handler.handle(call, contactId, contact.get());
        };
    }

    /** {@code POST .../contacts/{id}/identifiers}: 201, or 409 when another contact owns the identifier. */
    SimResponse add(BirdCall call, String contactId, Contact contact) {
        BirdWorkspace ws = call.ws();
        JsonNode body = call.body();
        Problems problems = new Problems();
        Optional<Identifier> id = read.normalized(Json.text(body, "key"), Json.text(body, "value"), "", problems);
        JsonNode props = body.get("properties");
        BirdReader.properties(props, "properties", problems);
        if (id.isEmpty() || !problems.isEmpty()) {
            return invalid(problems);
        }
        Optional<String> owner = ws.book.ownerOf(id.get());
        if (owner.isPresent()) {
            ObjectNode details = Json.object();
            details.putArray("contactIds").add(owner.get());
            return error(409, "ResourceAlreadyExists", "identifier " + id.get() + " already belongs to contact " + owner.get(), details);
        }
        UpsertCommand command = UpsertCommand.builder().identifier(id.get()).build(policy).get();
        ws.book.update(contactId, command, clock.instant());
        if (props != null && props.isObject()) {
            ws.properties.put(id.get(), props);
        }
        return SimResponse.of(201, BirdWriter.identifier(ws, id.get()));
    }

    /** {@code GET .../contacts/{id}/identifiers}: token pages. */
    SimResponse list(BirdCall call, String contactId, Contact contact) {
        BirdWorkspace ws = call.ws();
        Problems problems = new Problems();
        int limit = BirdReader.limit(call.request(), problems);
        long from = BirdReader.position(call.request(), 'i', 0, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        return SimResponse.of(200, BirdWriter.page(contact.identifiers(), from, limit, 'i', i -> BirdWriter.identifier(ws, i)));
    }

    /** {@code DELETE .../contacts/{id}/identifiers} with {@code {key, value}}: 204. */
    SimResponse remove(BirdCall call, String contactId, Contact contact) {
        BirdWorkspace ws = call.ws();
        JsonNode body = call.body();
        Problems problems = new Problems();
        Optional<Identifier> id = read.normalized(Json.text(body, "key"), Json.text(body, "value"), "", problems);
        if (id.isEmpty()) {
            return invalid(problems);
        }
        if (!contact.owns(id.get())) {
            return error(404, "NotFound", "the contact has no identifier " + id.get(), null);
        }
        UpsertCommand command = UpsertCommand.builder().removeIdentifier(id.get().key(), id.get().value()).build(policy).get();
        ws.book.update(contactId, command, clock.instant());
        ws.properties.remove(id.get());
        return SimResponse.noContent();
    }

    /** {@code GET .../contacts/identifiers/{key}/{value}}: observed, Bird answers 403 to every lookup by identifier. */
    SimResponse lookupRefused(BirdCall call, PathVariables path) {
        return error(403, "Forbidden", "looking a contact up by identifier is not allowed: use search", null);
    }
}
