package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Identifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which column names are identifiers: the well-known names as contact exports spell them, and {@code id:<key>}. */
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
    void otherNamesAreAttributesExactlyAsWritten() {
        for (String name : List.of("emails", "mail", "Work Phone", "phone2", "visitor", "e-mail 2", "Mobile", "id")) {
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
