package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.TextChange;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates domain commands into Bridge's write bodies, and decides before anything is sent what
 * Bridge cannot do (unsupported), what is invalid (violations) and what it will not hold (warnings).
 *
 * <p>The {@code phonenumber} identifier is the E.164 {@code cellphone}; the first {@code emailaddress}
 * identifier is {@code email}; the {@code firstName} and {@code lastName} attributes are the names; the
 * command's language (or a {@code languageCode} attribute) is {@code languageCode}, {@code ES} or
 * {@code EN} in any case; the owner is {@code ownerIdentifier} (type {@code EMAIL} when it looks like
 * an address, else {@code ID}) in the newer API and {@code ownerId} in the older. Every other
 * attribute is a custom attribute: in the newer API looked up by {@code keyName} among the
 * workspace's settings (OPEN as {@code content}, CLOSED as the ids of the choices whose value
 * matches), in the older API sent as {@code {key, value}}.
 */
public final class BridgeWrites {

    /** Which write a body is for. */
    public enum Kind { UPSERT, CREATE, UPDATE }

    /** A body to send and what it does not do of the command. */
    public record Plan(ObjectNode body, List<Warning> warnings) {
    }

    /** An attribute that may carry the language instead of the command's own language field. */
    public static final String LANGUAGE_ATTRIBUTE = "languageCode";
    static final Set<String> STANDARD = Set.of(Contact.FIRST_NAME, Contact.LAST_NAME, LANGUAGE_ATTRIBUTE);
    private static final Set<String> LANGUAGES = Set.of("ES", "EN");
    private static final int MAX_ID = 256;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String provider;

    public BridgeWrites(String provider) {
        this.provider = provider;
    }

    // ---- before anything is sent ------------------------------------------------------------

    /** What Bridge cannot do at all: strategies other than the cellphone match, lists, accounts, ... */
    public Optional<UnsupportedCapabilityException> unsupported(UpsertCommand c, Kind kind, BridgeApiGeneration api) {
        if (kind == Kind.UPSERT && c.strategy() != Strategy.STRICT_ALIAS) {
            return unsupported("strategy:" + c.strategy().wireName(),
                    "Bridge matches contacts by cellphone only; the " + c.strategy().wireName() + " strategy is not supported");
        }
        if (!c.addToLists().isEmpty() || !c.removeFromLists().isEmpty()) {
            return unsupported("lists", "Bridge has no lists");
        }
        if (!c.addToAccounts().isEmpty() || !c.removeFromAccounts().isEmpty()) {
            return unsupported("accounts", "Bridge has no accounts");
        }
        for (Identifier r : c.removeIdentifiers()) {
            if (!r.isEmail()) {
                return unsupported("identifier-removal:" + r.key(), "Bridge can only clear a contact's e-mail address; "
                        + r.key() + " identifiers cannot be removed");
            }
        }
        if (api == BridgeApiGeneration.LEGACY && (c.language().isPresent() || c.attributes().containsKey(LANGUAGE_ATTRIBUTE))) {
            return unsupported("language", "the legacy Bridge API has no language field");
        }
        boolean hasPhone = c.identifiers().stream().anyMatch(Identifier::isPhone);
        if (kind != Kind.UPDATE && !hasPhone) {
            for (Identifier i : c.identifiers()) {
                if (!i.isEmail()) {
                    return unsupported("upsertKey:" + i.key(), "Bridge identifies contacts by cellphone only, not by " + i.key());
                }
            }
        }
        if (kind != Kind.UPSERT && !extras(c).isEmpty()) {
            Identifier extra = extras(c).get(0);
            return unsupported("identifier:" + extra.key(), "Bridge holds one cellphone and one e-mail address per contact; "
                    + "it cannot hold the " + extra.key() + " identifier " + extra.value());
        }
        return Optional.empty();
    }

