package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.ErrorMapper;
import io.contactkit.adapter.http.HttpErrors;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ProviderException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads Bird's flat error body {@code {"code": "InvalidPayload", "message": "...", "details": {...}}}
 * and hands it to the shared status table. {@code details} usually maps a field path to a list of
 * messages; each message becomes a {@link Violation}. A {@code contactIds} array in the details
 * names the contacts of a conflict. Empty, non-JSON and truncated bodies still give the typed error of
 * the status.
 *
 * <p><b>Conflicts answered with 422.</b> Bird does not document how it answers a {@code strict_alias}
 * conflict (409 or 422 are expected). A 422 is read as a {@link ConflictException} when its code is
 * one of the {@linkplain #DEFAULT_CONFLICT_CODES conflict codes} or its details name contacts
 * ({@code contactIds}): an invalid payload names fields, not contacts. The codes are one constructor
 * argument, so the choice is easy to change once Bird's answer is known.
 */
public final class BirdErrorMapper implements ErrorMapper {

    /** Codes that mean a conflict whatever the status: Bird's observed 409 code, and names a conflict code would plausibly have. */
    public static final Set<String> DEFAULT_CONFLICT_CODES = Set.of("ResourceAlreadyExists", "Conflict", "IdentifierConflict",
            "AliasConflict", "StrictAliasConflict", "ContactConflict");

    private static final int MAX_MESSAGE = 500;

    private final String provider;
    private final Clock clock;
    private final Set<String> conflictCodes;

    public BirdErrorMapper(String provider, Clock clock) {
        this(provider, clock, DEFAULT_CONFLICT_CODES);
    }

    /** @param conflictCodes the codes that make a 422 a conflict */
    public BirdErrorMapper(String provider, Clock clock, Set<String> conflictCodes) {
        this.provider = provider;
        this.clock = clock;
        this.conflictCodes = Set.copyOf(conflictCodes);
    }

    @Override
    public ProviderException map(HttpRequest request, HttpResponse response) {
        JsonNode body = parse(response.body());
        String code = null;
        String message = null;
        List<Violation> violations = new ArrayList<>();
        List<String> contactIds = new ArrayList<>();
        if (body != null && body.isObject()) {
            code = scalar(body.get("code"));
            message = scalar(body.get("message"));
            JsonNode details = body.get("details");
            if (details != null) {
                read(details, code, violations, contactIds);
            }
        }
        if (response.status() == 422 && ((code != null && conflictCodes.contains(code)) || !contactIds.isEmpty())) {
            String text = (message == null || message.isBlank() ? "conflict" : clip(message)) + " (" + request.name() + ", HTTP 422)";
            return new ConflictException(provider, 422, code, text, contactIds);
        }
        return HttpErrors.forStatus(provider, request, response, code, clip(message), violations, contactIds, clock);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JsonSupport.mapper().readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void read(JsonNode details, String code, List<Violation> violations, List<String> contactIds) {
        String violationCode = code == null ? "invalid" : code;
        if (details.isObject()) {
            for (Map.Entry<String, JsonNode> e : details.properties()) {
                String field = e.getKey();
                JsonNode v = e.getValue();
                if (field.equals("contactIds") && v.isArray()) {
                    v.forEach(id -> {
                        if (id.isString()) {
                            contactIds.add(id.stringValue());
                        }
                    });
                } else if (v.isArray()) {
                    v.forEach(m -> violations.add(Violation.of(field, violationCode, messageOf(m))));
                } else if (!v.isNull()) {
                    violations.add(Violation.of(field, violationCode, messageOf(v)));
                }
            }
        } else if (details.isArray()) {
            // tolerated: [{"field": "...", "message": "..."}] or a list of messages
            for (JsonNode item : details) {
                String field = item.isObject() ? firstText(item, "field", "path", "loc") : null;
                violations.add(Violation.of(field == null ? "" : field, violationCode, messageOf(item)));
            }
        } else if (details.isString()) {
            violations.add(Violation.of("", violationCode, clip(details.stringValue())));
        }
    }

    private static String messageOf(JsonNode node) {
        if (node.isObject()) {
            String m = firstText(node, "message", "msg", "description");
            return clip(m == null ? node.toString() : m);
        }
        return clip(node.isString() ? node.stringValue() : node.toString());
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String s = scalar(node.get(f));
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static String scalar(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
