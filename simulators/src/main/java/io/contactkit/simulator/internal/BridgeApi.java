package io.contactkit.simulator.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.PhoneCheck;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.contactkit.simulator.CustomAttribute;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bridge's two API generations over one {@link ContactBook} per workspace: the newer Contacts API
 * ({@code /bridge/api/v1/...}, {@code x-api-key}) and the older inbound CRUD API ({@code /v1/...},
 * {@code X-API-Key} plus an HMAC-SHA256 request signature). Both see the same contacts. A contact is
 * stored with its cellphone as a {@code phonenumber} identifier, names and e-mail as attributes,
 * custom attributes under their key names, and the owner and language as the contact's own fields.
 * Every handler works in memory and returns; nothing blocks.
 */
public final class BridgeApi implements Function<SimRequest, SimResponse>, SimServer.Clocked {

    static final String FIRST_NAME = "firstName";
    static final String LAST_NAME = "lastName";
    static final String EMAIL = "email";
    static final Set<String> STANDARD = Set.of(FIRST_NAME, LAST_NAME, EMAIL);
    static final long SIGNATURE_MAX_AGE_SECONDS = 300;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Set<String> LANGUAGES = Set.of("ES", "EN");
    private static final int MAX_NAME = 255;

    private final byte[] apiKey;
    private final byte[] signingSecret;
    private final Set<String> workspaces;
    private final List<CustomAttribute> settings;
    private final boolean snakeCaseSettings;
    private final boolean upsertAnswers200;
    private final Clock clock;

    @Override
    public Clock clock() {
        return clock;
    }
    private final boolean signsQueryString;
    private final IdentifierPolicy policy = IdentifierPolicy.defaults();
    private final IdentifierPolicy legacyPolicy = IdentifierPolicy.builder().phoneCheck(PhoneCheck.POSSIBLE).build();
    private final ConcurrentHashMap<String, ContactBook> books = new ConcurrentHashMap<>();

    /**
     * @param signingSecret the older API's signing secret; {@code null} refuses every older-API request
     * @param workspaces    the workspaces the key may use; empty: any
     * @param upsertAnswers200 answer every successful upsert with 200, as Bridge documents it, instead of 201 for a creation
     */
    public BridgeApi(String apiKey, String signingSecret, Set<String> workspaces, List<CustomAttribute> settings,
                     boolean snakeCaseSettings, boolean upsertAnswers200, Clock clock, boolean signsQueryString) {
        this.signsQueryString = signsQueryString;
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.signingSecret = signingSecret == null ? null : signingSecret.getBytes(StandardCharsets.UTF_8);
        this.workspaces = Set.copyOf(workspaces);
        this.settings = List.copyOf(settings);
        this.snakeCaseSettings = snakeCaseSettings;
        this.upsertAnswers200 = upsertAnswers200;
        this.clock = clock;
    }

    /** The rule behind {@code type}: required custom attributes that are not archived. */
    public ClassificationRules rules() {
        List<String> required = new ArrayList<>();
        for (CustomAttribute a : settings) {
            if (a.isRequired() && !a.archived(clock.instant())) {
                required.add(a.keyName());
            }
        }
        return ClassificationRules.requiring(required);
    }

    public List<Contact> contacts(String workspace) {
        ContactBook book = book(workspace);
        synchronized (book) {
            return book.contacts();
        }
    }

    private ContactBook book(String workspace) {
        return books.computeIfAbsent(workspace, ws -> new ContactBook(ws, Ids::uuid));
    }

    @Override
    public SimResponse apply(SimRequest r) {
        try {
            return route(r);
        } catch (Json.Malformed e) {
            return invalid(new Problems().add("body", "JSON decode error"));
        }
    }

