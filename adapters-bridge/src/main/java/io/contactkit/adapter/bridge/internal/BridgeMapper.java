package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeContact;
import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.Page;
import io.contactkit.ports.TransportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads Bridge's answers of both generations: contacts, pages and custom-attribute settings.
 *
 * <p>A tolerant reader for every documented inconsistency: {@code type} may be missing (get, list);
 * {@code ownerId} may be a UUID or an e-mail address (kept as the owner either way); custom attributes
 * come as {@code {key, values[]}} (newer) or {@code {key, value}} (older); {@code languageCode} may be
 * lower case; custom attributes, on contacts and on settings, come under {@code customAttributes} or
 * {@code custom_attributes}. The
 * {@code cellphone} becomes the contact's {@code phonenumber} identifier: the one identifier Bridge
 * holds (it matches contacts on it and keeps it unique). A cellphone that is not E.164 even without its
 * separators (the older API's example is {@code +1-555-123-4567}) is kept raw in the {@code cellphone}
 * attribute, never dropped. {@code email} is the {@code email} attribute, as Bridge returned it: Bridge
 * neither matches contacts on it nor keeps it unique (two contacts may have the same address), so it
 * is no identifier. Names become the {@code firstName} and {@code lastName} attributes. Only a contact
 * without an {@code id} is unusable and fails as a malformed response.
 */
public final class BridgeMapper {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-]");

    private final String provider;

    public BridgeMapper(String provider) {
        this.provider = provider;
    }

    public byte[] bytes(JsonNode body) {
        return JsonSupport.mapper().writeValueAsBytes(body);
    }

    /** The response body as JSON; an empty body is a missing node, a body that is not JSON is malformed. */
    public JsonNode read(HttpResponse response, String operation) {
        return JsonSupport.read(provider, response, operation);
    }

    /** One contact object with its {@code type}; fails as malformed when the body is not one. */
    public BridgeContact contact(HttpResponse response, String workspace, String operation) {
        return contactObject(read(response, operation), workspace, response.status(), operation);
    }

    /** A body that must be one contact object. */
    public BridgeContact contactObject(JsonNode body, String workspace, int status, String operation) {
        if (!body.isObject()) {
            throw malformed(status, operation, "expected a contact object");
        }
        return new BridgeContact(contact(body, workspace, status, operation), classification(body).orElse(null));
    }

    public Contact contact(JsonNode node, String workspace, int status, String operation) {
        String id = text(node, "id");
        if (id == null || id.isEmpty()) {
            throw malformed(status, operation, "a contact has no id");
        }
        String ws = Optional.ofNullable(text(node, "workspaceId")).filter(s -> !s.isEmpty()).orElse(workspace);
        Instant created = instant(node.get("createdAt")).orElse(Instant.EPOCH);
        Contact.Builder b = Contact.builder(id, ws, created).updatedAt(instant(node.get("updatedAt")).orElse(created));
        String cellphone = text(node, "cellphone");
        if (cellphone != null && !cellphone.isBlank()) {
            Optional<String> e164 = e164(cellphone);
            if (e164.isPresent()) {
                b.identifier(Identifier.of(Identifier.PHONE, e164.get()));
            } else {
                b.attribute("cellphone", AttributeValue.of(cellphone));
            }
        }
        String email = text(node, "email");
        if (email != null && !email.isBlank()) {
            b.attribute(BridgeFields.EMAIL_ATTRIBUTE, AttributeValue.of(email.strip()));
        }
        name(node, Contact.FIRST_NAME, b);
        name(node, Contact.LAST_NAME, b);
        JsonNode custom = Optional.ofNullable(node.get("customAttributes")).orElse(node.get("custom_attributes"));
        if (custom != null && custom.isArray()) {
            for (JsonNode item : custom) {
                customAttribute(item, b);
            }
        }
        String language = text(node, "languageCode");
        if (language != null && !language.isBlank()) {
            b.language(language.strip().toUpperCase(Locale.ROOT));
        }
        String owner = text(node, "ownerId");
        if (owner != null && !owner.isBlank()) {
            b.owner(owner.strip());
        }
        return b.build();
    }

    /** The {@code type} Bridge returned, in any case; empty when missing or unknown. */
    public Optional<Classification> classification(JsonNode body) {
        String type = text(body, "type");
        if (type == null) {
            return Optional.empty();
        }
        String t = type.strip().toUpperCase(Locale.ROOT);
        return t.equals("NORMAL") ? Optional.of(Classification.NORMAL)
                : t.equals("PARTIAL") ? Optional.of(Classification.PARTIAL) : Optional.empty();
    }

    /** A page of the newer API: {@code {contacts[], cursor}}; a missing, null or empty cursor ends the listing. */
    public Page<BridgeContact> cursorPage(HttpResponse response, String workspace, String operation) {
        JsonNode body = read(response, operation);
        List<BridgeContact> items = contacts(body, workspace, response.status(), operation);
        String cursor = text(body, "cursor");
        return new Page<>(items, cursor == null || cursor.isEmpty() ? null : cursor);
    }

    /** The contacts of a page of either generation, each with its {@code type} when it has one. */
    public List<BridgeContact> contacts(JsonNode body, String workspace, int status, String operation) {
        if (!body.isObject()) {
            throw malformed(status, operation, "expected a JSON object with contacts");
        }
        JsonNode contacts = body.get("contacts");
        if (contacts != null && !contacts.isNull() && !contacts.isArray()) {
            throw malformed(status, operation, "contacts is not an array");
        }
        List<BridgeContact> items = new ArrayList<>();
        if (contacts != null && contacts.isArray()) {
            for (JsonNode n : contacts) {
                items.add(contactObject(n, workspace, status, operation));
            }
        }
        return items;
    }

    /**
     * The older list's page names {@code contacts} (an array) and {@code pagination} (an object) as
     * required: a page without either is malformed, never an empty or last page.
     */
    public void requireLegacyPage(JsonNode body, int status, String operation) {
        if (!body.isObject() || !body.path("contacts").isArray()) {
            throw malformed(status, operation, "the required contacts array is missing");
        }
        if (!body.path("pagination").isObject()) {
            throw malformed(status, operation, "the required pagination object is missing");
        }
    }

    /**
     * Whether a page of the older API is the last: {@code pagination.totalPages} when given; without it,
     * a page that is not full (or empty) is the last.
     */
    public boolean lastPage(JsonNode body, int page, int limit, int itemCount) {
        JsonNode pagination = body.get("pagination");
        JsonNode total = pagination == null ? null : pagination.get("totalPages");
        if (total != null && total.isNumber()) {
            return page >= total.asInt();
        }
        if (total != null && total.isString() && total.stringValue().strip().matches("[0-9]{1,9}")) {
            return page >= Integer.parseInt(total.stringValue().strip());
        }
        return itemCount == 0 || itemCount < limit;
    }

    /** The custom-attribute settings: {@code customAttributes}, {@code custom_attributes} or a bare array. */
    public List<CustomAttributeSetting> settings(HttpResponse response, String operation) {
        JsonNode body = read(response, operation);
        JsonNode items = body.isArray() ? body : body.isObject()
                ? Optional.ofNullable(body.get("customAttributes")).orElse(body.get("custom_attributes")) : null;
        if (items == null || !items.isArray()) {
            throw malformed(response.status(), operation, "expected customAttributes");
        }
        List<CustomAttributeSetting> out = new ArrayList<>();
        for (JsonNode item : items) {
            setting(item).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<CustomAttributeSetting> setting(JsonNode item) {
        String id = text(item, "id");
        String keyName = either(item, "keyName", "key_name");
        String category = text(item, "category");
        if (id == null || keyName == null || category == null) {
            return Optional.empty();
        }
        CustomAttributeSetting.Category c;
        try {
            c = CustomAttributeSetting.Category.valueOf(category.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> choices = new LinkedHashMap<>();
        JsonNode values = Optional.ofNullable(item.get("closedAttributesValues")).orElse(item.get("closed_attributes_values"));
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                String choiceId = text(v, "id");
                String value = text(v, "value");
                if (choiceId != null && value != null) {
                    choices.put(choiceId, value);
                }
            }
        }
        JsonNode required = Optional.ofNullable(item.get("isRequired")).orElse(item.get("is_required"));
        boolean isRequired = required != null && (required.isBoolean() ? required.booleanValue() : "true".equalsIgnoreCase(required.asString()));
        JsonNode deleted = Optional.ofNullable(item.get("deletedAt")).orElse(item.get("deleted_at"));
        return Optional.of(new CustomAttributeSetting(id, c, isRequired, keyName, text(item, "type"), choices,
                instant(deleted).orElse(null)));
    }

    private static void name(JsonNode node, String field, Contact.Builder b) {
        String v = text(node, field);
        if (v != null) {
            b.attribute(field, AttributeValue.of(v));
        }
    }

    /** {@code {key, values[]}} (newer API) or {@code {key, value}} (older API). */
    private static void customAttribute(JsonNode item, Contact.Builder b) {
        String key = text(item, "key");
        if (key == null || key.isEmpty()) {
            return;
        }
        JsonNode values = item.get("values");
        if (values != null && values.isArray()) {
            if (values.isEmpty()) {
                b.attribute(key, AttributeValue.Null.INSTANCE);
            } else if (values.size() == 1) {
                b.attribute(key, JsonSupport.toAttribute(values.get(0)));
            } else {
                b.attribute(key, JsonSupport.toAttribute(values));
            }
            return;
        }
        b.attribute(key, JsonSupport.toAttribute(item.get("value")));
    }

    /** E.164 as given, or after removing the separators people write ({@code +1-555-123-4567}). */
    static Optional<String> e164(String raw) {
        String s = raw.strip();
        if (E164.matcher(s).matches()) {
            return Optional.of(s);
        }
        String compact = SEPARATORS.matcher(s).replaceAll("");
        return E164.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
    }

    private static String either(JsonNode node, String a, String b) {
        String v = text(node, a);
        return v != null ? v : text(node, b);
    }

    private static String text(JsonNode node, String field) {
        return JsonSupport.text(node, field);
    }

    private static Optional<Instant> instant(JsonNode node) {
        return JsonSupport.instant(node);
    }

    public TransportException malformed(int status, String operation, String why) {
        return JsonSupport.malformed(provider, status, operation, why);
    }
}
