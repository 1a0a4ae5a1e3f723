package io.contactkit.adapter.bridge.internal;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.TextChange;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields both API generations share, and how a command's parts become them.
 *
 * <p>The {@code phonenumber} identifier is the E.164 {@code cellphone}, the one identifier Bridge holds.
 * Bridge's {@code email} is a plain field that it neither matches contacts on nor keeps unique: the
 * {@value #EMAIL_ATTRIBUTE} attribute writes it (canonical, lower case), and so does the first
 * {@code emailaddress} identifier, which an upsert then reports with the warning
 * {@value #EMAIL_NOT_IDENTIFIER} because the address is not held as an identifier. The
 * {@code firstName} and {@code lastName} attributes are the names; the command's language (or a
 * {@value #LANGUAGE_ATTRIBUTE} attribute) is {@code languageCode}. Every other attribute is a custom
 * attribute.
 */
public final class BridgeFields {

    /** An attribute that may carry the language instead of the command's own language field. */
    public static final String LANGUAGE_ATTRIBUTE = "languageCode";
    /** The attribute that is Bridge's {@code email} field: a plain field, not an identifier. */
    public static final String EMAIL_ATTRIBUTE = "email";
    /** Why an e-mail identifier is not held as one: the warning code of an upsert that writes one. */
    public static final String EMAIL_NOT_IDENTIFIER = "email_not_identifier";
    /** The attributes that are Bridge's own fields; every other one is a custom attribute. */
    static final Set<String> STANDARD = Set.of(Contact.FIRST_NAME, Contact.LAST_NAME, LANGUAGE_ATTRIBUTE, EMAIL_ATTRIBUTE);
    private static final IdentifierPolicy EMAILS = IdentifierPolicy.defaults();

    private BridgeFields() {
    }

    /** cellphone, email, names, and warnings for identifiers Bridge does not hold as identifiers. */
    static void writeCommon(UpsertCommand c, ObjectNode body, List<Warning> warnings) {
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
    static List<Identifier> extras(UpsertCommand c) {
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

    /** The {@code email} attribute's value as one canonical address; empty when it is not one. */
    static Optional<String> canonicalEmail(AttributeValue value) {
        if (!(value instanceof AttributeValue.Text text)) {
            return Optional.empty();
        }
        var v = EMAILS.normalize(Identifier.EMAIL, text.toString());
        return v.isValid() ? Optional.of(v.get().value()) : Optional.empty();
    }

    /** The language change: the command's own, else a {@code languageCode} attribute. */
    static Optional<TextChange> language(UpsertCommand c) {
        if (c.language().isPresent()) {
            return c.language();
        }
        AttributeChange a = c.attributes().get(LANGUAGE_ATTRIBUTE);
        if (a instanceof AttributeChange.Set set) {
            return isScalar(set.value()) ? Optional.of(TextChange.set(set.value().toString())) : Optional.empty();
        }
        return a == null ? Optional.empty() : Optional.of(TextChange.remove());
    }

    static boolean isScalar(AttributeValue v) {
        return v instanceof AttributeValue.Text || v instanceof AttributeValue.Num || v instanceof AttributeValue.Bool;
    }

    static void putText(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }
}
