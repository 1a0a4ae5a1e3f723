package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every local problem of a request to one API generation of Bridge, found before anything is sent:
 * ids that cannot go into a path (and, in the newer API, are not UUIDs), a missing cellphone, missing
 * names on the older API's create, numbers no JSON can carry, names and languages that are not one
 * text value, an e-mail address given twice or invalid, languages other than ES and EN. Returns the
 * problems and never throws.
 */
public final class BridgeValidator {

    private static final Set<String> LANGUAGES = Set.of("ES", "EN");
    private static final int MAX_ID = 256;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final BridgeApiGeneration api;

    public BridgeValidator(BridgeApiGeneration api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Every local problem of a write: the workspace id, a missing cellphone, names, e-mail address, language. */
    public List<Violation> violations(String workspace, UpsertCommand c, WriteKind kind) {
        List<Violation> problems = new ArrayList<>();
        id("workspace", workspace).ifPresent(problems::add);
        if (kind != WriteKind.UPDATE && c.identifiers().stream().noneMatch(Identifier::isPhone)) {
            problems.add(Violation.of("identifiers", "missing_cellphone",
                    "Bridge needs a phonenumber identifier (the contact's E.164 cellphone)"));
        }
        if (kind == WriteKind.CREATE) {
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
        for (String name : List.of(Contact.FIRST_NAME, Contact.LAST_NAME, BridgeFields.LANGUAGE_ATTRIBUTE)) {
            if (c.attributes().get(name) instanceof AttributeChange.Set set && !BridgeFields.isScalar(set.value())) {
                problems.add(Violation.of(name, "invalid_value", name + " must be a single text value"));
            }
        }
        problems.addAll(email(c));
        if (c.language().isPresent() && c.attributes().containsKey(BridgeFields.LANGUAGE_ATTRIBUTE)) {
            problems.add(Violation.of(BridgeFields.LANGUAGE_ATTRIBUTE, "conflicting_language",
                    "the language is given twice: as the command's language and as the languageCode attribute"));
        }
        BridgeFields.language(c).ifPresent(v -> {
            if (v.value().isPresent() && !LANGUAGES.contains(v.value().get().toUpperCase(Locale.ROOT))) {
                problems.add(Violation.of("language", "invalid_language", "Bridge's languageCode is ES or EN, not " + v.value().get()));
            }
        });
        return problems;
    }

    /** Every local problem of an update by id: those of the write, then the contact's id. */
    public List<Violation> updateViolations(String workspace, String contactId, UpsertCommand c) {
        List<Violation> problems = violations(workspace, c, WriteKind.UPDATE);
        id("contactId", contactId).ifPresent(problems::add);
        return problems;
    }

    /** The problem of a workspace id, if any, as a list. */
    public List<Violation> workspace(String workspace) {
        return id("workspace", workspace).stream().toList();
    }

    /** The problems of a workspace id and a contact id, in that order. */
    public List<Violation> ids(String workspace, String contactId) {
        List<Violation> problems = new ArrayList<>();
        id("workspace", workspace).ifPresent(problems::add);
        id("contactId", contactId).ifPresent(problems::add);
        return problems;
    }

    /**
     * The problem of an id that goes into a path, if any: 1-256 characters without control characters;
     * the newer API types its workspace and contact ids as UUIDs.
     */
    public Optional<Violation> id(String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl)
                || !PathSegments.isWellFormed(value)) {
            return Optional.of(Violation.of(field, "invalid_id", field + " must be 1-" + MAX_ID
                    + " characters without control characters or lone surrogates"));
        }
        if (api == BridgeApiGeneration.CONNECT && !UUID_TEXT.matcher(value).matches()) {
            return Optional.of(Violation.of(field, "invalid_uuid", "Bridge's Contacts API identifies by UUID; " + field + " is not one"));
        }
        return Optional.empty();
    }

    /** The {@code email} attribute is one valid address, and the only source of the field. */
    private static List<Violation> email(UpsertCommand c) {
        AttributeChange change = c.attributes().get(BridgeFields.EMAIL_ATTRIBUTE);
        if (change == null) {
            return List.of();
        }
        List<Violation> problems = new ArrayList<>();
        if (c.identifiers().stream().anyMatch(Identifier::isEmail) || c.removeIdentifiers().stream().anyMatch(Identifier::isEmail)) {
            problems.add(Violation.of(BridgeFields.EMAIL_ATTRIBUTE, "conflicting_email",
                    "the e-mail address is given twice: as the email attribute and as an emailaddress identifier"));
        }
        if (change instanceof AttributeChange.Set set && BridgeFields.canonicalEmail(set.value()).isEmpty()) {
            problems.add(Violation.of(BridgeFields.EMAIL_ATTRIBUTE, "invalid_email", "email must be one valid e-mail address"));
        }
        return problems;
    }
}
