package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathCodec;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.Tokens;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads Bird request bodies, path values and query parameters into domain commands, collecting
 * every problem by field (answered 422 together) instead of stopping at the first.
 */
final class BirdReader {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_MEMBERSHIP_IDS = 10;
    static final int MAX_DISPLAY_NAME = 150;
    static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> STRATEGIES = Set.of("strict_alias", "first_alias", "first");

    private final IdentifierPolicy policy;

    BirdReader(IdentifierPolicy policy) {
        this.policy = policy;
    }

    static Strategy strategy(JsonNode body, Problems problems) {
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

    /** What the identifier upsert and the update by id read besides the command: identifier properties and memberships to set. */
    record Patch(Map<Identifier, JsonNode> properties, List<String> listIds, List<String> accountIds) {
    }

    /** The fields shared by the identifier upsert and the update by id, into {@code b}. */
    Patch patch(JsonNode body, UpsertCommand.Builder b, Problems problems) {
        Map<Identifier, JsonNode> props = patchBody(body, b, problems);
        List<String> listIds = ids(body, "listIds", 0, problems);
        List<String> accountIds = ids(body, "accountIds", 1, problems);
        return new Patch(props, listIds, accountIds);
    }

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

    /** An array of {@code {key, value, properties}}; the properties by identifier. */
    Map<Identifier, JsonNode> identifiers(JsonNode body, String field, UpsertCommand.Builder b, Problems problems) {
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

    static void properties(JsonNode p, String field, Problems problems) {
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

    static void attributes(JsonNode body, UpsertCommand.Builder b, Problems problems) {
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
            if (BirdWriter.READ_ONLY.contains(name)) {
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
    static List<String> ids(JsonNode body, String field, int min, Problems problems) {
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
                out.add(item.stringValue().toLowerCase(Locale.ROOT));
            }
            i++;
        }
        return out;
    }

    /** The create's {@code listIds}/{@code accountIds}: 1-10 non-empty strings; {@code null} when absent. */
    static List<String> strings(JsonNode body, String field, Problems problems) {
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

    /** The create's {@code companyRefs}: non-blank strings. */
    static List<String> companyRefs(JsonNode body, Problems problems) {
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
        return companyRefs;
    }

    static int limit(SimRequest r, Problems problems) {
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

    /**
     * Where a listing resumes: the position in its {@code pageToken} of this kind (at most
     * {@code maxLength} characters), {@code start} without one; a problem when the token is not one.
     */
    static long position(SimRequest r, char kind, long start, int maxLength, Problems problems) {
        String token = r.queryParam("pageToken");
        if (token == null) {
            return start;
        }
        long from = token.length() > maxLength ? -1 : Tokens.decode(kind, token);
        if (from < 0) {
            problems.add("pageToken", "is not a page token of this listing");
        }
        return from;
    }

    /** Bird does not decode {@code @} or {@code +}: escaped forms of them make an invalid identifier. */
    static String pathValue(String raw, Problems problems) {
        String lower = raw.toLowerCase(Locale.ROOT);
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

    /** An identifier {@code {key, value}} normalised by the policy; problems under {@code field}. */
    Optional<Identifier> normalized(String key, String value, String field, Problems problems) {
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

    /** The command, when neither reading nor the domain's validation found a problem. */
    Optional<UpsertCommand> build(UpsertCommand.Builder b, Problems problems) {
        Validation<io.vavr.collection.Seq<Violation>, UpsertCommand> v = b.build(policy);
        if (v.isInvalid()) {
            problems.addAll(v.getError(), Map.of());
        }
        return problems.isEmpty() ? Optional.of(v.get()) : Optional.empty();
    }
}
