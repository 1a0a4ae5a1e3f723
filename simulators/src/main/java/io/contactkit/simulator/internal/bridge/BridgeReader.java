package io.contactkit.simulator.internal.bridge;

import static io.contactkit.simulator.internal.bridge.BridgeFields.EMAIL;
import static io.contactkit.simulator.internal.bridge.BridgeFields.FIRST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.LAST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.STANDARD;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.simulator.CustomAttribute;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.vavr.control.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads both Bridge generations' request bodies and query parameters into domain commands,
 * collecting every problem by field (answered 422 together) instead of stopping at the first.
 */
final class BridgeReader {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Set<String> LANGUAGES = Set.of("ES", "EN");
    private static final int MAX_NAME = 255;

    private final IdentifierPolicy policy;
    private final List<CustomAttribute> settings;
    private final Clock clock;

    BridgeReader(IdentifierPolicy policy, List<CustomAttribute> settings, Clock clock) {
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
    }

    /** firstName, lastName, email, languageCode, ownerIdentifier and customAttributes of the newer API. */
    void connectFields(JsonNode body, UpsertCommand.Builder b, boolean nullClears, Problems problems) {
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
    Optional<Identifier> cellphone(JsonNode phone, IdentifierPolicy p, boolean strictE164, Problems problems) {
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
    void legacyFields(JsonNode body, UpsertCommand.Builder b, boolean nullClears, Problems problems) {
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
    Optional<UpsertCommand> build(UpsertCommand.Builder b, Problems problems) {
        return build(b, policy, problems);
    }
    Optional<UpsertCommand> build(UpsertCommand.Builder b, IdentifierPolicy p, Problems problems) {
        Validation<io.vavr.collection.Seq<Violation>, UpsertCommand> v = b.build(p);
        if (v.isInvalid()) {
            problems.addAll(v.getError(), Map.of("language", "languageCode", "owner", "ownerIdentifier"));
        }
        return problems.isEmpty() ? Optional.of(v.get()) : Optional.empty();
    }
    static int intParam(SimRequest r, String name, int dflt, int min, int max, Problems problems) {
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
    static Boolean boolParam(SimRequest r, String name, Problems problems) {
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
}