    /** Every local problem of a write: missing cellphone, names, language, ids. */
    public List<Violation> violations(String workspace, UpsertCommand c, Kind kind, BridgeApiGeneration api) {
        List<Violation> problems = new ArrayList<>();
        id("workspace", workspace, api, problems);
        if (kind != Kind.UPDATE && c.identifiers().stream().noneMatch(Identifier::isPhone)) {
            problems.add(Violation.of("identifiers", "missing_cellphone",
                    "Bridge needs a phonenumber identifier (the contact's E.164 cellphone)"));
        }
        if (kind == Kind.CREATE) {
            for (String name : List.of(Contact.FIRST_NAME, Contact.LAST_NAME)) {
                if (!(c.attributes().get(name) instanceof AttributeChange.Set set) || !Contact.hasValue(set.value())) {
                    problems.add(Violation.of(name, "missing_" + (name.equals(Contact.FIRST_NAME) ? "first_name" : "last_name"),
                            "the legacy Bridge API requires " + name + " to create a contact"));
                }
            }
        }
        c.attributes().forEach((name, change) -> {
            if (change instanceof AttributeChange.Set set && !JsonSupport.isSendable(set.value())) {
                problems.add(Violation.of(name, "out_of_range", "a number's decimal exponent must be within +/-" + JsonSupport.MAX_NUMBER_SCALE));
            }
        });
        for (String name : STANDARD) {
            if (c.attributes().get(name) instanceof AttributeChange.Set set && !isScalar(set.value())) {
                problems.add(Violation.of(name, "invalid_value", name + " must be a single text value"));
            }
        }
        if (c.language().isPresent() && c.attributes().containsKey(LANGUAGE_ATTRIBUTE)) {
            problems.add(Violation.of(LANGUAGE_ATTRIBUTE, "conflicting_language",
                    "the language is given twice: as the command's language and as the languageCode attribute"));
        }
        language(c).ifPresent(v -> {
            if (v.value().isPresent() && !LANGUAGES.contains(v.value().get().toUpperCase(Locale.ROOT))) {
                problems.add(Violation.of("language", "invalid_language", "Bridge's languageCode is ES or EN, not " + v.value().get()));
            }
        });
        return problems;
    }

