package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.domain.Contact;
import io.contactkit.ports.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a cellphone upsert of the newer API created or updated its contact. Bridge documents a
 * single "Successful Response" (200 in FastAPI's terms) and no field that says which it was. A 201
 * reads as created, and once this object has seen one, Bridge evidently answers creations with 201,
 * so every later 200 reads as updated. Until then, any other success reads as created only when the
 * answer carries the marks of a contact made by this very request:
 * <ul>
 * <li>{@code createdAt} and {@code updatedAt} are both given and equal (Bridge stamps both on creation);
 * <li>{@code createdAt} is no earlier than when the request was sent, less the allowed clock skew;
 * <li>the contact holds nothing the request did not send: no name, e-mail address, language, owner or
 *     custom attribute with a value the body did not give it.
 * </ul>
 * Otherwise it reads as updated. What stays indistinguishable: an upsert that changes nothing on a
 * contact made within the skew window, never changed since, holding exactly what is sent again, reads
 * as created. One object per client: what it learns from a 201 holds for that client's Bridge.
 */
public final class BridgeCreatedOrUpdated {

    private final Duration maxClockSkew;
    /** Whether Bridge answered an upsert with 201: then it tells creations apart itself, and 200 means updated. */
    private final AtomicBoolean creationsAnswer201 = new AtomicBoolean();

    public BridgeCreatedOrUpdated(Duration maxClockSkew) {
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    }

    /**
     * @param status the answer's HTTP status
     * @param answer the answer's body
     * @param contact the contact read from it
     * @param sent the body that was sent
     * @param settings the workspace's settings the body was written with
     * @param sentAt when the request was sent, by this client's clock
     * @return created or updated
     */
    public UpsertResult.Status judge(int status, JsonNode answer, Contact contact, ObjectNode sent,
                                     List<CustomAttributeSetting> settings, Instant sentAt) {
        if (status == 201) {
            creationsAnswer201.set(true);
        }
        boolean created = status == 201 || (!creationsAnswer201.get() && createdByThisRequest(answer, contact, sent, settings, sentAt));
        return created ? UpsertResult.Status.CREATED : UpsertResult.Status.UPDATED;
    }

    /** The judgement of a success other than 201, before any 201 was seen. */
    private boolean createdByThisRequest(JsonNode answer, Contact contact, ObjectNode sent,
                                         List<CustomAttributeSetting> settings, Instant sentAt) {
        boolean stamped = answer.path("createdAt").isString() && answer.path("updatedAt").isString()
                && contact.createdAt().equals(contact.updatedAt());
        return stamped && !contact.createdAt().isBefore(sentAt.minus(maxClockSkew))
                && holdsOnlyWhatWasSent(sent, contact, settings);
    }

    /**
     * Whether a contact holds nothing but what this newer-API body sent: no name, e-mail address,
     * language, owner or custom attribute with a value that the body did not give it. A contact that
     * holds more existed before the request.
     */
    static boolean holdsOnlyWhatWasSent(ObjectNode body, Contact contact, List<CustomAttributeSetting> settings) {
        Set<String> sent = new HashSet<>();
        for (String field : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, BridgeFields.EMAIL_ATTRIBUTE)) {
            if (body.path(field).isString()) {
                sent.add(field);
            }
        }
        JsonNode custom = body.path("customAttributes");
        for (JsonNode item : custom.path("openAttributes")) {
            if (item.path("content").isString()) {
                BridgeMergeModel.setting(settings, item).ifPresent(s -> sent.add(s.keyName()));
            }
        }
        for (JsonNode item : custom.path("closedAttributes")) {
            if (!item.path("closedCustomAttributeIds").isEmpty()) {
                BridgeMergeModel.setting(settings, item).ifPresent(s -> sent.add(s.keyName()));
            }
        }
        boolean extraAttribute = contact.attributes().entrySet().stream()
                .anyMatch(e -> Contact.hasValue(e.getValue()) && !sent.contains(e.getKey()));
        boolean extraLanguage = contact.language().isPresent() && !body.path("languageCode").isString();
        boolean extraOwner = contact.owner().isPresent() && !body.path("ownerIdentifier").isObject();
        return !extraAttribute && !extraLanguage && !extraOwner;
    }
}
