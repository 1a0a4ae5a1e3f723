package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.bird.AttributeDefinition;
import io.contactkit.adapter.bird.BirdContact;
import io.contactkit.adapter.bird.BirdIdentifier;
import io.contactkit.adapter.bird.BirdWriteOptions;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Page;
import io.contactkit.ports.TransportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that knows Bird's JSON: request bodies from commands, and contacts, identifiers,
 * attribute definitions and pages from responses.
 *
 * <p>Reading is tolerant: unknown fields are ignored; {@code isAnonymous}, {@code identifierCount},
 * {@code companyRefs} and other optional fields may be missing; attribute values of every JSON kind
 * (null, arrays, nested objects) are kept as they are. A contact's identifiers are its
 * {@code featuredIdentifiers}; Bird may feature fewer than {@code identifierCount}, the full set is
 * served by the identifier listing. A missing {@code createdAt} reads as the epoch and a missing
 * {@code updatedAt} as {@code createdAt}: the contact is still usable. Only a contact without an
 * {@code id} is unusable and fails as a malformed response.
 */
public final class BirdMapper {

    private final String provider;

    public BirdMapper(String provider) {
        this.provider = provider;
    }

    // ---- requests -------------------------------------------------------------------------

    /**
     * The body of the identifier upsert ({@code upsert == true}: with the strategy) or of the update by
     * id (no strategy). With {@code primaryInPath} the command's first identifier is in the path and
     * the others go into {@code addIdentifiers}; otherwise every identifier does.
     */
    public ObjectNode patchBody(UpsertCommand command, BirdWriteOptions options, boolean upsert, boolean primaryInPath) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        if (upsert) {
            body.put("strategy", command.strategy().wireName());
        }
        if (options.allowWritingReadOnly()) {
            body.put("allowWritingReadOnly", true);
        }
        if (!command.attributes().isEmpty()) {
            body.set("attributes", attributePatch(command.attributes()));
        }
        List<Identifier> add = primaryInPath ? command.identifiers().subList(Math.min(1, command.identifiers().size()), command.identifiers().size())
                : command.identifiers();
        if (!add.isEmpty()) {
            ArrayNode a = body.putArray("addIdentifiers");
            add.forEach(i -> a.add(identifierJson(i, options.propertiesOf(i))));
        }
        if (!command.removeIdentifiers().isEmpty()) {
            ArrayNode a = body.putArray("removeIdentifiers");
            command.removeIdentifiers().forEach(i -> a.add(keyValue(i)));
        }
        ids(body, "addToLists", command.addToLists());
        ids(body, "removeFromLists", command.removeFromLists());
        options.listIds().ifPresent(ids -> strings(body.putArray("listIds"), ids));
        ids(body, "addToAccounts", command.addToAccounts());
        ids(body, "removeFromAccounts", command.removeFromAccounts());
        options.accountIds().ifPresent(ids -> strings(body.putArray("accountIds"), ids));
        BirdExtraProperties.write(body, options.otherProperties());
        return body;
    }

    /** The body of {@code POST /contacts}: every identifier, the attributes it sets, its lists and accounts. */
    public ObjectNode createBody(UpsertCommand command, BirdWriteOptions options, String displayName) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        body.put("displayName", displayName);
        if (!command.identifiers().isEmpty()) {
            ArrayNode a = body.putArray("identifiers");
            command.identifiers().forEach(i -> a.add(identifierJson(i, options.propertiesOf(i))));
        }
        ObjectNode attributes = JsonSupport.nodes().objectNode();
        command.attributes().forEach((name, change) -> {
            if (change instanceof AttributeChange.Set set) {
                attributes.set(name, JsonSupport.toJson(set.value()));
            }
        });
        if (!attributes.isEmpty()) {
            body.set("attributes", attributes);
        }
        List<String> lists = options.listIds().orElse(command.addToLists());
        List<String> accounts = options.accountIds().orElse(command.addToAccounts());
        ids(body, "listIds", lists);
        ids(body, "accountIds", accounts);
        options.companyRefs().ifPresent(refs -> strings(body.putArray("companyRefs"), refs));
        if (options.allowWritingReadOnly()) {
            body.put("allowWritingReadOnly", true);
        }
        BirdExtraProperties.write(body, options.otherProperties());
        return body;
    }

    /**
     * The display name of a contact the command creates: the explicit one, else Bird's own rule
     * (the {@code displayName} attribute, the {@code firstName} attribute, the first e-mail address,
     * the first phone number), applied by the domain.
     */
    public Optional<String> displayName(UpsertCommand command, BirdWriteOptions options) {
        if (options.displayName().isPresent()) {
            return options.displayName();
        }
        Contact.Builder draft = Contact.builder("draft", "draft", Instant.EPOCH).identifiers(command.identifiers());
        command.attributes().forEach((name, change) -> {
            if (change instanceof AttributeChange.Set set) {
                draft.attribute(name, set.value());
            }
        });
        return draft.build().displayName();
    }

    public ObjectNode searchBody(Identifier identifier) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        body.set("identifier", keyValue(identifier));
        return body;
    }

    public ObjectNode identifierBody(BirdIdentifier identifier) {
        return identifierJson(identifier.identifier(), identifier.properties());
    }

    public ObjectNode keyValue(Identifier identifier) {
        ObjectNode o = JsonSupport.nodes().objectNode();
        o.put("key", identifier.key());
        o.put("value", identifier.value());
        return o;
    }

    public byte[] bytes(JsonNode body) {
        return JsonSupport.mapper().writeValueAsBytes(body);
    }

    private ObjectNode identifierJson(Identifier identifier, Map<String, AttributeValue> properties) {
        ObjectNode o = keyValue(identifier);
        if (!properties.isEmpty()) {
            ObjectNode p = o.putObject("properties");
            properties.forEach((k, v) -> p.set(k, JsonSupport.toJson(v)));
        }
        return o;
    }

    private static ObjectNode attributePatch(Map<String, AttributeChange> changes) {
        ObjectNode o = JsonSupport.nodes().objectNode();
        changes.forEach((name, change) -> {
            if (change instanceof AttributeChange.Set set) {
                o.set(name, JsonSupport.toJson(set.value()));
            } else {
                o.putNull(name);
            }
        });
        return o;
    }

    private static void ids(ObjectNode body, String field, List<String> ids) {
        if (!ids.isEmpty()) {
            strings(body.putArray(field), ids);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    // ---- responses ------------------------------------------------------------------------

    /** The response body as JSON; an empty body is a missing node, a body that is not JSON is malformed. */
    public JsonNode read(HttpResponse response, String operation) {
        return JsonSupport.read(provider, response, operation);
    }

    /**
     * A contact with what Bird reported beside it: {@code computedDisplayName}, {@code identifierCount},
     * {@code isAnonymous} (a boolean, or its text) and {@code companyRefs} (its strings), each left empty
     * when missing or of an unreadable kind.
     */
    public BirdContact birdContact(JsonNode node, String workspace, int status, String operation) {
        Contact contact = contact(node, workspace, status, operation);
        JsonNode count = node.get("identifierCount");
        Integer identifierCount = count != null && count.isIntegralNumber() && count.canConvertToInt() && count.intValue() >= 0
                ? count.intValue() : null;
        Boolean isAnonymous = flagOrNull(node.get("isAnonymous"));
        List<String> companyRefs = new ArrayList<>();
        for (JsonNode ref : array(node, "companyRefs")) {
            if (ref.isString() && !ref.stringValue().isEmpty()) {
                companyRefs.add(ref.stringValue());
            }
        }
        return new BirdContact(contact, text(node, "computedDisplayName"), identifierCount, isAnonymous, companyRefs);
    }

    public Contact contact(JsonNode node, String workspace, int status, String operation) {
        String id = text(node, "id");
        if (id == null || id.isEmpty()) {
            throw malformed(status, operation, "a contact has no id");
        }
        String ws = Optional.ofNullable(text(node, "workspaceId")).filter(s -> !s.isEmpty()).orElse(workspace);
        Instant created = JsonSupport.instant(node.get("createdAt")).orElse(Instant.EPOCH);
        Contact.Builder b = Contact.builder(id, ws, created).updatedAt(JsonSupport.instant(node.get("updatedAt")).orElse(created));
        for (JsonNode item : array(node, "featuredIdentifiers")) {
            identifier(item).ifPresent(b::identifier);
        }
        JsonNode attributes = node.get("attributes");
        if (attributes != null && attributes.isObject()) {
            for (Map.Entry<String, JsonNode> e : attributes.properties()) {
                b.attribute(e.getKey(), JsonSupport.toAttribute(e.getValue()));
            }
        }
        for (JsonNode item : array(node, "listIds")) {
            if (item.isString() && !item.stringValue().isEmpty()) {
                b.list(item.stringValue());
            }
        }
        for (JsonNode item : array(node, "accountIds")) {
            if (item.isString() && !item.stringValue().isEmpty()) {
                b.account(item.stringValue());
            }
        }
        return b.build();
    }

    /** An identifier with its properties, as the identifier endpoints answer. */
    public Optional<BirdIdentifier> birdIdentifier(JsonNode node) {
        return identifier(node).map(id -> {
            JsonNode p = node.get("properties");
            Map<String, AttributeValue> props = new java.util.LinkedHashMap<>();
            if (p != null && p.isObject()) {
                p.properties().forEach(e -> props.put(e.getKey(), JsonSupport.toAttribute(e.getValue())));
            }
            return new BirdIdentifier(id, props);
        });
    }

    public AttributeDefinition definition(JsonNode node, int status, String operation) {
        String key = text(node, "key");
        if (key == null || key.isEmpty()) {
            throw malformed(status, operation, "an attribute definition has no key");
        }
        return new AttributeDefinition(key, text(node, "type"), text(node, "cardinality"),
                flag(node, "readOnly"), flag(node, "pii"), flag(node, "builtin"));
    }

    /**
     * A page {@code {results[], nextPageToken}}; a missing, null or empty token ends the listing, a
     * missing or non-array {@code results} is a malformed response.
     * {@code item} may return {@code null} to skip an entry the domain cannot represent.
     */
    public <T> Page<T> page(JsonNode node, Function<JsonNode, T> item, int status, String operation) {
        if (!node.isObject()) {
            throw malformed(status, operation, "expected a JSON object with results");
        }
        // a page without a results array is not an empty page: reading it as one would end a listing early, silently
        JsonNode results = node.get("results");
        if (results == null || !results.isArray()) {
            throw malformed(status, operation, "results is missing or not an array");
        }
        List<T> items = new ArrayList<>();
        for (JsonNode n : array(node, "results")) {
            T t = item.apply(n);
            if (t != null) {
                items.add(t);
            }
        }
        String next = text(node, "nextPageToken");
        return new Page<>(items, next == null || next.isEmpty() ? null : next);
    }

    /** An identifier Bird returned; entries whose key or value the domain cannot hold are skipped. */
    private static Optional<Identifier> identifier(JsonNode node) {
        String key = text(node, "key");
        String value = text(node, "value");
        if (!Identifier.isValidKey(key) || value == null || value.isEmpty() || value.length() > Identifier.MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(Identifier.of(key, value));
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode a = node.get(field);
        return a != null && a.isArray() ? a : List.of();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        return v.asString();
    }

    /** A boolean, or its text in any case; {@code null} for anything else. */
    private static Boolean flagOrNull(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.isString() ? v.stringValue().strip() : "";
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t.toLowerCase(java.util.Locale.ROOT));
        }
        return null;
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && (v.isBoolean() ? v.booleanValue() : "true".equalsIgnoreCase(v.asString()));
    }


    public TransportException malformed(int status, String operation, String why) {
        return JsonSupport.malformed(provider, status, operation, why);
    }
}
