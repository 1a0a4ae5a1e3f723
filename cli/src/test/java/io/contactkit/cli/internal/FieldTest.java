package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which column names are identifiers (the well-known names as contact exports spell them, and {@code id:<key>}),
 * and which name the attributes the domain reads by name.
 */
class FieldTest {

    @Test
    void theWellKnownNamesInAnyCaseAndWithTheirWordsSeparatedAsExportsWriteThem() {
        for (String name : List.of("email", "Email", "EMAIL", "e-mail", "E-Mail", "emailaddress", "email_address", "Email Address",
                "E-mail Address", "email.address", " Email ")) {
            assertEquals(Identifier.EMAIL, identifierKey(name), name);
        }
        for (String name : List.of("phone", "Phone", "phonenumber", "phone_number", "Phone Number", "PHONE-NUMBER")) {
            assertEquals(Identifier.PHONE, identifierKey(name), name);
        }
        for (String name : List.of("visitor_id", "visitorid", "Visitor ID", "visitor-id", "VisitorId")) {
            assertEquals(Identifier.VISITOR, identifierKey(name), name);
        }
    }

    @Test
    void theNameIsKeptAsWrittenForMessagesAndForTheFailedRecordsHeader() {
        assertEquals("Email Address", Field.of(" Email Address ").name());
    }

    @Test
    void theAttributesTheDomainReadsByNameAreRecognizedAsExportsWriteThemAndNamedAsTheDomainNamesThem() {
        Map<String, List<String>> spellings = Map.of(
                Contact.FIRST_NAME, List.of("firstName", "First Name", "first_name", "FIRSTNAME", "first-name", " First.Name "),
                Contact.LAST_NAME, List.of("lastName", "Last Name", "last_name", "LastName"),
                Contact.DISPLAY_NAME, List.of("displayName", "Display Name", "display_name"),
                "languageCode", List.of("languageCode", "Language Code", "language_code"));
        spellings.forEach((attribute, names) -> {
            for (String name : names) {
                Field f = Field.of(name);
                assertFalse(f.identifier(), name);
                assertEquals(attribute, f.key(), name);
                assertEquals(name.strip(), f.name(), "the name as written stays for messages");
            }
        });
    }

    @Test
    void emptyHeaderCellsAreUnnamedColumnsNotErrorsAndNotDuplicatesOfEachOther() {
        Field[] fields = Field.header(Arrays.asList("email", "", " ", null, "city"));
        assertEquals(List.of(false, true, true, true, false), Arrays.stream(fields).map(Field::unnamed).toList());
        assertEquals(List.of("email", "", " ", ""), Arrays.stream(fields).limit(4).map(Field::name).toList(),
                "the header cell as written, for the failed records' header");
        assertFalse(fields[1].identifier());
        // a name is still required where a name is all there is: an NDJSON field, a --priority entry
        assertEquals("a column has no name", assertThrows(IllegalArgumentException.class, () -> Field.of(" ")).getMessage());
    }

    @Test
    void aHeaderWhoseColumnsNameOneAttributeTwiceIsRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Field.header(List.of("email", "firstName", "city", "First Name")));
        assertEquals("column 4: 'First Name' names the attribute firstName, as column 2 ('firstName') does", e.getMessage());
        assertEquals("column 3: duplicate column 'email' (also column 1)",
                assertThrows(IllegalArgumentException.class, () -> Field.header(List.of("email", "city", "email"))).getMessage());
        // two columns of one identifier key are two sources of its values, as before
        Field[] both = Field.header(List.of("Email", "E-mail Address", "first_name", "Last Name"));
        assertEquals(List.of(Identifier.EMAIL, Identifier.EMAIL, Contact.FIRST_NAME, Contact.LAST_NAME),
                Arrays.stream(both).map(Field::key).toList());
    }

    @Test
    void otherNamesAreAttributesExactlyAsWritten() {
        for (String name : List.of("emails", "mail", "Work Phone", "phone2", "visitor", "e-mail 2", "Mobile", "id", "first", "name",
                "Given Name", "Full Name", "language")) {
            Field f = Field.of(name);
            assertFalse(f.identifier(), name);
            assertEquals(name, f.key(), name);
        }
    }

    @Test
    void customIdentifiersKeepTheirKeyAsWritten() {
        Field f = Field.of("id:crm_id");
        assertTrue(f.identifier());
        assertEquals("crm_id", f.key());
        assertEquals(Identifier.EMAIL, Field.priorityKey("Email Address"));
    }

    private static String identifierKey(String name) {
        Field f = Field.of(name);
        assertTrue(f.identifier(), name);
        return f.key();
    }
}
