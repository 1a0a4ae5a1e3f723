package io.contactkit.examples.webflux;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ValidationException;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The service's endpoints, all non-blocking: each maps to one call of the auto-configured {@link ContactKit}. */
@RestController
@RequestMapping("/workspaces/{workspace}/contacts")
class ContactsController {

    private final ContactKit contacts;
    private final IdentifierPolicy policy = IdentifierPolicy.defaults();

    ContactsController(ContactKit contacts) {
        this.contacts = contacts;
    }

    /**
     * Creates or updates the contact the identifiers pick: 201 with the new contact, 200 with the
     * updated one. Identifiers are normalized (e-mail case, phone numbers to E.164) before anything is sent.
     */
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<UpsertView>> upsert(@PathVariable String workspace, @RequestBody UpsertRequest request) {
        // Normalizing a phone number reads libphonenumber's metadata for its region from the class path
        // the first time that region is seen, a blocking read: commands are built off the event loop.
        return Mono.fromCallable(() -> command(request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(command -> contacts.upsert(workspace, command))
                .map(result -> ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(UpsertView.of(result)));
    }

    /** One contact, or 404. */
    @GetMapping("/{id}")
    Mono<ContactView> get(@PathVariable String workspace, @PathVariable String id) {
        return contacts.get(workspace, id).map(ContactView::of);
    }

    /**
     * Every contact of the workspace as newline-delimited JSON, fetched from the provider page by page
     * only as fast as the client reads.
     */
    @GetMapping(produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<ContactView> list(@PathVariable String workspace) {
        return contacts.list(workspace).map(ContactView::of);
    }

    private UpsertCommand command(UpsertRequest request) {
        List<Violation> problems = new ArrayList<>();
        UpsertCommand.Builder builder = UpsertCommand.builder();
        if (request.identifiers() == null || request.identifiers().isEmpty()) {
            problems.add(Violation.of("identifiers", "missing", "at least one identifier is required"));
        } else {
            request.identifiers().forEach(i -> builder.identifier(i.key(), i.value()));
        }
        if (request.attributes() != null) {
            request.attributes().forEach(builder::set);
        }
        if (request.strategy() != null) {
            Strategy.parse(request.strategy()).ifPresentOrElse(builder::strategy,
                    () -> problems.add(Violation.of("strategy", "unknown", "unknown strategy: " + request.strategy())));
        }
        if (!problems.isEmpty()) {
            throw ValidationException.local(contacts.providerId(), problems);
        }
        Validation<Seq<Violation>, UpsertCommand> command = builder.build(policy);
        if (command.isInvalid()) {
            throw ValidationException.local(contacts.providerId(), command.getError().asJava());
        }
        return command.get();
    }

    /** The body of an upsert: identifiers ({@code key}, {@code value}), text attributes and an optional strategy. */
    record UpsertRequest(List<IdentifierView> identifiers, Map<String, String> attributes, String strategy) {
    }
}
