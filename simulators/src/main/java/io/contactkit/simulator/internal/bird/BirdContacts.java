package io.contactkit.simulator.internal.bird;

import static io.contactkit.simulator.internal.bird.BirdErrors.alreadyExists;
import static io.contactkit.simulator.internal.bird.BirdErrors.failure;
import static io.contactkit.simulator.internal.bird.BirdErrors.invalid;
import static io.contactkit.simulator.internal.bird.BirdErrors.notFound;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.contactkit.domain.ContactBook;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bird's contact endpoints: identifier upsert, create, get, update, delete, list and search. */
final class BirdContacts {

    static final int MAX_TOKEN = 8000;

    private final BirdReader read;
    private final IdentifierPolicy policy;
    private final Clock clock;
    private final boolean upsertAnswers200;

    BirdContacts(BirdReader read, IdentifierPolicy policy, Clock clock, boolean upsertAnswers200) {
        this.read = read;
        this.policy = policy;
        this.clock = clock;
        this.upsertAnswers200 = upsertAnswers200;
    }

    /** {@code PATCH .../contacts/identifiers/{key}/{value}} with an object body: 201 for a creation (or 200), 200 for an update. */
    SimResponse upsert(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        JsonNode body = call.body();
        Problems problems = new Problems();
        String key = path.decoded("key");
        String value = BirdReader.pathValue(path.raw("value"), problems);
        if (key == null || key.isEmpty() || key.length() > 250) {
            problems.add("identifierKey", "must be 1-250 characters");
        }
        if (value != null && (value.isEmpty() || value.length() > 500)) {
            problems.add("identifierValue", "must be 1-500 characters");
        }
        Strategy strategy = BirdReader.strategy(body, problems);
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy == null ? Strategy.STRICT_ALIAS : strategy);
        if (key != null && value != null) {
            read.normalized(key, value, "identifierValue", problems).ifPresent(b::identifier);
        }
        BirdReader.Patch patch = read.patch(body, b, problems);
        Optional<UpsertCommand> command = read.build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.upsert(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        UpsertOutcome outcome = result.get();
        ws.properties.putAll(patch.properties());
        Contact contact = replaceMemberships(ws.book, outcome.contact(), patch.listIds(), patch.accountIds());
        return SimResponse.of(outcome.created() && !upsertAnswers200 ? 201 : 200, BirdWriter.contact(ws, contact));
    }

    /** {@code POST .../contacts} with an object body: always a new contact, 409 when an identifier is taken. */
    SimResponse create(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        JsonNode body = call.body();
        Problems problems = new Problems();
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode name = body.get("displayName");
        if (name == null || !name.isString() || name.stringValue().isBlank() || name.stringValue().length() > BirdReader.MAX_DISPLAY_NAME) {
            problems.add("displayName", "is required: 1-" + BirdReader.MAX_DISPLAY_NAME + " characters");
        } else {
            b.set(Contact.DISPLAY_NAME, name.stringValue());
        }
        Map<Identifier, JsonNode> props = read.identifiers(body, "identifiers", b, problems);
        BirdReader.attributes(body, b, problems);
        for (String field : List.of("listIds", "accountIds")) {
            // the create page types these string[] (1-10), with no UUID format
            List<String> ids = BirdReader.strings(body, field, problems);
            if (ids != null) {
                ids.forEach(field.equals("listIds") ? b::addToList : b::addToAccount);
            }
        }
        List<String> companyRefs = BirdReader.companyRefs(body, problems);
        Optional<UpsertCommand> command = read.build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.create(command.get(), clock.instant());
        if (result.isLeft()) {
            UpsertFailure f = result.getLeft();
            return f instanceof UpsertFailure.Conflict c ? alreadyExists("an identifier already belongs to a contact: ", c) : failure(f);
        }
        ws.properties.putAll(props);
        if (!companyRefs.isEmpty()) {
            ws.companyRefs.put(result.get().contact().id(), List.copyOf(companyRefs));
        }
        return SimResponse.of(201, BirdWriter.contact(ws, result.get().contact()));
    }

    /** {@code GET .../contacts/{id}}; {@code attribute=} names attributes to show even without a value (as null). */
    SimResponse get(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        String contactId = path.decoded("id");
        List<String> shown = call.request().query().getOrDefault("attribute", List.of());
        return ws.book.get(contactId).map(c -> {
            ObjectNode json = BirdWriter.contact(ws, c);
            ObjectNode attributes = (ObjectNode) json.get("attributes");
            shown.stream().filter(name -> !attributes.has(name)).forEach(attributes::putNull);
            return SimResponse.of(200, json);
        }).orElseGet(() -> notFound(contactId));
    }

