package io.contactkit.simulator.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bird's Contacts API semantics over one {@link ContactBook} per workspace. Every handler does its
 * work in memory under the workspace's monitor and returns; nothing here blocks or does I/O.
 */
public final class BirdApi implements Function<SimRequest, SimResponse>, SimServer.Clocked {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_TOKEN = 8000;
    static final int MAX_MEMBERSHIP_IDS = 10;
    static final int MAX_DISPLAY_NAME = 150;
    static final Set<String> READ_ONLY = Set.of(Identifier.EMAIL, Identifier.PHONE);
    private static final Set<String> STRATEGIES = Set.of("strict_alias", "first_alias", "first");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** An attribute definition as Bird serves it. */
    public record Definition(String key, String type, String cardinality, boolean readOnly, boolean pii, boolean builtin) {
        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("key", key);
            o.put("type", type);
            o.put("cardinality", cardinality);
            o.put("readOnly", readOnly);
            o.put("pii", pii);
            o.put("builtin", builtin);
            return o;
        }
    }

    static final List<Definition> BUILT_IN = List.of(
            new Definition("displayName", "string", "one", false, true, true),
            new Definition("firstName", "string", "one", false, true, true),
            new Definition("lastName", "string", "one", false, true, true),
            new Definition(Identifier.EMAIL, "string", "many", true, true, true),
            new Definition(Identifier.PHONE, "string", "many", true, true, true),
            new Definition("timezone", "string", "one", false, false, true),
            new Definition("initialReference", "string", "one", true, false, true));

    private final byte[] authorization;
    private final String scheme;
    private final boolean upsertAnswers200;
    private final Set<String> workspaces;
    private final List<Definition> definitions;
    private final Clock clock;

    @Override
    public Clock clock() {
        return clock;
    }
    private final IdentifierPolicy policy = IdentifierPolicy.defaults();
    private final ConcurrentHashMap<String, Workspace> state = new ConcurrentHashMap<>();

    /** One workspace: its contacts and the properties sent with their identifiers. */
    static final class Workspace {
        final ContactBook book;
        final Map<Identifier, JsonNode> properties = new HashMap<>();
        /** The company references given when each contact was created (the domain contact has no such field). */
        final Map<String, List<String>> companyRefs = new HashMap<>();

        Workspace(String id) {
            this.book = new ContactBook(id, Ids::uuid);
        }
    }

    /**
     * @param scheme           {@code AccessKey} or {@code Bearer}: the only scheme accepted
     * @param credential       the only key or token accepted in {@code Authorization: <scheme> <credential>}
     * @param workspaces       the workspaces the credential may use (UUIDs); empty: any
     * @param upsertAnswers200 answer every successful identifier upsert with 200, the one answer Bird's page documents,
     *                         instead of 201 for a creation
     */
    public BirdApi(String scheme, String credential, Set<String> workspaces, List<Definition> customDefinitions, Clock clock,
                   boolean upsertAnswers200) {
        this.scheme = scheme;
        this.authorization = (scheme + " " + credential).getBytes(StandardCharsets.UTF_8);
        this.upsertAnswers200 = upsertAnswers200;
        this.workspaces = Set.copyOf(workspaces);
        List<Definition> all = new ArrayList<>(BUILT_IN);
        all.addAll(customDefinitions);
        this.definitions = List.copyOf(all);
        this.clock = clock;
    }

    /** A consistent copy of a workspace's contacts, in creation order. */
    public List<Contact> contacts(String workspace) {
        Workspace ws = workspace(workspace);
        synchronized (ws) {
            return ws.book.contacts();
        }
    }

    @Override
    public SimResponse apply(SimRequest r) {
        String auth = r.header("Authorization");
        if (auth == null || !MessageDigest.isEqual(authorization, auth.strip().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "Unauthorized", "missing or invalid credential: send Authorization: " + scheme + " <credential>", null);
        }
        List<String> s = r.segments();
        if (s.size() < 3 || !s.get(0).equals("workspaces")) {
            return error(404, "NotFound", "no such endpoint", null);
        }
        String wsId = PathCodec.decode(s.get(1));
        if (wsId != null && !UUID_TEXT.matcher(wsId).matches()) {
            return invalid(new Problems().add("workspaceId", "must be a UUID"));
        }
        if (wsId == null || (!workspaces.isEmpty() && !workspaces.contains(wsId))) {
            return error(403, "Forbidden", "the access key has no access to this workspace", null);
        }
        Workspace ws = workspace(wsId);
        JsonNode body;
        try {
            body = Json.parse(r.body());
        } catch (Json.Malformed e) {
            return invalid(new Problems().add("body", e.getMessage()));
        }
        synchronized (ws) {
            return route(r, s, wsId, ws, body);
        }
    }

    private Workspace workspace(String id) {
        return state.computeIfAbsent(id, Workspace::new);
    }

    private SimResponse route(SimRequest r, List<String> s, String wsId, Workspace ws, JsonNode body) {
        if (s.get(2).equals("attribute-definitions")) {
            if (!r.is("GET") || s.size() > 4) {
                return notAllowed(r);
            }
            return s.size() == 3 ? listDefinitions(r) : getDefinition(PathCodec.decode(s.get(3)));
        }
        if (!s.get(2).equals("contacts")) {
            return error(404, "NotFound", "no such endpoint", null);
        }
        if (s.size() == 3) {
            return switch (r.method()) {
                case "POST" -> create(ws, body);
                case "GET" -> list(r, ws);
                default -> notAllowed(r);
            };
        }
        if (s.size() == 4 && s.get(3).equals("search") && r.is("POST")) {
            return search(ws, body);
        }
        if (s.size() == 6 && s.get(3).equals("identifiers")) {
            if (r.is("PATCH")) {
                return upsert(ws, s.get(4), s.get(5), body);
            }
            // observed: Bird answers 403 to every GET by identifier
            return r.is("GET") ? error(403, "Forbidden", "looking a contact up by identifier is not allowed: use search", null) : notAllowed(r);
        }
        String contactId = PathCodec.decode(s.get(3));
        if (contactId == null) {
            return notFound(s.get(3));
        }
        if (s.size() == 4) {
            return switch (r.method()) {
                case "GET" -> get(ws, contactId, r.query().getOrDefault("attribute", List.of()));
                case "PATCH" -> update(ws, contactId, body);
                case "DELETE" -> delete(ws, contactId);
                default -> notAllowed(r);
            };
        }
        if (s.size() == 5 && s.get(4).equals("identifiers")) {
            return switch (r.method()) {
                case "POST" -> addIdentifier(ws, contactId, body);
                case "GET" -> listIdentifiers(r, ws, contactId);
                case "DELETE" -> removeIdentifier(ws, contactId, body);
                default -> notAllowed(r);
            };
        }
        return error(404, "NotFound", "no such endpoint", null);
    }

    // ---- contacts --------------------------------------------------------------------------

    private SimResponse upsert(Workspace ws, String rawKey, String rawValue, JsonNode body) {
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        String key = PathCodec.decode(rawKey);
        String value = pathValue(rawValue, problems);
        if (key == null || key.isEmpty() || key.length() > 250) {
            problems.add("identifierKey", "must be 1-250 characters");
        }
        if (value != null && (value.isEmpty() || value.length() > 500)) {
            problems.add("identifierValue", "must be 1-500 characters");
        }
        Strategy strategy = strategy(body, problems);
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy == null ? Strategy.STRICT_ALIAS : strategy);
        if (key != null && value != null) {
            normalized(key, value, "identifierValue", problems).ifPresent(b::identifier);
        }
        Map<Identifier, JsonNode> props = patchBody(body, b, problems);
        List<String> listIds = ids(body, "listIds", 0, problems);
        List<String> accountIds = ids(body, "accountIds", 1, problems);
        Optional<UpsertCommand> command = build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.upsert(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        UpsertOutcome outcome = result.get();
        ws.properties.putAll(props);
        Contact contact = replaceMemberships(ws, outcome.contact(), listIds, accountIds);
        return SimResponse.of(outcome.created() && !upsertAnswers200 ? 201 : 200, contactJson(ws, contact));
    }

    private SimResponse create(Workspace ws, JsonNode body) {
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode name = body.get("displayName");
        if (name == null || !name.isString() || name.stringValue().isBlank() || name.stringValue().length() > MAX_DISPLAY_NAME) {
            problems.add("displayName", "is required: 1-" + MAX_DISPLAY_NAME + " characters");
        } else {
            b.set(Contact.DISPLAY_NAME, name.stringValue());
        }
        Map<Identifier, JsonNode> props = identifiers(body, "identifiers", b, problems);
        attributes(body, b, problems);
        for (String field : List.of("listIds", "accountIds")) {
            // the create page types these string[] (1-10), with no UUID format
            List<String> ids = strings(body, field, problems);
            if (ids != null) {
                ids.forEach(field.equals("listIds") ? b::addToList : b::addToAccount);
            }
        }
        JsonNode refs = body.get("companyRefs");
        List<String> companyRefs = new ArrayList<>();
        if (refs != null && !refs.isNull()) {
            if (!refs.isArray()) {
                problems.add("companyRefs", "must be an array of strings");
            } else {
                for (JsonNode ref : refs) {
                    if (ref.isString() && !ref.stringValue().isBlank()) {
                        companyRefs.add(ref.stringValue());
                    } else {
                        problems.add("companyRefs", "must be an array of strings");
                    }
                }
            }
        }
        Optional<UpsertCommand> command = build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.create(command.get(), clock.instant());
        if (result.isLeft()) {
            UpsertFailure f = result.getLeft();
            if (f instanceof UpsertFailure.Conflict c) {
                return error(409, "ResourceAlreadyExists", "an identifier already belongs to a contact: " + c.message(), conflictDetails(c));
            }
            return failure(f);
        }
        ws.properties.putAll(props);
        if (!companyRefs.isEmpty()) {
            ws.companyRefs.put(result.get().contact().id(), List.copyOf(companyRefs));
        }
        return SimResponse.of(201, contactJson(ws, result.get().contact()));
    }

    /** {@code attribute=} names attributes to show even when the contact has no value for them (as null). */
    private SimResponse get(Workspace ws, String contactId, List<String> shown) {
        return ws.book.get(contactId).map(c -> {
            ObjectNode json = contactJson(ws, c);
            ObjectNode attributes = (ObjectNode) json.get("attributes");
            shown.stream().filter(name -> !attributes.has(name)).forEach(attributes::putNull);
            return SimResponse.of(200, json);
        }).orElseGet(() -> notFound(contactId));
    }

    private SimResponse update(Workspace ws, String contactId, JsonNode body) {
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        Optional<Contact> existing = ws.book.get(contactId);
        if (existing.isEmpty()) {
            return notFound(contactId);
        }
        strategy(body, problems);
        UpsertCommand.Builder b = UpsertCommand.builder();
        Map<Identifier, JsonNode> props = patchBody(body, b, problems);
        List<String> listIds = ids(body, "listIds", 0, problems);
        List<String> accountIds = ids(body, "accountIds", 1, problems);
        Optional<UpsertCommand> command = build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = ws.book.update(contactId, command.get(), clock.instant());
        if (result.isLeft()) {
            UpsertFailure f = result.getLeft();
            if (f instanceof UpsertFailure.Conflict c) {
                return error(409, "ResourceAlreadyExists", "an identifier already belongs to another contact: " + c.message(), conflictDetails(c));
            }
            return failure(f);
        }
        ws.properties.putAll(props);
        return SimResponse.of(200, contactJson(ws, replaceMemberships(ws, result.get().contact(), listIds, accountIds)));
    }

    private SimResponse delete(Workspace ws, String contactId) {
        Either<UpsertFailure, Contact> result = ws.book.delete(contactId);
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        result.get().identifiers().forEach(ws.properties::remove);
        ws.companyRefs.remove(contactId);
        return SimResponse.noContent();
    }

    private SimResponse list(SimRequest r, Workspace ws) {
        Problems problems = new Problems();
        int limit = limit(r, problems);
        String reverseText = r.queryParam("reverse");
        boolean reverse = "true".equalsIgnoreCase(reverseText);
        if (reverseText != null && !reverse && !"false".equalsIgnoreCase(reverseText)) {
            problems.add("reverse", "must be true or false");
        }
        char kind = reverse ? 'r' : 'f';
        long from = reverse ? Long.MAX_VALUE : 0;
        String token = r.queryParam("pageToken");
        if (token != null) {
            from = token.length() > MAX_TOKEN ? -1 : Tokens.decode(kind, token);
            if (from < 0) {
                problems.add("pageToken", "is not a page token of this listing");
            }
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        ContactBook.Slice slice = reverse ? ws.book.sliceBackward(from, limit) : ws.book.slice(from, limit);
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        slice.contacts().forEach(c -> results.add(contactJson(ws, c)));
        if (slice.next() >= 0) {
            out.put("nextPageToken", Tokens.encode(kind, slice.next()));
        } else {
            out.putNull("nextPageToken");
        }
        return SimResponse.of(200, out);
    }

    private SimResponse search(Workspace ws, JsonNode body) {
        Problems problems = new Problems();
        JsonNode identifier = body.get("identifier");
        if (identifier == null || !identifier.isObject()) {
            return invalid(problems.add("identifier", "is required: {\"key\": ..., \"value\": ...}"));
        }
        Optional<Identifier> id = normalized(Json.text(identifier, "key"), Json.text(identifier, "value"), "identifier", problems);
        if (id.isEmpty()) {
            return invalid(problems);
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        ws.book.ownerOf(id.get()).flatMap(ws.book::get).ifPresent(c -> results.add(contactJson(ws, c)));
        return SimResponse.of(200, out);
    }

    // ---- identifiers -----------------------------------------------------------------------

    private SimResponse addIdentifier(Workspace ws, String contactId, JsonNode body) {
        if (ws.book.get(contactId).isEmpty()) {
            return notFound(contactId);
        }
        Problems problems = new Problems();
        Optional<Identifier> id = normalized(Json.text(body, "key"), Json.text(body, "value"), "", problems);
        JsonNode props = body.get("properties");
        properties(props, "properties", problems);
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
        return SimResponse.of(201, identifierJson(ws, id.get()));
    }

    private SimResponse listIdentifiers(SimRequest r, Workspace ws, String contactId) {
        Optional<Contact> contact = ws.book.get(contactId);
        if (contact.isEmpty()) {
            return notFound(contactId);
        }
        Problems problems = new Problems();
        int limit = limit(r, problems);
        long from = 0;
        String token = r.queryParam("pageToken");
        if (token != null) {
            from = Tokens.decode('i', token);
            if (from < 0) {
                problems.add("pageToken", "is not a page token of this listing");
            }
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        List<Identifier> all = contact.get().identifiers();
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        long end = Math.min(all.size(), from + limit);
        for (long i = from; i < end; i++) {
            results.add(identifierJson(ws, all.get((int) i)));
        }
        if (end < all.size()) {
            out.put("nextPageToken", Tokens.encode('i', end));
        } else {
            out.putNull("nextPageToken");
        }
        return SimResponse.of(200, out);
    }

    private SimResponse removeIdentifier(Workspace ws, String contactId, JsonNode body) {
        Optional<Contact> contact = ws.book.get(contactId);
        if (contact.isEmpty()) {
            return notFound(contactId);
        }
        Problems problems = new Problems();
        Optional<Identifier> id = normalized(Json.text(body, "key"), Json.text(body, "value"), "", problems);
        if (id.isEmpty()) {
            return invalid(problems);
        }
        if (!contact.get().owns(id.get())) {
            return error(404, "NotFound", "the contact has no identifier " + id.get(), null);
        }
        UpsertCommand command = UpsertCommand.builder().removeIdentifier(id.get().key(), id.get().value()).build(policy).get();
        ws.book.update(contactId, command, clock.instant());
        ws.properties.remove(id.get());
        return SimResponse.noContent();
    }

    // ---- attribute definitions -------------------------------------------------------------

    private SimResponse listDefinitions(SimRequest r) {
        Problems problems = new Problems();
        int limit = limit(r, problems);
        long from = 0;
        String token = r.queryParam("pageToken");
        if (token != null && (from = Tokens.decode('d', token)) < 0) {
            problems.add("pageToken", "is not a page token of this listing");
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        long end = Math.min(definitions.size(), from + limit);
        for (long i = from; i < end; i++) {
            results.add(definitions.get((int) i).json());
        }
        if (end < definitions.size()) {
            out.put("nextPageToken", Tokens.encode('d', end));
        } else {
            out.putNull("nextPageToken");
        }
        return SimResponse.of(200, out);
    }

    private SimResponse getDefinition(String key) {
        for (Definition d : definitions) {
            if (d.key().equals(key)) {
                return SimResponse.of(200, d.json());
            }
        }
        return error(404, "NotFound", "no attribute definition " + key, null);
    }

    // ---- request reading -------------------------------------------------------------------

    /** Bird does not decode {@code @} or {@code +}: escaped forms of them make an invalid identifier. */
    private static String pathValue(String raw, Problems problems) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%40") || lower.contains("%2b")) {
            problems.add("identifierValue", "'@' and '+' must be sent literally in the path, not percent-encoded");
            return null;
        }
        String value = PathCodec.decode(raw);
        if (value == null) {
            problems.add("identifierValue", "malformed percent-encoding");
        }
        return value;
    }

    private Optional<Identifier> normalized(String key, String value, String field, Problems problems) {
        String prefix = field.isEmpty() ? "" : field + ".";
        if (key == null) {
            problems.add(prefix + "key", "is required");
            return Optional.empty();
        }
        if (value == null) {
            problems.add(prefix + "value", "is required");
            return Optional.empty();
        }
        Validation<Violation, Identifier> v = policy.normalize(key, value);
        if (v.isInvalid()) {
            problems.add(field.isEmpty() ? v.getError().field() : field, v.getError().message());
            return Optional.empty();
        }
        return Optional.of(v.get());
    }

    private static Strategy strategy(JsonNode body, Problems problems) {
        JsonNode s = body.get("strategy");
        if (s == null || s.isNull()) {
            return Strategy.STRICT_ALIAS;
        }
        if (!s.isString() || !STRATEGIES.contains(s.stringValue())) {
            problems.add("strategy", "must be one of strict_alias, first_alias, first");
            return null;
        }
        return Strategy.parse(s.stringValue()).orElseThrow();
    }

    /** The fields shared by the identifier upsert and the update by id. */
    private Map<Identifier, JsonNode> patchBody(JsonNode body, UpsertCommand.Builder b, Problems problems) {
        Map<Identifier, JsonNode> props = identifiers(body, "addIdentifiers", b, problems);
        JsonNode remove = body.get("removeIdentifiers");
        if (remove != null && !remove.isNull()) {
            if (!remove.isArray()) {
                problems.add("removeIdentifiers", "must be an array");
            } else {
                int i = 0;
                for (JsonNode item : remove) {
                    normalized(Json.text(item, "key"), Json.text(item, "value"), "removeIdentifiers[" + i++ + "]", problems)
                            .ifPresent(id -> b.removeIdentifier(id.key(), id.value()));
                }
            }
        }
        attributes(body, b, problems);
        JsonNode allow = body.get("allowWritingReadOnly");
        if (allow != null && !allow.isNull() && !allow.isBoolean()) {
            problems.add("allowWritingReadOnly", "must be a boolean");
        }
        List<String> add = ids(body, "addToLists", 0, problems);
        List<String> rem = ids(body, "removeFromLists", 0, problems);
        List<String> addAcc = ids(body, "addToAccounts", 0, problems);
        List<String> remAcc = ids(body, "removeFromAccounts", 0, problems);
        if (add != null) {
            add.forEach(b::addToList);
        }
        if (rem != null) {
            rem.forEach(b::removeFromList);
        }
        if (addAcc != null) {
            addAcc.forEach(b::addToAccount);
        }
        if (remAcc != null) {
            remAcc.forEach(b::removeFromAccount);
        }
        return props;
    }

    private Map<Identifier, JsonNode> identifiers(JsonNode body, String field, UpsertCommand.Builder b, Problems problems) {
        Map<Identifier, JsonNode> props = new LinkedHashMap<>();
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return props;
        }
        if (!list.isArray()) {
            problems.add(field, "must be an array");
            return props;
        }
        int i = 0;
        for (JsonNode item : list) {
            String path = field + "[" + i++ + "]";
            if (!item.isObject()) {
                problems.add(path, "must be an object {key, value, properties}");
                continue;
            }
            Optional<Identifier> id = normalized(Json.text(item, "key"), Json.text(item, "value"), path, problems);
            JsonNode p = item.get("properties");
            properties(p, path + ".properties", problems);
            id.ifPresent(b::identifier);
            if (id.isPresent() && p != null && p.isObject()) {
                props.put(id.get(), p);
            }
        }
        return props;
    }

    private static void properties(JsonNode p, String field, Problems problems) {
        if (p == null || p.isNull()) {
            return;
        }
        if (!p.isObject()) {
            problems.add(field, "must be an object");
            return;
        }
        for (String name : p.propertyNames()) {
            if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(Character::isLetterOrDigit)) {
                problems.add(field + "." + name, "property keys are 1-64 letters or digits");
            }
        }
    }

    private static void attributes(JsonNode body, UpsertCommand.Builder b, Problems problems) {
        JsonNode attributes = body.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return;
        }
        if (!attributes.isObject()) {
            problems.add("attributes", "must be an object");
            return;
        }
        for (Map.Entry<String, JsonNode> e : attributes.properties()) {
            String name = e.getKey();
            if (READ_ONLY.contains(name)) {
                problems.add("attributes." + name, "cannot edit read-only attribute " + name + ": change it through identifiers");
                continue;
            }
            if (e.getValue().isNull()) {
                b.remove(name);
                continue;
            }
            AttributeValue v = Json.attribute(e.getValue());
            if (v == null) {
                problems.add("attributes." + name, "must be a string, number, boolean or a non-empty array of those");
            } else {
                b.set(name, v);
            }
        }
    }

    /** A membership id array; {@code null} when absent. Bird takes at most ten UUIDs per array. */
    private static List<String> ids(JsonNode body, String field, int min, Problems problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problems.add(field, "must be an array of ids");
            return null;
        }
        if (node.size() < min || node.size() > MAX_MEMBERSHIP_IDS) {
            problems.add(field, "must hold " + min + "-" + MAX_MEMBERSHIP_IDS + " ids");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : node) {
            if (!item.isString() || !UUID_TEXT.matcher(item.stringValue()).matches()) {
                problems.add(field + "[" + i + "]", "must be a UUID");
            } else {
                out.add(item.stringValue().toLowerCase(java.util.Locale.ROOT));
            }
            i++;
        }
        return out;
    }

    /** The create's {@code listIds}/{@code accountIds}: 1-10 non-empty strings; {@code null} when absent. */
    private static List<String> strings(JsonNode body, String field, Problems problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() < 1 || node.size() > MAX_MEMBERSHIP_IDS) {
            problems.add(field, "must be an array of 1-" + MAX_MEMBERSHIP_IDS + " strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.isString() && !item.stringValue().isEmpty()) {
                out.add(item.stringValue());
            } else {
                problems.add(field, "must be an array of 1-" + MAX_MEMBERSHIP_IDS + " strings");
            }
        }
        return out;
    }

    private static int limit(SimRequest r, Problems problems) {
        String text = r.queryParam("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("limit", "must be an integer from 1 to " + MAX_LIMIT);
        return DEFAULT_LIMIT;
    }

    private Optional<UpsertCommand> build(UpsertCommand.Builder b, Problems problems) {
        Validation<io.vavr.collection.Seq<Violation>, UpsertCommand> v = b.build(policy);
        if (v.isInvalid()) {
            problems.addAll(v.getError(), Map.of());
        }
        return problems.isEmpty() ? Optional.of(v.get()) : Optional.empty();
    }

    /** {@code listIds}/{@code accountIds} set the memberships: ids not listed are removed. */
    private Contact replaceMemberships(Workspace ws, Contact contact, List<String> listIds, List<String> accountIds) {
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
        Either<UpsertFailure, UpsertOutcome> result = ws.book.update(contact.id(), command.get(), clock.instant());
        return result.isRight() ? result.get().contact() : contact;
    }

    // ---- answers ---------------------------------------------------------------------------

    ObjectNode contactJson(Workspace ws, Contact c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        c.displayName().ifPresent(n -> o.put("computedDisplayName", n));
        o.put("createdAt", Json.timestamp(c.createdAt()));
        o.put("updatedAt", Json.timestamp(c.updatedAt()));
        o.put("workspaceId", c.workspace());
        ArrayNode featured = o.putArray("featuredIdentifiers");
        for (Identifier i : c.identifiers()) {
            featured.addObject().put("key", i.key()).put("value", i.value());
        }
        ObjectNode attributes = o.putObject("attributes");
        c.attributes().forEach((k, v) -> attributes.set(k, Json.value(v)));
        for (String mirrored : READ_ONLY) {
            ArrayNode values = Json.array();
            c.identifiers().stream().filter(i -> i.key().equals(mirrored)).forEach(i -> values.add(i.value()));
            if (!values.isEmpty()) {
                attributes.set(mirrored, values);
            }
        }
        o.put("identifierCount", c.identifiers().size());
        ArrayNode accounts = o.putArray("accountIds");
        c.accounts().forEach(accounts::add);
        ArrayNode lists = o.putArray("listIds");
        c.lists().forEach(lists::add);
        ArrayNode companies = o.putArray("companyRefs");
        ws.companyRefs.getOrDefault(c.id(), List.of()).forEach(companies::add);
        o.put("isAnonymous", c.isAnonymous());
        return o;
    }

    private static ObjectNode identifierJson(Workspace ws, Identifier id) {
        ObjectNode o = Json.object();
        o.put("key", id.key());
        o.put("value", id.value());
        JsonNode props = ws.properties.get(id);
        if (props != null) {
            o.set("properties", props);
        }
        return o;
    }

    private static SimResponse failure(UpsertFailure f) {
        if (f instanceof UpsertFailure.Conflict c) {
            return error(409, "IdentifierConflict", c.message(), conflictDetails(c));
        }
        if (f instanceof UpsertFailure.NotFound n) {
            return notFound(n.contactId());
        }
        return invalid(new Problems().addAll(((UpsertFailure.Invalid) f).violations(), Map.of()));
    }

    private static ObjectNode conflictDetails(UpsertFailure.Conflict c) {
        ObjectNode details = Json.object();
        ArrayNode ids = details.putArray("contactIds");
        c.contactIds().forEach(ids::add);
        ArrayNode who = details.putArray("identifiers");
        c.owners().forEach((i, owner) -> who.add(i.key() + " " + i.value() + " belongs to contact " + owner));
        return details;
    }

    private static SimResponse notFound(String contactId) {
        return error(404, "NotFound", "contact not found: " + contactId, null);
    }

    private static SimResponse notAllowed(SimRequest r) {
        return error(405, "MethodNotAllowed", r.method() + " is not allowed here", null);
    }

    private static SimResponse invalid(Problems problems) {
        ObjectNode details = Json.object();
        problems.byField().forEach((field, messages) -> {
            ArrayNode a = details.putArray(field);
            messages.forEach(a::add);
        });
        return error(422, "InvalidPayload", problems.summary(), details);
    }

    static SimResponse error(int status, String code, String message, ObjectNode details) {
        ObjectNode o = Json.object();
        o.put("code", code);
        o.put("message", message);
        if (details != null) {
            o.set("details", details);
        }
        return SimResponse.of(status, o);
    }
}
