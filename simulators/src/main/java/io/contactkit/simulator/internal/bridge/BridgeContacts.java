package io.contactkit.simulator.internal.bridge;

import static io.contactkit.simulator.internal.bridge.BridgeErrors.failure;
import static io.contactkit.simulator.internal.bridge.BridgeErrors.invalid;
import static io.contactkit.simulator.internal.bridge.BridgeErrors.notFound;
import static io.contactkit.simulator.internal.bridge.BridgeFields.FIRST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.LAST_NAME;

import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.PhoneCheck;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimResponse;
import io.vavr.control.Either;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Bridge's contact writes and reads by id, in both generations: the newer API's cellphone upsert, get
 * and update by id (strict E.164 cellphones), and the older API's create, update and delete (any
 * possible phone number).
 */
final class BridgeContacts {

    private final BridgeReader read;
    private final IdentifierPolicy policy;
    private final IdentifierPolicy legacyPolicy;
    private final Supplier<ClassificationRules> rules;
    private final Clock clock;
    private final boolean upsertAnswers200;

    BridgeContacts(BridgeReader read, IdentifierPolicy policy, Supplier<ClassificationRules> rules, Clock clock, boolean upsertAnswers200) {
        this.read = read;
        this.policy = policy;
        this.legacyPolicy = IdentifierPolicy.builder().phoneCheck(PhoneCheck.POSSIBLE).build();
        this.rules = rules;
        this.clock = clock;
        this.upsertAnswers200 = upsertAnswers200;
    }

    /** {@code POST .../contacts/partial} with an object body: 201 for a creation (or 200), 200 for an update. */
    SimResponse partialUpsert(BridgeCall call, PathVariables path) {
        JsonNode body = call.body();
        Problems problems = new Problems();
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode phone = body.get("cellphone");
        if (phone == null || phone.isNull()) {
            problems.add("cellphone", "field required");
        } else {
            read.cellphone(phone, policy, true, problems).ifPresent(b::identifier);
        }
        // Bridge types every field but the cellphone "| null" and does not say what null does here; the
        // simulator reads an explicit null as a removal, as in the update by id, which is what the
        // adapter sends for one.
        read.connectFields(body, b, true, problems);
        Optional<UpsertCommand> command = read.build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = call.book().upsert(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        return SimResponse.of(result.get().created() && !upsertAnswers200 ? 201 : 200,
                BridgeWriter.connect(result.get().contact(), rules.get()));
    }

    /** {@code GET .../contacts/{contactId}} of the newer API. */
    SimResponse get(BridgeCall call, PathVariables path) {
        String id = path.decoded("contactId");
        return call.book().get(id).map(c -> SimResponse.of(200, BridgeWriter.connect(c, rules.get()))).orElseGet(() -> notFound(id));
    }

    /** {@code PATCH .../contacts/{contactId}} of the newer API, with an object body. */
    SimResponse update(BridgeCall call, PathVariables path) {
        return patch(call, path.decoded("contactId"), false);
    }

    /** {@code PATCH /v1/.../contacts/{id}} of the older API, with an object body. */
    SimResponse legacyUpdate(BridgeCall call, PathVariables path) {
        return patch(call, path.decoded("id"), true);
    }

    /** {@code DELETE /v1/.../contacts/{id}} of the older API: 204. */
    SimResponse legacyDelete(BridgeCall call, PathVariables path) {
        return call.book().delete(path.decoded("id")).fold(BridgeErrors::failure, c -> SimResponse.noContent());
    }

    /** {@code POST /v1/.../contacts} of the older API, with an object body: always a new contact, 201. */
    SimResponse legacyCreate(BridgeCall call, PathVariables path) {
        JsonNode body = call.body();
        Problems problems = new Problems();
        UpsertCommand.Builder b = UpsertCommand.builder();
        for (String field : List.of(FIRST_NAME, LAST_NAME, "cellphone")) {
            JsonNode v = body.get(field);
            if (v == null || v.isNull() || (v.isString() && v.stringValue().isBlank())) {
                problems.add(field, "field required");
            }
        }
        JsonNode phone = body.get("cellphone");
        if (phone != null && !phone.isNull()) {
            read.cellphone(phone, legacyPolicy, false, problems).ifPresent(b::identifier);
        }
        read.legacyFields(body, b, false, problems);
        Optional<UpsertCommand> command = read.build(b, legacyPolicy, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = call.book().create(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        return SimResponse.of(201, BridgeWriter.legacy(result.get().contact()));
    }

    /** The update by id of either generation; an explicit null removes a field. */
    private SimResponse patch(BridgeCall call, String id, boolean legacy) {
        ContactBook book = call.book();
        JsonNode body = call.body();
        Problems problems = new Problems();
        Optional<Contact> existing = book.get(id);
        if (existing.isEmpty()) {
            return notFound(id);
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode phone = body.get("cellphone");
        if (phone != null && !phone.isNull()) {
            Optional<Identifier> next = read.cellphone(phone, legacy ? legacyPolicy : policy, !legacy, problems);
            Optional<Identifier> current = existing.get().firstIdentifier(Identifier.PHONE);
            if (next.isPresent() && !next.equals(current)) {
                b.identifier(next.get());
                current.ifPresent(c -> b.removeIdentifier(c.key(), c.value()));
            }
        }
        if (legacy) {
            read.legacyFields(body, b, true, problems);
        } else {
            read.connectFields(body, b, true, problems);
        }
        Optional<UpsertCommand> command = read.build(b, legacy ? legacyPolicy : policy, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = book.update(id, command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        Contact c = result.get().contact();
        return SimResponse.of(200, legacy ? BridgeWriter.legacy(c) : BridgeWriter.connect(c, rules.get()));
    }
}