    private SimResponse route(SimRequest r) {
        List<String> s = r.segments();
        if (s.size() >= 3 && s.get(0).equals("bridge") && s.get(1).equals("api")) {
            if (!keyMatches(r.header("x-api-key"))) {
                return error(401, "BRIDGE_AUTH_0001", "Unauthorized", "invalid, expired or missing API key");
            }
            if (s.size() == 3 && s.get(2).equals("health")) {
                return r.is("GET") ? SimResponse.of(200, Json.object().put("status", "ok")) : notAllowed(r);
            }
            if (s.size() >= 6 && s.get(2).equals("v1") && s.get(3).equals("workspaces")) {
                SimResponse notUuid = uuidPath("workspaceId", s.get(4));
                if (notUuid != null) {
                    return notUuid;
                }
                return withWorkspace(s.get(4), r, (ws, book) -> connect(r, s.subList(5, s.size()), ws, book));
            }
        } else if (s.size() >= 4 && s.get(0).equals("v1") && s.get(1).equals("workspaces") && s.get(3).equals("contacts")) {
            SimResponse refused = checkSignature(r);
            if (refused != null) {
                return refused;
            }
            return withWorkspace(s.get(2), r, (ws, book) -> legacy(r, s.subList(4, s.size()), ws, book));
        }
        return error(404, "BRIDGE_ROUTE_0404", "Not Found", "no such endpoint");
    }

    private interface WorkspaceHandler {
        SimResponse handle(String workspace, ContactBook book);
    }

    private SimResponse withWorkspace(String raw, SimRequest r, WorkspaceHandler handler) {
        String ws = PathCodec.decode(raw);
        if (ws == null || (!workspaces.isEmpty() && !workspaces.contains(ws))) {
            return error(403, "BRIDGE_AUTH_0003", "Forbidden", "the API key has no access to this workspace");
        }
        ContactBook book = book(ws);
        synchronized (book) {
            return handler.handle(ws, book);
        }
    }

    // ---- newer Contacts API ----------------------------------------------------------------

    private SimResponse connect(SimRequest r, List<String> rest, String ws, ContactBook book) {
        if (rest.equals(List.of("settings", "attributes"))) {
            return r.is("GET") ? settings(r) : notAllowed(r);
        }
        if (rest.isEmpty() || !rest.get(0).equals("contacts") || rest.size() > 2) {
            return error(404, "BRIDGE_ROUTE_0404", "Not Found", "no such endpoint");
        }
        if (rest.size() == 1) {
            return r.is("GET") ? cursorList(r, book) : notAllowed(r);
        }
        if (rest.get(1).equals("partial")) {
            return r.is("POST") ? partialUpsert(r, book) : notAllowed(r);
        }
        SimResponse notUuid = uuidPath("contactId", rest.get(1));
        if (notUuid != null) {
            return notUuid;
        }
        String id = PathCodec.decode(rest.get(1));
        return switch (r.method()) {
            case "GET" -> book.get(id).map(c -> SimResponse.of(200, connectJson(c))).orElseGet(() -> notFound(id));
            case "PATCH" -> patch(r, book, id, false);
            default -> notAllowed(r);
        };
    }