    /**
     * Checks an id that goes into a path: 1-256 characters without control characters; the newer API
     * types its workspace and contact ids as UUIDs.
     */
    public void id(String field, String value, BridgeApiGeneration api, List<Violation> problems) {
        if (value == null || value.isBlank() || value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl)
                || !PathSegments.isWellFormed(value)) {
            problems.add(Violation.of(field, "invalid_id", field + " must be 1-" + MAX_ID
                    + " characters without control characters or lone surrogates"));
        } else if (api == BridgeApiGeneration.CONNECT && !UUID_TEXT.matcher(value).matches()) {
            problems.add(Violation.of(field, "invalid_uuid", "Bridge's Contacts API identifies by UUID; " + field + " is not one"));
        }
    }

    /** Whether the command writes custom attributes, which the newer API needs the workspace's settings for. */
    public boolean needsSettings(UpsertCommand c) {
        return c.attributes().keySet().stream().anyMatch(k -> !STANDARD.contains(k));
    }

    // ---- bodies -----------------------------------------------------------------------------

    /**
     * The newer API's body of the cellphone upsert or the update by id. An attribute the workspace
     * does not define and a choice it does not offer are warnings of an upsert, and local validation
     * errors of an update (which has no result to carry warnings).
     *
     * @throws ValidationException for values Bridge cannot take, nothing sent
     */
    public Plan connectBody(UpsertCommand c, Kind kind, List<CustomAttributeSetting> settings, Instant now) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        List<Warning> warnings = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        common(c, body, warnings);
        language(c).ifPresent(l -> putText(body, "languageCode", l.value().map(v -> v.toUpperCase(Locale.ROOT)).orElse(null)));
        c.owner().ifPresent(o -> {
            if (o.isRemoval()) {
                body.putNull("ownerIdentifier");
            } else {
                body.putObject("ownerIdentifier").put("identifier", o.newValue())
                        .put("identifierType", o.newValue().indexOf('@') > 0 ? "EMAIL" : "ID");
            }
        });
        ArrayNode open = JsonSupport.nodes().arrayNode();
        ArrayNode closed = JsonSupport.nodes().arrayNode();
        for (Map.Entry<String, AttributeChange> e : c.attributes().entrySet()) {
            String name = e.getKey();
            if (STANDARD.contains(name)) {
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
        if (!problems.isEmpty()) {
            throw ValidationException.local(provider, problems);
        }
        if (!open.isEmpty() || !closed.isEmpty()) {
            ObjectNode custom = body.putObject("customAttributes");
            custom.set("openAttributes", open);
            custom.set("closedAttributes", closed);
        }
        return new Plan(body, warnings);
    }

    /** The older API's body of the create or the update by id. */
    public Plan legacyBody(UpsertCommand c) {
        ObjectNode body = JsonSupport.nodes().objectNode();
        List<Warning> warnings = new ArrayList<>();
        common(c, body, warnings);
        c.owner().ifPresent(o -> putText(body, "ownerId", o.value().orElse(null)));
        ArrayNode custom = JsonSupport.nodes().arrayNode();
        c.attributes().forEach((name, change) -> {
            if (!STANDARD.contains(name)) {
                ObjectNode item = custom.addObject().put("key", name);
                if (change instanceof AttributeChange.Set set) {
                    item.set("value", JsonSupport.toJson(set.value()));
                } else {
                    item.putNull("value");
                }
            }
        });
        if (!custom.isEmpty()) {
            body.set("customAttributes", custom);
        }
        return new Plan(body, warnings);
    }

    /**
     * The contact the command describes, for predicting its classification: cellphone, names,
     * language and the attributes it sets.
     */
    public Contact draft(String workspace, UpsertCommand c) {
        Contact.Builder b = Contact.builder("draft", workspace, Instant.EPOCH);
        c.identifiers().stream().filter(Identifier::isPhone).findFirst().ifPresent(b::identifier);
        c.attributes().forEach((name, change) -> {
            if (change instanceof AttributeChange.Set set && !name.equals(LANGUAGE_ATTRIBUTE)) {
                b.attribute(name, set.value());
            }
        });
        language(c).flatMap(TextChange::value).ifPresent(b::language);
        return b.build();
    }

    // ---- pieces -----------------------------------------------------------------------------

    /** cellphone, email, names, and warnings for identifiers Bridge cannot hold. */
    private void common(UpsertCommand c, ObjectNode body, List<Warning> warnings) {
        c.identifiers().stream().filter(Identifier::isPhone).findFirst().ifPresent(p -> body.put("cellphone", p.value()));
        Optional<Identifier> email = c.identifiers().stream().filter(Identifier::isEmail).findFirst();
        if (email.isPresent()) {
            body.put("email", email.get().value());
        } else if (c.removeIdentifiers().stream().anyMatch(Identifier::isEmail)) {
            body.putNull("email");
        }
        for (String name : List.of(Contact.FIRST_NAME, Contact.LAST_NAME)) {
            AttributeChange change = c.attributes().get(name);
            if (change instanceof AttributeChange.Set set) {
                body.put(name, set.value().toString());
            } else if (change != null) {
                body.putNull(name);
            }
        }
        for (Identifier extra : extras(c)) {
            warnings.add(new Warning("identifier_not_held", "Bridge holds one cellphone and one e-mail address per contact; the "
                    + extra.key() + " identifier " + extra.value() + " was not sent"));
        }
    }

    /** Identifiers beyond the first cellphone and the first e-mail address. */
    private static List<Identifier> extras(UpsertCommand c) {
        List<Identifier> out = new ArrayList<>();
        boolean phone = false;
        boolean email = false;
        for (Identifier i : c.identifiers()) {
            if (i.isPhone() && !phone) {
                phone = true;
            } else if (i.isEmail() && !email) {
                email = true;
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static void openAttribute(CustomAttributeSetting s, AttributeChange change, ArrayNode open, List<Violation> problems) {
        ObjectNode item = JsonSupport.nodes().objectNode().put("customAttributeId", s.id());
        if (change instanceof AttributeChange.Set set) {
            if (!isScalar(set.value())) {
                problems.add(Violation.of(s.keyName(), "invalid_value", s.keyName() + " is an OPEN custom attribute: one text value"));
                return;
            }
            item.put("content", set.value().toString());
        } else {
            item.putNull("content");
        }
        open.add(item);
    }

    private void closedAttribute(CustomAttributeSetting s, AttributeChange change, ArrayNode closed, Kind kind,
                                 List<Warning> warnings, List<Violation> problems) {
        ObjectNode item = JsonSupport.nodes().objectNode().put("customAttributeId", s.id());
        ArrayNode ids = item.putArray("closedCustomAttributeIds");
        if (change instanceof AttributeChange.Set set) {
            List<AttributeValue> values = set.value() instanceof AttributeValue.Multi m ? m.values() : List.of(set.value());
            for (AttributeValue v : values) {
                if (!isScalar(v)) {
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

    private static void report(Kind kind, List<Warning> warnings, List<Violation> problems, String field, String code, String message) {
        if (kind == Kind.UPSERT) {
            warnings.add(new Warning(code, message));
        } else {
            problems.add(Violation.of(field, code, message));
        }
    }

    /** The language change: the command's own, else a {@code languageCode} attribute. */
    private static Optional<TextChange> language(UpsertCommand c) {
        if (c.language().isPresent()) {
            return c.language();
        }
        AttributeChange a = c.attributes().get(LANGUAGE_ATTRIBUTE);
        if (a instanceof AttributeChange.Set set) {
            return isScalar(set.value()) ? Optional.of(TextChange.set(set.value().toString())) : Optional.empty();
        }
        return a == null ? Optional.empty() : Optional.of(TextChange.remove());
    }

    private static boolean isScalar(AttributeValue v) {
        return v instanceof AttributeValue.Text || v instanceof AttributeValue.Num || v instanceof AttributeValue.Bool;
    }

    private static void putText(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private Optional<UnsupportedCapabilityException> unsupported(String capability, String message) {
        return Optional.of(new UnsupportedCapabilityException(provider, capability, message));
    }
}
