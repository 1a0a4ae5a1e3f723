package io.contactkit.adapter.bird.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.bird.BirdWriteOptions;
import io.contactkit.adapter.bird.BirdContact;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Page;
import io.contactkit.ports.TransportException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tolerant reader and the request bodies, without a server. */
class BirdMapperTest {

    private final BirdMapper mapper = new BirdMapper("bird");

    private static JsonNode json(String s) {
        return JsonSupport.mapper().readTree(s);
    }

    @Test
    void aMinimalContactIsEnough() {
        Contact c = mapper.contact(json("{\"id\":\"c1\"}"), "ws", 200, "t");
        assertEquals("c1", c.id());
        assertEquals("ws", c.workspace());
        assertEquals(Instant.EPOCH, c.createdAt());
        assertTrue(c.identifiers().isEmpty() && c.attributes().isEmpty() && c.lists().isEmpty());
        assertTrue(c.isAnonymous());
        BirdContact b = mapper.birdContact(json("{\"id\":\"c1\"}"), "ws", 200, "t");
        assertTrue(b.computedDisplayName().isEmpty() && b.identifierCount().isEmpty() && b.anonymous().isEmpty());
        assertEquals(List.of(), b.companyRefs());
        assertEquals(0, b.unfeaturedIdentifiers());
    }

    @Test
    void birdsOwnFieldsAreKeptAsGiven() {
        BirdContact b = mapper.birdContact(json("""
                {"id":"c3","computedDisplayName":"Ann L.","identifierCount":3,"isAnonymous":"TRUE","companyRefs":["acme",7,"", "globex"],
                 "featuredIdentifiers":[{"key":"emailaddress","value":"a@example.com"}],"attributes":{"firstName":"Ann"}}"""), "ws", 200, "t");
        assertEquals("Ann L.", b.computedDisplayName().orElseThrow());
        assertEquals("Ann", b.contact().displayName().orElseThrow(), "the domain's rule, which Bird's answer need not follow");
        assertEquals(3, b.identifierCount().getAsInt());
        assertEquals(2, b.unfeaturedIdentifiers());
        assertEquals(Boolean.TRUE, b.anonymous().orElseThrow(), "Bird's flag, though the contact has an e-mail address");
        assertEquals(List.of("acme", "globex"), b.companyRefs());
    }

    @Test
    void optionalFieldsMayBeMissingNullOrOddlyTyped() {
        Contact c = mapper.contact(json("""
                {"id":"c2","createdAt":"2025-10-08T20:30:56.771+02:00","updatedAt":null,"workspaceId":null,
                 "featuredIdentifiers":[{"key":"emailaddress","value":"a@example.com"},{"key":"has space","value":"x"},
                                        {"key":"visitorid"},"junk",{"key":"phonenumber","value":"+31412345678"}],
                 "identifierCount":7,"attributes":{"n":null,"deep":{"a":{"b":[1,{"c":null}]}},"big":12345678901234567890.5},
                 "listIds":null,"accountIds":["a1",3,null],"isAnonymous":"maybe","companyRefs":{"x":1}}"""), "ws", 200, "t");
        assertEquals(Instant.parse("2025-10-08T18:30:56.771Z"), c.createdAt());
        assertEquals(c.createdAt(), c.updatedAt());
        assertEquals("ws", c.workspace());
        assertEquals(List.of(Identifier.of("emailaddress", "a@example.com"), Identifier.of("phonenumber", "+31412345678")), c.identifiers());
        assertEquals(AttributeValue.Null.INSTANCE, c.attributes().get("n"));
        assertInstanceOf(AttributeValue.Struct.class, c.attributes().get("deep"));
        assertEquals(new java.math.BigDecimal("12345678901234567890.5"), ((AttributeValue.Num) c.attributes().get("big")).value());
        assertEquals(List.of("a1"), c.accounts());
        BirdContact b = mapper.birdContact(json("""
                {"id":"c2","identifierCount":"7","isAnonymous":"maybe","companyRefs":{"x":1}}"""), "ws", 200, "t");
        assertTrue(b.identifierCount().isEmpty() && b.anonymous().isEmpty() && b.companyRefs().isEmpty());
        assertEquals(0, mapper.birdContact(json("{\"id\":\"c2\",\"identifierCount\":-1}"), "ws", 200, "t").unfeaturedIdentifiers());
    }