    /** {@code PATCH .../contacts/{id}} with an object body. */
    SimResponse update(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        JsonNode body = call.body();
        String contactId = path.decoded("id");
        Problems problems = new Problems();
        Optional<Contact> existing = ws.book.get(contactId);
        if (existing.isEmpty()) {
            return notFound(contactId);
        }
        BirdReader.strategy(body, problems);
        UpsertCommand.Builder b = UpsertCommand.builder();
        BirdReader.Patch patch = read.patch(body, b, problems);
        Optional<UpsertCommand> command = read.build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.update(contactId, command.get(), clock.instant());
        if (result.isLeft()) {
            UpsertFailure f = result.getLeft();
            return f instanceof UpsertFailure.Conflict c
                    ? alreadyExists("an identifier already belongs to another contact: ", c) : failure(f);
        }
        ws.properties.putAll(patch.properties());
        Contact contact = replaceMemberships(ws.book, result.get().contact(), patch.listIds(), patch.accountIds());
        return SimResponse.of(200, BirdWriter.contact(ws, contact));
    }

    /** {@code DELETE .../contacts/{id}}: 204, and the contact's identifier properties and company references go too. */
    SimResponse delete(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        String contactId = path.decoded("id");
        Either<UpsertFailure, Contact> result = ws.book.delete(contactId);
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        result.get().identifiers().forEach(ws.properties::remove);
        ws.companyRefs.remove(contactId);
        return SimResponse.noContent();
    }

    /** {@code GET .../contacts}: token pages, oldest first or ({@code reverse=true}) newest first. */
    SimResponse list(BirdCall call, PathVariables path) {
        SimRequest r = call.request();
        BirdWorkspace ws = call.ws();
        Problems problems = new Problems();
        int limit = BirdReader.limit(r, problems);
        String reverseText = r.queryParam("reverse");
        boolean reverse = "true".equalsIgnoreCase(reverseText);
        if (reverseText != null && !reverse && !"false".equalsIgnoreCase(reverseText)) {
            problems.add("reverse", "must be true or false");
        }
        char kind = reverse ? 'r' : 'f';
        long from = BirdReader.position(r, kind, reverse ? Long.MAX_VALUE : 0, MAX_TOKEN, problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        ContactBook.Slice slice = reverse ? ws.book.sliceBackward(from, limit) : ws.book.slice(from, limit);
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        slice.contacts().forEach(c -> results.add(BirdWriter.contact(ws, c)));
        BirdWriter.nextPageToken(out, slice.next(), kind);
        return SimResponse.of(200, out);
    }

    /** {@code POST .../contacts/search}: the contact owning an identifier, if any. */
    SimResponse search(BirdCall call, PathVariables path) {
        BirdWorkspace ws = call.ws();
        Problems problems = new Problems();
        JsonNode identifier = call.body().get("identifier");
        if (identifier == null || !identifier.isObject()) {
            return invalid(problems.add("identifier", "is required: {\"key\": ..., \"value\": ...}"));
        }
        Optional<Identifier> id = read.normalized(Json.text(identifier, "key"), Json.text(identifier, "value"), "identifier", problems);
        if (id.isEmpty()) {
            return invalid(problems);
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        ws.book.ownerOf(id.get()).flatMap(ws.book::get).ifPresent(c -> results.add(BirdWriter.contact(ws, c)));
        return SimResponse.of(200, out);
    }

    /** {@code listIds}/{@code accountIds} set the memberships: ids not listed are removed. */
    private Contact replaceMemberships(ContactBook book, Contact contact, List<String> listIds, List<String> accountIds) {
        if (listIds == null && accountIds == null) {
            return contact;
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        if (listIds != null) {
            Set<String> keep = new LinkedHashSet<>(listIds);
            keep.forEach(b::addToList);
            contact.lists().stream().filter(l -> !keep.contains(l)).forEach(b::removeFromList);
        }
        if (accountIds != null) {
            Set<String> keep = new LinkedHashSet<>(accountIds);
            keep.forEach(b::addToAccount);
            contact.accounts().stream().filter(a -> !keep.contains(a)).forEach(b::removeFromAccount);
        }
        Validation<io.vavr.collection.Seq<Violation>, UpsertCommand> command = b.build(policy);
        if (command.isInvalid()) {
            return contact;
        }
        Either<UpsertFailure, UpsertOutcome> result = book.update(contact.id(), command.get(), clock.instant());
        return result.isRight() ? result.get().contact() : contact;
    }
}