    private SimResponse partialUpsert(SimRequest r, ContactBook book) {
        JsonNode body = Json.parse(r.body());
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode phone = body.get("cellphone");
        if (phone == null || phone.isNull()) {
            problems.add("cellphone", "field required");
        } else {
            cellphone(phone, policy, true, problems).ifPresent(b::identifier);
        }
        // Bridge types every field but the cellphone "| null" and does not say what null does here; the
        // simulator reads an explicit null as a removal, as in the update by id, which is what the
        // adapter sends for one.
        connectFields(body, b, true, problems);
        Optional<UpsertCommand> command = build(b, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = book.upsert(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        return SimResponse.of(result.get().created() && !upsertAnswers200 ? 201 : 200, connectJson(result.get().contact()));
    }

    private SimResponse patch(SimRequest r, ContactBook book, String id, boolean legacy) {
        JsonNode body = Json.parse(r.body());
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        Optional<Contact> existing = book.get(id);
        if (existing.isEmpty()) {
            return notFound(id);
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        JsonNode phone = body.get("cellphone");
        if (phone != null && !phone.isNull()) {
            Optional<Identifier> next = cellphone(phone, legacy ? legacyPolicy : policy, !legacy, problems);
            Optional<Identifier> current = existing.get().firstIdentifier(Identifier.PHONE);
            if (next.isPresent() && !next.equals(current)) {
                b.identifier(next.get());
                current.ifPresent(c -> b.removeIdentifier(c.key(), c.value()));
            }
        }
        if (legacy) {
            legacyFields(body, b, true, problems);
        } else {
            connectFields(body, b, true, problems);
        }
        Optional<UpsertCommand> command = build(b, legacy ? legacyPolicy : policy, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = book.update(id, command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        Contact c = result.get().contact();
        return SimResponse.of(200, legacy ? legacyJson(c) : connectJson(c));
    }

    private SimResponse cursorList(SimRequest r, ContactBook book) {
        Problems problems = new Problems();
        int limit = intParam(r, "limit", 20, 1, 100, problems);
        long from = 0;
        String cursor = r.queryParam("cursor");
        if (cursor != null && (from = Tokens.decode('c', cursor)) < 0) {
            problems.add("cursor", "invalid cursor");
        }
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        String owner = r.queryParam("ownerEmail");
        String search = r.queryParam("search");
        ObjectNode out = Json.object();
        ArrayNode contacts = out.putArray("contacts");
        long next = book.size() == 0 ? -1 : from;
        int found = 0;
        while (next >= 0 && found < limit) {
            ContactBook.Slice slice = book.slice(next, 1);
            next = slice.next();
            for (Contact c : slice.contacts()) {
                if (matches(c, owner, search)) {
                    contacts.add(connectJson(c));
                    found++;
                }
            }
        }
        if (next >= 0) {
            out.put("cursor", Tokens.encode('c', next));
        } else {
            out.putNull("cursor");
        }
        return SimResponse.of(200, out);
    }

    private SimResponse settings(SimRequest r) {
        Problems problems = new Problems();
        String category = r.queryParam("category");
        if (category != null && !category.equals("OPEN") && !category.equals("CLOSED")) {
            problems.add("category", "must be OPEN or CLOSED");
        }
        Boolean archived = boolParam(r, "includeArchived", problems);
        Boolean required = boolParam(r, "isRequired", problems);
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray(snakeCaseSettings ? "custom_attributes" : "customAttributes");
        for (CustomAttribute a : settings) {
            if ((category != null && !a.category().name().equals(category))
                    || (!Boolean.TRUE.equals(archived) && a.archived(clock.instant()))
                    || (required != null && a.isRequired() != required)) {
                continue;
            }
            ObjectNode o = items.addObject();
            o.put("id", a.id());
            o.put("category", a.category().name());
            o.put("isRequired", a.isRequired());
            o.put("keyName", a.keyName());
            o.put("type", a.type());
            ArrayNode values = o.putArray("closedAttributesValues");
            a.closedValues().forEach((id, value) -> values.addObject().put("id", id).put("value", value));
            if (a.deletedAt() == null) {
                o.putNull("deletedAt");
            } else {
                o.put("deletedAt", Json.timestamp(a.deletedAt()));
            }
        }
        return SimResponse.of(200, out);
    }

    /** firstName, lastName, email, languageCode, ownerIdentifier and customAttributes of the newer API. */
    private void connectFields(JsonNode body, UpsertCommand.Builder b, boolean nullClears, Problems problems) {
        names(body, b, nullClears, problems);
        JsonNode language = body.get("languageCode");
        if (language != null) {
            if (language.isNull()) {
                if (nullClears) {
                    b.language(null);
                }
            } else if (!language.isString() || !LANGUAGES.contains(language.stringValue())) {
                problems.add("languageCode", "must be one of ES, EN");
            } else {
                b.language(language.stringValue());
            }
        }
        JsonNode owner = body.get("ownerIdentifier");
        if (owner != null) {
            if (!owner.isObject()) {
                // typed InternalUserIdentifierRequest, an object, and not nullable on either page
                problems.add("ownerIdentifier", "must be an object {identifier, identifierType}");
            } else {
                String identifier = Json.text(owner, "identifier");
                String type = Json.text(owner, "identifierType");
                if (identifier == null || identifier.isBlank()) {
                    problems.add("ownerIdentifier.identifier", "field required");
                } else if (!"EMAIL".equals(type) && !"ID".equals(type)) {
                    problems.add("ownerIdentifier.identifierType", "must be one of EMAIL, ID");
                } else if ("EMAIL".equals(type) && policy.normalize(Identifier.EMAIL, identifier).isInvalid()) {
                    problems.add("ownerIdentifier.identifier", "not a valid e-mail address");
                } else {
                    b.owner(identifier.strip());
                }
            }
        }
        JsonNode custom = body.get("customAttributes");
        if (custom != null && !custom.isNull()) {
            if (!custom.isObject()) {
                problems.add("customAttributes", "must be an object {openAttributes, closedAttributes}");
            } else {
                openAttributes(custom.get("openAttributes"), b, problems);
                closedAttributes(custom.get("closedAttributes"), b, problems);
            }
        }
    }

    private void names(JsonNode body, UpsertCommand.Builder b, boolean nullClears, Problems problems) {
        for (String field : List.of(FIRST_NAME, LAST_NAME)) {
            JsonNode v = body.get(field);
            if (v == null) {
                continue;
            }
            if (v.isNull()) {
                if (nullClears) {
                    b.remove(field);
                }
            } else if (!v.isString() || v.stringValue().length() > MAX_NAME) {
                problems.add(field, "must be a string of at most " + MAX_NAME + " characters");
            } else {
                b.set(field, v.stringValue());
            }
        }
        JsonNode email = body.get(EMAIL);
        if (email != null) {
            if (email.isNull()) {
                if (nullClears) {
                    b.remove(EMAIL);
                }
            } else {
                Validation<Violation, Identifier> v = email.isString() ? policy.normalize(Identifier.EMAIL, email.stringValue()) : null;
                if (v == null || v.isInvalid()) {
                    problems.add(EMAIL, "value is not a valid email address");
                } else {
                    b.set(EMAIL, v.get().value());
                }
            }
        }
    }

    private void openAttributes(JsonNode items, UpsertCommand.Builder b, Problems problems) {
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            problems.add("customAttributes.openAttributes", "must be an array");
            return;
        }
        int i = 0;
        for (JsonNode item : items) {
            String path = "customAttributes.openAttributes[" + i++ + "]";
            Optional<CustomAttribute> setting = setting(Json.text(item, "customAttributeId"), CustomAttribute.Category.OPEN, path, problems);
            if (setting.isEmpty()) {
                continue;
            }
            JsonNode content = item.get("content");
            if (content == null || content.isNull()) {
                b.remove(setting.get().keyName());
            } else if (!content.isString()) {
                problems.add(path + ".content", "must be a string");
            } else {
                b.set(setting.get().keyName(), content.stringValue());
            }
        }
    }

    private void closedAttributes(JsonNode items, UpsertCommand.Builder b, Problems problems) {
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            problems.add("customAttributes.closedAttributes", "must be an array");
            return;
        }
        int i = 0;
        for (JsonNode item : items) {
            String path = "customAttributes.closedAttributes[" + i++ + "]";
            Optional<CustomAttribute> setting = setting(Json.text(item, "customAttributeId"), CustomAttribute.Category.CLOSED, path, problems);
            if (setting.isEmpty()) {
                continue;
            }
            JsonNode ids = item.get("closedCustomAttributeIds");
            if (ids == null || !ids.isArray()) {
                problems.add(path + ".closedCustomAttributeIds", "must be an array of ids");
                continue;
            }
            List<AttributeValue> values = new ArrayList<>();
            for (JsonNode id : ids) {
                String value = id.isString() ? setting.get().closedValues().get(id.stringValue()) : null;
                if (value == null) {
                    problems.add(path + ".closedCustomAttributeIds", "unknown choice " + (id.isString() ? id.stringValue() : id.toString()));
                } else {
                    values.add(AttributeValue.of(value));
                }
            }
            if (values.isEmpty()) {
                b.remove(setting.get().keyName());
            } else {
                b.set(setting.get().keyName(), AttributeValue.of(values));
            }
        }
    }

    private Optional<CustomAttribute> setting(String id, CustomAttribute.Category category, String path, Problems problems) {
        if (id == null) {
            problems.add(path + ".customAttributeId", "field required");
            return Optional.empty();
        }
        for (CustomAttribute a : settings) {
            if (a.id().equals(id) && !a.archived(clock.instant())) {
                if (a.category() != category) {
                    problems.add(path + ".customAttributeId", "custom attribute " + id + " is not " + category);
                    return Optional.empty();
                }
                return Optional.of(a);
            }
        }
        problems.add(path + ".customAttributeId", "unknown custom attribute " + id);
        return Optional.empty();
    }

    private Optional<Identifier> cellphone(JsonNode phone, IdentifierPolicy p, boolean strictE164, Problems problems) {
        if (!phone.isString()) {
            problems.add("cellphone", "must be a string");
            return Optional.empty();
        }
        String text = phone.stringValue();
        if (strictE164 && !E164.matcher(text).matches()) {
            problems.add("cellphone", "value is not a valid E.164 phone number");
            return Optional.empty();
        }
        Validation<Violation, Identifier> v = p.normalize(Identifier.PHONE, text);
        if (v.isInvalid()) {
            problems.add("cellphone", "value is not a valid phone number");
            return Optional.empty();
        }
        return Optional.of(v.get());
    }

    // ---- older inbound CRUD API ------------------------------------------------------------

    private SimResponse legacy(SimRequest r, List<String> rest, String ws, ContactBook book) {
        if (rest.isEmpty()) {
            return switch (r.method()) {
                case "POST" -> legacyCreate(r, book);
                case "GET" -> pagedList(r, book);
                default -> notAllowed(r);
            };
        }
        if (rest.size() > 1) {
            return error(404, "BRIDGE_ROUTE_0404", "Not Found", "no such endpoint");
        }
        String id = PathCodec.decode(rest.get(0));
        return switch (r.method()) {
            case "PATCH" -> patch(r, book, id, true);
            case "DELETE" -> book.delete(id).fold(BridgeApi::failure, c -> SimResponse.noContent());
            default -> notAllowed(r);
        };
    }

    private SimResponse legacyCreate(SimRequest r, ContactBook book) {
        JsonNode body = Json.parse(r.body());
        Problems problems = new Problems();
        if (!body.isObject()) {
            return invalid(problems.add("body", "must be a JSON object"));
        }
        UpsertCommand.Builder b = UpsertCommand.builder();
        for (String field : List.of(FIRST_NAME, LAST_NAME, "cellphone")) {
            JsonNode v = body.get(field);
            if (v == null || v.isNull() || (v.isString() && v.stringValue().isBlank())) {
                problems.add(field, "field required");
            }
        }
        JsonNode phone = body.get("cellphone");
        if (phone != null && !phone.isNull()) {
            cellphone(phone, legacyPolicy, false, problems).ifPresent(b::identifier);
        }
        legacyFields(body, b, false, problems);
        Optional<UpsertCommand> command = build(b, legacyPolicy, problems);
        if (command.isEmpty()) {
            return invalid(problems);
        }
        Either<UpsertFailure, UpsertOutcome> result = book.create(command.get(), clock.instant());
        if (result.isLeft()) {
            return failure(result.getLeft());
        }
        return SimResponse.of(201, legacyJson(result.get().contact()));
    }

    private void legacyFields(JsonNode body, UpsertCommand.Builder b, boolean nullClears, Problems problems) {
        names(body, b, nullClears, problems);
        JsonNode owner = body.get("ownerId");
        if (owner != null) {
            if (owner.isNull()) {
                if (nullClears) {
                    b.owner(null);
                }
            } else if (!owner.isString() || owner.stringValue().isBlank()) {
                problems.add("ownerId", "must be a non-empty string");
            } else {
                b.owner(owner.stringValue().strip());
            }
        }
        JsonNode custom = body.get("customAttributes");
        if (custom == null || custom.isNull()) {
            return;
        }
        if (!custom.isArray()) {
            problems.add("customAttributes", "must be an array of {key, value}");
            return;
        }
        int i = 0;
        for (JsonNode item : custom) {
            String path = "customAttributes[" + i++ + "]";
            String key = Json.text(item, "key");
            if (key == null || key.isBlank() || STANDARD.contains(key)) {
                problems.add(path + ".key", "must be a custom attribute key");
                continue;
            }
            JsonNode value = item.get("value");
            if (value == null || value.isNull()) {
                b.remove(key);
                continue;
            }
            AttributeValue v = Json.attribute(value);
            if (v == null) {
                problems.add(path + ".value", "must be a string, number or boolean");
            } else {
                b.set(key, v);
            }
        }
    }

    private SimResponse pagedList(SimRequest r, ContactBook book) {
        Problems problems = new Problems();
        int page = intParam(r, "page", 1, 1, Integer.MAX_VALUE, problems);
        int limit = intParam(r, "limit", 20, 10, 100, problems);
        String owner = r.queryParam("ownerId");
        if (owner != null && policy.normalize(Identifier.EMAIL, owner).isInvalid()) {
            problems.add("ownerId", "must be an e-mail address (string<email>)");
        }
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        String search = r.queryParam("search");
        List<Contact> matching = new ArrayList<>();
        for (Contact c : book.contacts()) {
            if (matches(c, owner, search)) {
                matching.add(c);
            }
        }
        ObjectNode out = Json.object();
        ArrayNode contacts = out.putArray("contacts");
        long start = (long) (page - 1) * limit;
        for (long i = start; i < Math.min(matching.size(), start + limit); i++) {
            contacts.add(legacyJson(matching.get((int) i)));
        }
        ObjectNode pagination = out.putObject("pagination");
        pagination.put("page", page);
        pagination.put("limit", limit);
        pagination.put("total", matching.size());
        pagination.put("totalPages", (matching.size() + limit - 1) / limit);
        return SimResponse.of(200, out);
    }

    /**
     * The older API's request signing: HMAC-SHA256 with the signing secret over
     * {@code METHOD\nPATH\nBODY\nTIMESTAMP}, lowercase hex; the path as sent, without the query (or
     * with {@code ?query} as sent, when so configured); an
     * empty string for no body; the timestamp in Unix seconds, at most five minutes away from now.
     */
    private SimResponse checkSignature(SimRequest r) {
        if (!keyMatches(r.header("X-API-Key"))) {
            return error(401, "BRIDGE_AUTH_0001", "Unauthorized", "invalid, expired or missing API key");
        }
        String timestamp = r.header("X-API-Timestamp");
        String signature = r.header("X-API-Signature");
        if (signingSecret == null || timestamp == null || signature == null) {
            return error(401, "BRIDGE_AUTH_0002", "Unauthorized", "the request is not signed: X-API-Timestamp and X-API-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return error(401, "BRIDGE_AUTH_0002", "Unauthorized", "X-API-Timestamp must be Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > SIGNATURE_MAX_AGE_SECONDS) {
            return error(401, "BRIDGE_AUTH_0004", "Unauthorized", "the request timestamp is more than five minutes away from the server's time");
        }
        String path = signsQueryString && !r.rawQuery().isEmpty() ? r.rawPath() + "?" + r.rawQuery() : r.rawPath();
        byte[] expected = sign(signingSecret, r.method(), path, r.body(), timestamp.strip())
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return error(401, "BRIDGE_AUTH_0005", "Unauthorized", "the request signature does not match");
        }
        return null;
    }

    /** Lowercase hex HMAC-SHA256 of {@code METHOD\nPATH\nBODY\nTIMESTAMP}. */
    public static String sign(byte[] secret, String method, String path, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String text = method + "\n" + path + "\n" + (body == null ? "" : body) + "\n" + timestamp;
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    // ---- shared ----------------------------------------------------------------------------

    private boolean keyMatches(String given) {
        return given != null && MessageDigest.isEqual(apiKey, given.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean matches(Contact c, String owner, String search) {
        if (owner != null && !c.owner().map(o -> o.equalsIgnoreCase(owner.strip())).orElse(false)) {
            return false;
        }
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.strip().toLowerCase(Locale.ROOT);
        String name = (text(c, FIRST_NAME) + " " + text(c, LAST_NAME)).strip().toLowerCase(Locale.ROOT);
        String email = text(c, EMAIL).toLowerCase(Locale.ROOT);
        String phone = c.firstIdentifier(Identifier.PHONE).map(Identifier::value).orElse("");
        return name.contains(needle) || email.contains(needle) || phone.contains(needle);
    }

    private static String text(Contact c, String attribute) {
        AttributeValue v = c.attributes().get(attribute);
        return v == null ? "" : v.toString();
    }

    ObjectNode connectJson(Contact c) {
        ObjectNode o = common(c);
        o.put("type", c.classify(rules()).name());
        ArrayNode custom = o.putArray("customAttributes");
        c.attributes().forEach((k, v) -> {
            if (!STANDARD.contains(k)) {
                ArrayNode values = custom.addObject().put("key", k).putArray("values");
                (v instanceof AttributeValue.Multi m ? m.values() : List.of(v)).forEach(x -> values.add(x.toString()));
            }
        });
        putText(o, "languageCode", c.language().orElse(null));
        putText(o, "ownerId", c.owner().orElse(null));
        return o;
    }

    ObjectNode legacyJson(Contact c) {
        ObjectNode o = common(c);
        ArrayNode custom = o.putArray("customAttributes");
        c.attributes().forEach((k, v) -> {
            if (!STANDARD.contains(k)) {
                ObjectNode item = custom.addObject().put("key", k);
                if (v instanceof AttributeValue.Multi m) {
                    item.put("value", String.join(",", m.values().stream().map(Object::toString).toList()));
                } else {
                    item.set("value", Json.value(v));
                }
            }
        });
        putText(o, "ownerId", c.owner().orElse(null));
        return o;
    }

    private static ObjectNode common(Contact c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        o.put("workspaceId", c.workspace());
        o.put("createdAt", Json.timestamp(c.createdAt()));
        o.put("updatedAt", Json.timestamp(c.updatedAt()));
        putText(o, FIRST_NAME, c.attributes().containsKey(FIRST_NAME) ? text(c, FIRST_NAME) : null);
        putText(o, LAST_NAME, c.attributes().containsKey(LAST_NAME) ? text(c, LAST_NAME) : null);
        putText(o, EMAIL, c.attributes().containsKey(EMAIL) ? text(c, EMAIL) : null);
        putText(o, "cellphone", c.firstIdentifier(Identifier.PHONE).map(Identifier::value).orElse(null));
        return o;
    }

    private static void putText(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private Optional<UpsertCommand> build(UpsertCommand.Builder b, Problems problems) {
        return build(b, policy, problems);
    }

    private Optional<UpsertCommand> build(UpsertCommand.Builder b, IdentifierPolicy p, Problems problems) {
        Validation<io.vavr.collection.Seq<Violation>, UpsertCommand> v = b.build(p);
        if (v.isInvalid()) {
            problems.addAll(v.getError(), Map.of("language", "languageCode", "owner", "ownerIdentifier"));
        }
        return problems.isEmpty() ? Optional.of(v.get()) : Optional.empty();
    }

    private static int intParam(SimRequest r, String name, int dflt, int min, int max, Problems problems) {
        String text = r.queryParam(name);
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name, max == Integer.MAX_VALUE ? "must be an integer >= " + min : "must be an integer from " + min + " to " + max);
        return dflt;
    }

    private static Boolean boolParam(SimRequest r, String name, Problems problems) {
        String text = r.queryParam(name);
        if (text == null) {
            return null;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.add(name, "must be true or false");
        return null;
    }

    private static SimResponse failure(UpsertFailure f) {
        if (f instanceof UpsertFailure.Conflict c) {
            return error(409, "BRIDGE_CONTACT_0409", "Conflict", "the cellphone already belongs to another contact: " + c.contactIds());
        }
        if (f instanceof UpsertFailure.NotFound n) {
            return notFound(n.contactId());
        }
        return invalid(new Problems().addAll(((UpsertFailure.Invalid) f).violations(), Map.of()));
    }

    private static SimResponse notFound(String id) {
        return error(404, "BRIDGE_CONTACT_0404", "Not Found", "contact not found: " + id);
    }

    private static SimResponse notAllowed(SimRequest r) {
        return error(405, "BRIDGE_ROUTE_0405", "Method Not Allowed", r.method() + " is not allowed here");
    }

    /** FastAPI's validation shape: {@code 422 {"detail": [{"loc", "msg", "type"}]}}. */
    private static SimResponse invalid(Problems problems) {
        return detail("body", problems);
    }

    /**
     * The newer API types its {@code workspaceId} and {@code contactId} path parameters as UUIDs (seeds
     * 000 and 001), so FastAPI refuses anything else with 422 before looking anything up.
     */
    private static SimResponse uuidPath(String name, String raw) {
        String value = PathCodec.decode(raw);
        if (value != null && UUID_TEXT.matcher(value).matches()) {
            return null;
        }
        return detail("path", new Problems().add(name, "value is not a valid uuid"));
    }

    private static SimResponse invalidQuery(Problems problems) {
        return detail("query", problems);
    }

    private static SimResponse detail(String where, Problems problems) {
        ObjectNode out = Json.object();
        ArrayNode detail = out.putArray("detail");
        problems.byField().forEach((field, messages) -> messages.forEach(m -> {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc").add(where);
            for (String part : field.split("\\.")) {
                loc.add(part);
            }
            item.put("msg", m);
            item.put("type", "value_error");
        }));
        return SimResponse.of(422, out);
    }

    static SimResponse error(int status, String code, String title, String message) {
        ObjectNode o = Json.object();
        o.put("code", code);
        o.put("title", title);
        o.put("message", message);
        return SimResponse.of(status, o);
    }
}