    @Test
    void aContactWithoutIdIsMalformed() {
        assertThrows(TransportException.class, () -> mapper.contact(json("{\"computedDisplayName\":\"x\"}"), "ws", 200, "t"));
    }

    @Test
    void pagesEndOnMissingNullOrEmptyTokens() {
        assertEquals(null, mapper.page(json("{\"results\":[]}"), n -> n, 200, "t").nextToken());
        assertEquals(null, mapper.page(json("{\"results\":[],\"nextPageToken\":null}"), n -> n, 200, "t").nextToken());
        assertEquals(null, mapper.page(json("{\"results\":[],\"nextPageToken\":\"\"}"), n -> n, 200, "t").nextToken());
        Page<JsonNode> p = mapper.page(json("{\"results\":[1,2],\"nextPageToken\":\"n\"}"), n -> n, 200, "t");
        assertEquals(2, p.items().size());
        assertEquals("n", p.nextToken());
        assertThrows(TransportException.class, () -> mapper.page(json("[]"), n -> n, 200, "t"));
    }

    /** Read as an empty page, a 200 without results would end an export early and silently. */
    @Test
    void aPageWithoutAResultsArrayIsMalformed() {
        assertThrows(TransportException.class, () -> mapper.page(json("{\"nextPageToken\":\"\"}"), n -> n, 200, "t"));
        assertThrows(TransportException.class, () -> mapper.page(json("{\"results\":42}"), n -> n, 200, "t"));
        assertThrows(TransportException.class, () -> mapper.page(json("{\"results\":{\"a\":1}}"), n -> n, 200, "t"));
    }

    @Test
    void theUpsertBodyLeavesThePrimaryIdentifierToThePath() {
        UpsertCommand cmd = UpsertCommand.builder().identifier("emailaddress", "a@example.com").identifier("visitorid", "v1")
                .build(IdentifierPolicy.defaults()).get();
        JsonNode body = mapper.patchBody(cmd, BirdWriteOptions.none(), true, true);
        assertEquals(json("{\"strategy\":\"strict_alias\",\"addIdentifiers\":[{\"key\":\"visitorid\",\"value\":\"v1\"}]}"), body);
        JsonNode update = mapper.patchBody(cmd, BirdWriteOptions.none(), false, false);
        assertEquals(2, update.get("addIdentifiers").size());
        assertTrue(update.get("strategy") == null);
    }

    @Test
    void theDerivedDisplayNameFollowsBirdsRule() {
        UpsertCommand cmd = UpsertCommand.builder().identifier("phonenumber", "+31412345678").identifier("emailaddress", "a@example.com")
                .build(IdentifierPolicy.defaults()).get();
        assertEquals("a@example.com", mapper.displayName(cmd, BirdWriteOptions.none()).orElseThrow());
        assertEquals("Explicit", mapper.displayName(cmd, BirdWriteOptions.builder().displayName("Explicit").build()).orElseThrow());
        UpsertCommand none = UpsertCommand.builder().identifier("visitorid", "v").build(IdentifierPolicy.defaults()).get();
        assertTrue(mapper.displayName(none, BirdWriteOptions.none()).isEmpty());
    }

    @Test
    void identifierPropertiesOfEveryKindSurvive() {
        var id = mapper.birdIdentifier(json("{\"key\":\"k\",\"value\":\"v\",\"properties\":{\"a\":1,\"b\":[true],\"c\":null}}")).orElseThrow();
        assertEquals(Map.of("a", AttributeValue.of(1), "b", AttributeValue.of(List.of(AttributeValue.of(true))), "c", AttributeValue.Null.INSTANCE),
                id.properties());
    }
}
