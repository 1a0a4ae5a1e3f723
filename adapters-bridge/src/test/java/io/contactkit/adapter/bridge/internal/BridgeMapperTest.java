package io.contactkit.adapter.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.TransportException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tolerant reader: every documented inconsistency of Bridge's answers is accepted. */
class BridgeMapperTest {

    private final BridgeMapper mapper = new BridgeMapper("bridge");

    private static JsonNode json(String text) {
        return JsonSupport.mapper().readTree(text);
    }

    private Contact contact(String text) {
        return mapper.contact(json(text), "ws-default", 200, "test");
    }

    @Test
    void aMissingOrUnknownTypeIsNoClassification() {
        assertEquals(Optional.empty(), mapper.classification(json("{\"id\":\"c1\"}")));
        assertEquals(Optional.empty(), mapper.classification(json("{\"id\":\"c1\",\"type\":\"VIP\"}")));
        assertEquals(Optional.of(Classification.PARTIAL), mapper.classification(json("{\"type\":\"partial\"}")));
        assertEquals(Optional.of(Classification.NORMAL), mapper.classification(json("{\"type\":\"NORMAL\"}")));
    }

    @Test
    void ownerIdIsKeptWhetherUuidOrEmail() {
        assertEquals("37673840-6259-40f9-bbe5-a7db40f8e3cf", contact("{\"id\":\"c1\",\"ownerId\":\"37673840-6259-40f9-bbe5-a7db40f8e3cf\"}").owner().orElseThrow());
        assertEquals("sales@acme.com", contact("{\"id\":\"c1\",\"ownerId\":\" sales@acme.com \"}").owner().orElseThrow());
        assertTrue(contact("{\"id\":\"c1\",\"ownerId\":null}").owner().isEmpty());
    }

    @Test
    void customAttributesWithValuesOrValue() {
        Contact c = contact("""
                {"id":"c1","customAttributes":[
                  {"key":"company","values":["Acme"]},
                  {"key":"tags","values":["a","b"]},
                  {"key":"empty","values":[]},
                  {"key":"seats","value":12},
                  {"key":"vip","value":true},
                  {"key":"note","value":"hi"},
                  {"value":"no key"}
                ]}""");
        assertEquals(AttributeValue.of("Acme"), c.attributes().get("company"));
        assertEquals(AttributeValue.of(List.of(AttributeValue.of("a"), AttributeValue.of("b"))), c.attributes().get("tags"));
        assertEquals(AttributeValue.Null.INSTANCE, c.attributes().get("empty"));
        assertEquals(AttributeValue.of(new BigDecimal("12")), c.attributes().get("seats"));
        assertEquals(AttributeValue.of(true), c.attributes().get("vip"));
        assertEquals(AttributeValue.of("hi"), c.attributes().get("note"));
        assertEquals(6, c.attributes().size());
    }

    @Test
    void customAttributesUnderTheSnakeCaseNameAreReadToo() {
        Contact c = contact("{\"id\":\"c1\",\"custom_attributes\":[{\"key\":\"company\",\"values\":[\"Acme\"]},{\"key\":\"seats\",\"value\":3}]}");
        assertEquals(AttributeValue.of("Acme"), c.attributes().get("company"));
        assertEquals(AttributeValue.of(new BigDecimal("3")), c.attributes().get("seats"));
    }

    @Test
    void lowerCaseLanguageCodesAreRead() {
        assertEquals("EN", contact("{\"id\":\"c1\",\"languageCode\":\"en\"}").language().orElseThrow());
        assertEquals("ES", contact("{\"id\":\"c1\",\"languageCode\":\"Es\"}").language().orElseThrow());
    }

    @Test
    void theCellphoneIsTheOneIdentifierAndTheEmailAPlainAttribute() {
        Contact c = contact("{\"id\":\"c1\",\"cellphone\":\"+1 (408) 402-9292\",\"email\":\" Ann@Example.COM \"}");
        assertEquals(List.of(Identifier.of("phonenumber", "+14084029292")), c.identifiers());
        assertEquals(AttributeValue.of("Ann@Example.COM"), c.attributes().get("email"), "Bridge neither matches on nor keeps e-mail addresses unique");
        Contact odd = contact("{\"id\":\"c1\",\"cellphone\":\"555-1234 ext 9\",\"email\":\"not-an-address\"}");
        assertTrue(odd.identifiers().isEmpty());
        assertEquals(AttributeValue.of("555-1234 ext 9"), odd.attributes().get("cellphone"));
        assertEquals(AttributeValue.of("not-an-address"), odd.attributes().get("email"));
    }

    @Test
    void timestampsWorkspaceAndMissingFields() {
        Contact c = contact("{\"id\":\"c1\",\"createdAt\":\"2003-04-10T08:00:00.000Z\",\"updatedAt\":\"2003-04-10T10:00:00+02:00\"}");
        assertEquals(Instant.parse("2003-04-10T08:00:00Z"), c.createdAt());
        assertEquals(Instant.parse("2003-04-10T08:00:00Z"), c.updatedAt());
        assertEquals("ws-default", c.workspace());
        assertFalse(c.attributes().containsKey("firstName"));
        assertThrows(TransportException.class, () -> contact("{\"firstName\":\"no id\"}"));
    }

    @Test
    void pagesEndWhereBridgeSays() {
        assertTrue(mapper.lastPage(json("{\"pagination\":{\"page\":8,\"totalPages\":8}}"), 8, 20, 20));
        assertFalse(mapper.lastPage(json("{\"pagination\":{\"page\":7,\"totalPages\":\"8\"}}"), 7, 20, 20));
        assertTrue(mapper.lastPage(json("{\"pagination\":{\"page\":1,\"totalPages\":0}}"), 1, 20, 0));
        assertTrue(mapper.lastPage(json("{}"), 1, 20, 5));
        assertFalse(mapper.lastPage(json("{}"), 1, 20, 20));
        assertThrows(TransportException.class, () -> mapper.contacts(json("{\"contacts\":{}}"), "ws", 200, "test"));
        assertThrows(TransportException.class, () -> mapper.contacts(json("[]"), "ws", 200, "test"));
    }
}
