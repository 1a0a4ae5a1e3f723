package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.bird.BirdWriteOptions;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;

/**
 * Whether an identifier upsert created or updated its contact. Bird's upsert page documents one
 * answer, {@code 200 Updated}, and its own "create a new contact" example uses the same endpoint: the
 * status alone cannot tell. A 201 (which some report for a creation) is a hint: it reads as created,
 * and once one has been seen, Bird evidently answers creations with 201, so later 200s read as
 * updated. Until then a 200 reads as created only when the answer carries the marks of a contact made
 * by this very request:
 * <ul>
 * <li>{@code createdAt} and {@code updatedAt} are both given and equal (a creation stamps both);
 * <li>{@code createdAt} is no earlier than the moment the request could first have reached Bird: by
 *     Bird's own clock when the answer has a {@code Date} header (its {@code Date} less the time the
 *     exchange took and one second for clocks within Bird), else by this client's clock when the request
 *     was sent, less the allowed clock skew;
 * <li>the contact holds nothing the request did not send: no identifier, list or account beyond the
 *     request's, no more identifiers than it sent ({@code identifierCount}), and no attribute with a
 *     value it did not set, apart from Bird's own (the identifier mirrors, {@code initialReference},
 *     {@code timezone}).
 * </ul>
 * Otherwise it reads as updated. What stays indistinguishable: an upsert that changes nothing on a
 * contact made within the skew window, never changed since, holding exactly what is sent again.
 */
public final class BirdCreatedOrUpdated {

    /** Attributes Bird sets on its own. */
    static final Set<String> SYSTEM_ATTRIBUTES = Set.of("initialReference", "timezone", Identifier.EMAIL, Identifier.PHONE);

    /** How far the clock stamping contacts may be from the one writing {@code Date} inside Bird, and the header's resolution. */
    private static final Duration WITHIN_BIRD = Duration.ofSeconds(1);

    private final Duration maxClockSkew;
    private final AtomicBoolean creationsAnswer201 = new AtomicBoolean();

    public BirdCreatedOrUpdated(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * @param unmodelled identifiers sent beside the command's own that the domain cannot hold (a long path key)
     * @param serverDate the answer's {@code Date} header, if it has a readable one
     * @param sentAt     when the request was sent, by this client's clock
     * @param answeredAt when the answer arrived, by this client's clock
     */
    public UpsertResult.Status judge(int status, JsonNode answer, Contact contact, UpsertCommand command, int unmodelled, BirdWriteOptions options,
                                     Optional<Instant> serverDate, Instant sentAt, Instant answeredAt) {
        if (status == 201) {
            creationsAnswer201.set(true);
            return UpsertResult.Status.CREATED;
        }
        Instant earliest = serverDate
                .map(date -> date.minus(Duration.between(sentAt, answeredAt).abs()).minus(WITHIN_BIRD))
                .orElse(sentAt.minus(maxClockSkew));
        boolean created = !creationsAnswer201.get() && stampedBy(answer, contact, earliest) && holdsOnlyWhatWasSent(answer, contact, command, unmodelled, options);
        return created ? UpsertResult.Status.CREATED : UpsertResult.Status.UPDATED;
    }

    private static boolean stampedBy(JsonNode answer, Contact contact, Instant earliest) {
        return answer.path("createdAt").isString() && answer.path("updatedAt").isString()
                && contact.createdAt().equals(contact.updatedAt())
                && !contact.createdAt().isBefore(earliest);
    }

    /** Reads an HTTP {@code Date} header; empty when absent or unreadable. */
    public static Optional<Instant> httpDate(Optional<String> header) {
        try {
            return header.map(h -> java.time.ZonedDateTime.parse(h.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsOnlyWhatWasSent(JsonNode answer, Contact contact, UpsertCommand command, int unmodelled,
                                                BirdWriteOptions options) {
        Set<Identifier> sentIds = new HashSet<>(command.identifiers());
        if (!sentIds.containsAll(contact.identifiers())) {
            return false;
        }
        JsonNode count = answer.path("identifierCount");
        if (count.isIntegralNumber() && count.asLong() > sentIds.size() + unmodelled) {
            return false;
        }
        if (!sent(command.addToLists(), options.listIds().orElse(List.of())).containsAll(lower(contact.lists()))
                || !sent(command.addToAccounts(), options.accountIds().orElse(List.of())).containsAll(lower(contact.accounts()))) {
            return false;
        }
        Set<String> sentAttributes = new HashSet<>();
        command.attributes().forEach((name, change) -> {
            if (change instanceof AttributeChange.Set) {
                sentAttributes.add(name);
            }
        });
        return contact.attributes().entrySet().stream()
                .noneMatch(e -> Contact.hasValue(e.getValue()) && !sentAttributes.contains(e.getKey()) && !SYSTEM_ATTRIBUTES.contains(e.getKey()));
    }

    /** Membership ids compared without case: Bird's are UUIDs. */
    private static Set<String> sent(List<String> added, List<String> replaced) {
        Set<String> all = lower(added);
        all.addAll(lower(replaced));
        return all;
    }

    private static Set<String> lower(java.util.Collection<String> ids) {
        Set<String> out = new HashSet<>();
        ids.forEach(id -> out.add(id.toLowerCase(java.util.Locale.ROOT)));
        return out;
    }
}
