package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Warning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The newer API's body of the cellphone upsert and of the update by id. Besides the shared fields
 * ({@link BridgeFields}): {@code languageCode} ({@code ES} or {@code EN}), the owner as
 * {@code ownerIdentifier} (type {@code EMAIL} when it looks like an address, else {@code ID}), and
 * every other attribute as a custom attribute looked up by {@code keyName} among the workspace's
 * settings that are not archived: OPEN as {@code content}, CLOSED as the ids of the choices whose
 * value matches. An attribute the workspace does not define and a choice it does not offer are
 * warnings of an upsert, and problems of an update (which has no result to carry warnings); values a
 * custom attribute cannot take are problems of both.
 */
public final class ConnectBodyWriter {

    private ConnectBodyWriter() {
    }

    /** Whether the command writes custom attributes, which the body needs the workspace's settings for. */
    public static boolean needsSettings(UpsertCommand c) {
        return c.attributes().keySet().stream().anyMatch(k -> !BridgeFields.STANDARD.contains(k));
    }

    /**
     * The body of the command; never throws for what the command holds.
     *
     * @param settings the workspace's custom-attribute settings (may be empty when {@link #needsSettings} is false)
     * @param now when the body is written, by the configured clock: settings archived by then are left out
     * @return the body, with the upsert's warnings, and the problems that must stop the request
     */
    public static WritePlan write(UpsertCommand c, WriteKind kind, List<CustomAttributeSetting> settings, Instant now) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        List<Warning> warnings = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        BridgeFields.writeCommon(c, body, warnings);
        BridgeFields.language(c).ifPresent(l -> BridgeFields.putText(body, "languageCode",
                l.value().map(v -> v.toUpperCase(Locale.ROOT)).orElse(null)));
        c.owner().ifPresent(o -> {
            // a removal never gets here: the capability gate refuses it, ownerIdentifier is not nullable
            if (!o.isRemoval()) {
                body.putObject("ownerIdentifier").put("identifier", o.newValue())
                        .put("identifierType", o.newValue().indexOf('@') > 0 ? "EMAIL" : "ID");
            }
        });
        ArrayNode open = JsonSupport.nodes().arrayNode();
        ArrayNode closed = JsonSupport.nodes().arrayNode();
        for (Map.Entry<String, AttributeChange> e : c.attributes().entrySet()) {
            String name = e.getKey();
            if (BridgeFields.STANDARD.contains(name)) {
                continue;
            }
            Optional<CustomAttributeSetting> setting = settings.stream()
                    .filter(s -> s.keyName().equals(name) && !s.archived(now)).findFirst();
            if (setting.isEmpty()) {
                report(kind, warnings, problems, name, "unknown_attribute",
                        "the workspace defines no custom attribute " + name + "; it was not sent");
                continue;
            }
            if (setting.get().category() == CustomAttributeSetting.Category.OPEN) {
                openAttribute(setting.get(), e.getValue(), open, problems);
            } else {
                closedAttribute(setting.get(), e.getValue(), closed, kind, warnings, problems);
            }
        }
        if (!open.isEmpty() || !closed.isEmpty()) {
            ObjectNode custom = body.putObject("customAttributes");
            custom.set("openAttributes", open);
            custom.set("closedAttributes", closed);
        }
        return new WritePlan(body, warnings, problems);
    }

    private static void openAttribute(CustomAttributeSetting s, AttributeChange change, ArrayNode open, List<Violation> problems) {
        ObjectNode item = JsonSupport.nodes().objectNode().put("customAttributeId", s.id());
        if (change instanceof AttributeChange.Set set) {
            if (!BridgeFields.isScalar(set.value())) {
                problems.add(Violation.of(s.keyName(), "invalid_value", s.keyName() + " is an OPEN custom attribute: one text value"));
                return;
            }
            item.put("content", set.value().toString());
        } else {
            item.putNull("content");
        }
        open.add(item);
    }

    private static void closedAttribute(CustomAttributeSetting s, AttributeChange change, ArrayNode closed, WriteKind kind,
                                        List<Warning> warnings, List<Violation> problems) {
        ObjectNode item = JsonSupport.nodes().objectNode().put("customAttributeId", s.id());
        ArrayNode ids = item.putArray("closedCustomAttributeIds");
        if (change instanceof AttributeChange.Set set) {
            List<AttributeValue> values = set.value() instanceof AttributeValue.Multi m ? m.values() : List.of(set.value());
            for (AttributeValue v : values) {
                if (!BridgeFields.isScalar(v)) {
                    problems.add(Violation.of(s.keyName(), "invalid_value", s.keyName() + " takes text choices"));
                    return;
                }
                Optional<String> id = s.choiceId(v.toString());
                if (id.isPresent()) {
                    ids.add(id.get());
                } else {
                    report(kind, warnings, problems, s.keyName(), "unknown_choice",
                            s.keyName() + " offers no choice " + v + " (choices: " + String.join(", ", s.choices().values()) + "); it was not sent");
                }
            }
            if (ids.isEmpty()) {
                return;
            }
        }
        closed.add(item);
    }

    private static void report(WriteKind kind, List<Warning> warnings, List<Violation> problems, String field, String code, String message) {
        if (kind == WriteKind.UPSERT) {
            warnings.add(new Warning(code, message));
        } else {
            problems.add(Violation.of(field, code, message));
        }
    }
}
