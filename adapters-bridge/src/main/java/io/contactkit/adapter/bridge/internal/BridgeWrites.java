package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.CustomAttributeSetting;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates domain commands into Bridge's write bodies, and decides before anything is sent what
 * Bridge cannot do (unsupported), what is invalid (violations) and what it will not hold (warnings).
 *
 * <p>The {@code phonenumber} identifier is the E.164 {@code cellphone}, the one identifier Bridge holds.
 * Bridge's {@code email} is a plain field that it neither matches contacts on nor keeps unique: the
 * {@code email} attribute writes it (canonical, lower case), and so does the first {@code emailaddress}
 * identifier, which an upsert then reports with the warning {@value #EMAIL_NOT_IDENTIFIER} because the
 * address is not held as an identifier. The {@code firstName} and {@code lastName} attributes are the names; the
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
    /** The attribute that is Bridge's {@code email} field: a plain field, not an identifier. */
    public static final String EMAIL_ATTRIBUTE = "email";
    /** Why an e-mail identifier is not held as one: the warning code of an upsert that writes one. */
    public static final String EMAIL_NOT_IDENTIFIER = "email_not_identifier";
    static final Set<String> STANDARD = Set.of(Contact.FIRST_NAME, Contact.LAST_NAME, LANGUAGE_ATTRIBUTE, EMAIL_ATTRIBUTE);
    private static final IdentifierPolicy EMAILS = IdentifierPolicy.defaults();
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
        if (api == BridgeApiGeneration.CONNECT && c.owner().isPresent() && c.owner().get().isRemoval()) {
            // ownerIdentifier is typed as an object (InternalUserIdentifierRequest), not nullable, and no
            // documented value means "no owner": sending null would be a guess the page does not allow
            return unsupported("owner:remove", "Bridge's Contacts API documents no way to remove a contact's owner"
                    + " (ownerIdentifier is an object, not nullable); give another owner instead");
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
        for (String name : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, LANGUAGE_ATTRIBUTE)) {
            if (c.attributes().get(name) instanceof AttributeChange.Set set && !isScalar(set.value())) {
                problems.add(Violation.of(name, "invalid_value", name + " must be a single text value"));
            }
        }
        email(c, problems);
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

    /** The {@code email} attribute is one valid address, and the only source of the field. */
    private static void email(UpsertCommand c, List<Violation> problems) {
        AttributeChange change = c.attributes().get(EMAIL_ATTRIBUTE);
        if (change == null) {
            return;
        }
        if (c.identifiers().stream().anyMatch(Identifier::isEmail) || c.removeIdentifiers().stream().anyMatch(Identifier::isEmail)) {
            problems.add(Violation.of(EMAIL_ATTRIBUTE, "conflicting_email",
                    "the e-mail address is given twice: as the email attribute and as an emailaddress identifier"));
        }
        if (change instanceof AttributeChange.Set set && canonicalEmail(set.value()).isEmpty()) {
            problems.add(Violation.of(EMAIL_ATTRIBUTE, "invalid_email", "email must be one valid e-mail address"));
        }
    }

    private static Optional<String> canonicalEmail(AttributeValue value) {
        if (!(value instanceof AttributeValue.Text text)) {
            return Optional.empty();
        }
        var v = EMAILS.normalize(Identifier.EMAIL, text.toString());
        return v.isValid() ? Optional.of(v.get().value()) : Optional.empty();
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
            // a removal never gets here: unsupported() refuses it, ownerIdentifier is not nullable
            if (!o.isRemoval()) {
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
     * The contact Bridge holds after receiving a newer-API body: {@code base} (the current contact, or
     * {@code null} for a new one) with every field the body sends applied, a {@code null} removing the
     * field. Only what is sent counts: an attribute the workspace does not define, a choice it does not
     * offer, an identifier Bridge cannot hold are not in the body and change nothing here either.
     */
    public Contact draft(String workspace, ObjectNode body, List<CustomAttributeSetting> settings, Contact base) {
        Contact.Builder b = base == null ? Contact.builder("draft", workspace, Instant.EPOCH) : base.toBuilder();
        JsonNode phone = body.get("cellphone");
        if (phone != null) {
            List<Identifier> others = base == null ? List.of() : base.identifiers().stream().filter(i -> !i.isPhone()).toList();
            b.clearIdentifiers().identifiers(others);
            if (phone.isString()) {
                b.identifier(Identifier.of(Identifier.PHONE, phone.stringValue()));
            }
        }
        for (String field : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, EMAIL_ATTRIBUTE)) {
            JsonNode v = body.get(field);
            if (v != null) {
                b.attribute(field, v.isString() ? AttributeValue.of(v.stringValue()) : AttributeValue.Null.INSTANCE);
            }
        }
        JsonNode language = body.get("languageCode");
        if (language != null) {
            b.language(language.isString() ? language.stringValue() : null);
        }
        JsonNode custom = body.get("customAttributes");
        if (custom != null && custom.isObject()) {
            for (JsonNode item : custom.path("openAttributes")) {
                setting(settings, item).ifPresent(s -> b.attribute(s.keyName(),
                        item.path("content").isString() ? AttributeValue.of(item.get("content").stringValue()) : AttributeValue.Null.INSTANCE));
            }
            for (JsonNode item : custom.path("closedAttributes")) {
                setting(settings, item).ifPresent(s -> {
                    List<AttributeValue> chosen = new ArrayList<>();
                    item.path("closedCustomAttributeIds").forEach(id -> {
                        String value = s.choices().get(id.asString());
                        if (value != null) {
                            chosen.add(AttributeValue.of(value));
                        }
                    });
                    b.attribute(s.keyName(), chosen.isEmpty() ? AttributeValue.Null.INSTANCE
                            : chosen.size() == 1 ? chosen.get(0) : AttributeValue.of(chosen));
                });
            }
        }
        return b.build();
    }

    /**
     * Whether a contact holds nothing but what this newer-API body sent: no name, e-mail address,
     * language, owner or custom attribute with a value that the body did not give it. A contact that
     * holds more existed before the request.
     */
    public boolean holdsOnlyWhatWasSent(ObjectNode body, Contact contact, List<CustomAttributeSetting> settings) {
        Set<String> sent = new java.util.HashSet<>();
        for (String field : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, EMAIL_ATTRIBUTE)) {
            if (body.path(field).isString()) {
                sent.add(field);
            }
        }
        JsonNode custom = body.path("customAttributes");
        for (JsonNode item : custom.path("openAttributes")) {
            if (item.path("content").isString()) {
                setting(settings, item).ifPresent(s -> sent.add(s.keyName()));
            }
        }
        for (JsonNode item : custom.path("closedAttributes")) {
            if (!item.path("closedCustomAttributeIds").isEmpty()) {
                setting(settings, item).ifPresent(s -> sent.add(s.keyName()));
            }
        }
        boolean extraAttribute = contact.attributes().entrySet().stream()
                .anyMatch(e -> Contact.hasValue(e.getValue()) && !sent.contains(e.getKey()));
        boolean extraLanguage = contact.language().isPresent() && !body.path("languageCode").isString();
        boolean extraOwner = contact.owner().isPresent() && !body.path("ownerIdentifier").isObject();
        return !extraAttribute && !extraLanguage && !extraOwner;
    }

    private static Optional<CustomAttributeSetting> setting(List<CustomAttributeSetting> settings, JsonNode item) {
        String id = item.path("customAttributeId").asString();
        return settings.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    // ---- pieces -----------------------------------------------------------------------------

    /** cellphone, email, names, and warnings for identifiers Bridge does not hold as identifiers. */
    private void common(UpsertCommand c, ObjectNode body, List<Warning> warnings) {
        c.identifiers().stream().filter(Identifier::isPhone).findFirst().ifPresent(p -> body.put("cellphone", p.value()));
        Optional<Identifier> email = c.identifiers().stream().filter(Identifier::isEmail).findFirst();
        AttributeChange emailField = c.attributes().get(EMAIL_ATTRIBUTE);
        if (emailField instanceof AttributeChange.Set set) {
            body.put("email", canonicalEmail(set.value()).orElseThrow());
        } else if (emailField != null) {
            body.putNull("email");
        } else if (email.isPresent()) {
            body.put("email", email.get().value());
            warnings.add(new Warning(EMAIL_NOT_IDENTIFIER, "Bridge keeps the e-mail address in its email field, which it neither "
                    + "matches contacts on nor keeps unique: the emailaddress identifier " + email.get().value()
                    + " was written there, not held as an identifier (set the email attribute to write the field without this warning)"));
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
