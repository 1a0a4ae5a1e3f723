package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.http.ErrorMapper;
import io.contactkit.adapter.http.HttpErrors;
import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads Bridge's error bodies, parsed defensively, and hands them to the shared status table:
 * <ul>
 *   <li>FastAPI validation: {@code {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}}, each item a
 *   {@link Violation} whose field is the {@code loc} path without its leading {@code body}/{@code query}/{@code path},
 *   and whose code is the item's {@code type};</li>
 *   <li>{@code {"detail": "text"}}: the message;</li>
 *   <li>{@code {"code": "BRIDGE_<DOMAIN>_<NNNN>", "title": "...", "message": "..."}} (also {@code error} or
 *   {@code errorCode} for the code): the provider code and {@code title: message}.</li>
 * </ul>
 * Empty, non-JSON and unexpected bodies still give the typed error of the status. Contact ids named in
 * a conflict message (UUIDs) become the conflict's contact ids.
 */
public final class BridgeErrorMapper implements ErrorMapper {

    private static final int MAX_MESSAGE = 500;
    private static final Set<String> LOCATIONS = Set.of("body", "query", "path", "header");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String provider;
    private final Clock clock;

    public BridgeErrorMapper(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public ProviderException map(HttpRequest request, HttpResponse response) {
        JsonNode body = JsonSupport.parseOrNull(response.body());
        String code = null;
        String message = null;
        List<Violation> violations = new ArrayList<>();
        if (body != null && body.isObject()) {
            code = firstText(body, "code", "errorCode", "error");
            String title = text(body.get("title"));
            message = firstText(body, "message", "msg", "description");
            if (title != null) {
                message = message == null ? title : title + ": " + message;
            }
            JsonNode detail = body.get("detail");
            if (detail != null) {
                String fromDetail = detail(detail, violations);
                if (message == null) {
                    message = fromDetail;
                }
            }
        }
        List<String> contactIds = new ArrayList<>();
        if (response.status() == 409 && message != null) {
            Matcher m = UUID.matcher(message);
            while (m.find()) {
                contactIds.add(m.group());
            }
        }
        return HttpErrors.forStatus(provider, request, response, code, clip(message), violations, contactIds, clock);
    }

    /** Collects the violations of a {@code detail} and returns a summary message. */
    private static String detail(JsonNode detail, List<Violation> violations) {
        if (detail.isString()) {
            return detail.stringValue();
        }
        if (detail.isObject()) {
            violations.add(item(detail));
            return violations.get(violations.size() - 1).message();
        }
        if (detail.isArray()) {
            for (JsonNode item : detail) {
                violations.add(item.isObject() ? item(item) : Violation.of("", "invalid", clip(item.isString() ? item.stringValue() : item.toString())));
            }
            return violations.isEmpty() ? null : "invalid request: " + String.join("; ", violations.stream().map(Violation::toString).toList());
        }
        return null;
    }

    private static Violation item(JsonNode item) {
        String field = "";
        JsonNode loc = item.get("loc");
        if (loc != null && loc.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode p : loc) {
                String s = p.isNumber() ? "[" + p.asString() + "]" : p.asString();
                if (!(parts.isEmpty() && LOCATIONS.contains(s))) {
                    parts.add(s);
                }
            }
            field = String.join(".", parts).replace(".[", "[");
        } else if (text(loc) != null) {
            field = text(loc);
        }
        String type = text(item.get("type"));
        String msg = firstText(item, "msg", "message");
        return Violation.of(field, type == null ? "invalid" : type, clip(msg == null ? item.toString() : msg));
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String s = text(node.get(f));
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() || node.isMissingNode() ? null : node.asString();
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
