package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How identifier keys are named by people, and a rules file read so ({@link IdentityRules#fromFile}): the one reading the
 * command line's {@code --rules} and the Spring Boot starter share.
 */
class IdentifierNamesTest {

    static final IdentifierPolicy US = IdentifierPolicy.builder().defaultRegion("US").build();

    @Test
    void theWellKnownKeysInAnyCaseAndWithTheirWordsJoinedOrSeparatedAndCustomKeysAfterId() {
        for (String name : List.of("email", "E-mail", "Email Address", "email_address", "EMAILADDRESS", "email.address")) {
            assertEquals(Optional.of(Identifier.EMAIL), IdentifierNames.key(name), name);
        }
        for (String name : List.of("phone", "Phone Number", "phone_number", "PHONE-NUMBER")) {
            assertEquals(Optional.of(Identifier.PHONE), IdentifierNames.key(name), name);
        }
        for (String name : List.of("visitor_id", "Visitor ID", "visitorid")) {
            assertEquals(Optional.of(Identifier.VISITOR), IdentifierNames.key(name), name);
        }
        assertEquals(Optional.of("crm_id"), IdentifierNames.key("id:crm_id"));
        assertEquals(Optional.of("crm"), IdentifierNames.key("ID: crm"), "the prefix in any case, the key stripped and as written");
        assertEquals(Optional.of("bad key"), IdentifierNames.key("id:bad key"), "not checked: the caller says what is wrong");
        for (String name : List.of("emails", "mail", "Work Phone", "crm", "firstName", "id", "")) {
            assertEquals(Optional.empty(), IdentifierNames.key(name), name);
        }
        assertEquals("firstname", IdentifierNames.comparable("First_Name"));
    }

    @Test
    void aRulesFilesKeyIsTheKeyItNamesOrTheKeyAsWritten() {
        assertEquals(Identifier.EMAIL, IdentifierNames.ruleKey("email"));
        assertEquals(Identifier.PHONE, IdentifierNames.ruleKey(" Phone Number "));
        assertEquals("crm_id", IdentifierNames.ruleKey("id:crm_id"));
        assertEquals("email", IdentifierNames.ruleKey("id:email"), "a custom key named as the well-known names are");
        for (String written : List.of(IdentityRules.EVERY_KEY, "crm", "CRM", "firstName", "id:bad key", "bad key!", "")) {
            assertEquals(written, IdentifierNames.ruleKey(written), written);
        }
    }

    @Test
    void aRulesFileWithKeysWrittenAsColumnsAreNamedBlocksTheValuesOfThoseKeys() {
        Map<String, Object> identifiers = new LinkedHashMap<>();
        identifiers.put("email", Map.of("blocked", List.of("Test@Example.com")));
        identifiers.put("Phone Number", Map.of("blocked", List.of("(415) 555-0100"), "maxPerContact", 2));
        identifiers.put("id:crm_id", Map.of("blocked", List.of("CRM-0")));
        identifiers.put("Visitor ID", Map.of("blockedPatterns", List.of("^anon")));
        Validation<Seq<Violation>, IdentityRules> v = IdentityRules.fromFile(Map.of("identifiers", identifiers), US);

        assertTrue(v.isValid(), () -> v.getError().toString());
        IdentityRules r = v.get();
        assertEquals(List.of(Identifier.EMAIL, Identifier.PHONE, "crm_id", Identifier.VISITOR), List.copyOf(r.keys().keySet()));
        assertEquals("identifiers.emailaddress.blocked", r.blockedBy(Identifier.of(Identifier.EMAIL, "test@example.com")));
        assertTrue(r.isBlocked(Identifier.of(Identifier.PHONE, "+14155550100")));
        assertEquals(2, r.maxPerContact(Identifier.PHONE));
        assertTrue(r.isBlocked(Identifier.of("crm_id", "CRM-0")));
        assertTrue(r.isBlocked(Identifier.of(Identifier.VISITOR, "anon-1")));
        // the same tree as canonical keys only: "email" is a custom key, and an address is not blocked by it
        IdentityRules raw = IdentityRules.fromTree(Map.of("identifiers", Map.of("email", identifiers.get("email"))), US).get();
        assertFalse(raw.isBlocked(Identifier.of(Identifier.EMAIL, "test@example.com")));
        assertEquals(r, IdentityRules.fromFile(Map.of("identifiers", Map.of("emailaddress", Map.of("blocked", List.of("Test@Example.com")),
                "phonenumber", Map.of("blocked", List.of("(415) 555-0100"), "maxPerContact", 2), "crm_id", Map.of("blocked", List.of("CRM-0")),
                "visitorid", Map.of("blockedPatterns", List.of("^anon")))), US).get(), "the canonical keys read as themselves");
    }

    @Test
    void twoKeysNamingOneIdentifierKeyAreTheOneViolation() {
        Map<String, Object> identifiers = new LinkedHashMap<>();
        identifiers.put("email", Map.of("blocked", List.of("a@x.io")));
        identifiers.put("merge", Map.of("maxPerContact", 0));
        identifiers.put("E-mail", Map.of("blocked", List.of("b@x.io")));
        Map<String, Object> tree = Map.of("identifiers", identifiers);

        assertEquals(Optional.of(new IdentifierNames.Clash("email", "E-mail", Identifier.EMAIL)), IdentifierNames.clash(tree));
        Validation<Seq<Violation>, IdentityRules> v = IdentityRules.fromFile(tree, US);
        assertTrue(v.isInvalid());
        assertEquals(List.of(Violation.of("identifiers", "duplicate_key",
                "identifiers.email and identifiers.E-mail both name the identifier key emailaddress: give its rules under one of them")),
                v.getError().toJavaList());
        assertTrue(IdentityRules.fromTree(Map.of("identifiers", Map.of("email", Map.of(), "emailaddress", Map.of())), US).isValid(),
                "as canonical keys, two keys");
        assertEquals(Optional.empty(), IdentifierNames.clash(Map.of("identifiers", Map.of("id:email", Map.of(), "emailaddress", Map.of()))));
        assertEquals(Optional.empty(), IdentifierNames.clash(null));
        assertEquals(Optional.empty(), IdentifierNames.clash(Map.of("identifiers", List.of())));
    }

    @Test
    void aProblemNamesTheKeyAsTheFileWroteIt() {
        Map<String, Object> identifiers = new LinkedHashMap<>();
        identifiers.put("Phone", Map.of("blocked", List.of("not a phone"), "maxPerContact", 0));
        identifiers.put("id:bad key", Map.of());
        identifiers.put("crm.blocked", Map.of());
        identifiers.put("id:crm", Map.of("colour", 1));
        Validation<Seq<Violation>, IdentityRules> v = IdentityRules.fromFile(Map.of("identifiers", identifiers), US);

        List<String> fields = v.getError().map(x -> x.field() + " " + x.code()).toJavaList();
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("identifiers.Phone.blocked[0]")), fields::toString);
        assertTrue(fields.contains("identifiers.Phone.maxPerContact out_of_range"), fields::toString);
        assertTrue(fields.contains("identifiers.id:bad key invalid_key"), fields::toString);
        assertTrue(fields.contains("identifiers.crm.blocked invalid_key"), fields::toString);
        assertTrue(fields.contains("identifiers.id:crm.colour unknown_field"), fields::toString);
        assertTrue(fields.stream().noneMatch(f -> f.contains("phonenumber")), fields::toString);
        assertNull(IdentityRules.fromFile(Map.of(), US).get().hubs().orElse(null));
    }
}
