package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.contactkit.adapter.bird.Fixtures.ACCESS_KEY;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Bird's identifier endpoints and attribute definitions. */
class BirdIdentifiersAndDefinitionsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String IDENTIFIERS = CONTACTS + "/" + CONTACT_ID + "/identifiers";
    private static final String DEFINITIONS = "/workspaces/" + WS + "/attribute-definitions";

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(wm);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void addingAnIdentifierPostsKeyValueAndProperties() {
        wm.stubFor(post(urlEqualTo(IDENTIFIERS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"key\":\"secondaryEmailAddress\",\"value\":\"jd@example.com\",\"properties\":{\"countryCode\":\"US\",\"isGmail\":true},\"extra\":1}")));
        BirdIdentifier id = new BirdIdentifier(Identifier.of("secondaryEmailAddress", "jd@example.com"),
                Map.of("countryCode", AttributeValue.of("US"), "isGmail", AttributeValue.of(true)));

        StepVerifier.create(client.addIdentifier(WS, CONTACT_ID, id))
                .assertNext(r -> assertEquals(id, r))
                .expectComplete()
                .verify(WAIT);

        wm.verify(1, postRequestedFor(urlEqualTo(IDENTIFIERS))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"key\":\"secondaryEmailAddress\",\"value\":\"jd@example.com\","
                        + "\"properties\":{\"countryCode\":\"US\",\"isGmail\":true}}")));
    }

    @Test
    void anIdentifierAddedWithAnEmptyAnswerIsTheOneSent() {
        wm.stubFor(post(urlEqualTo(IDENTIFIERS)).willReturn(aResponse().withStatus(201)));
        BirdIdentifier id = BirdIdentifier.of(Identifier.of("visitorid", "v-1"));
        StepVerifier.create(client.addIdentifier(WS, CONTACT_ID, id)).expectNext(id).expectComplete().verify(WAIT);
    }

    @Test
    void anIdentifierOwnedByAnotherContactIsAConflict() {
        wm.stubFor(post(urlEqualTo(IDENTIFIERS)).willReturn(aResponse().withStatus(409)
                .withBody("{\"code\":\"ResourceAlreadyExists\",\"message\":\"taken\",\"details\":{\"contactIds\":[\"other\"]}}")));
        StepVerifier.create(client.addIdentifier(WS, CONTACT_ID, BirdIdentifier.of(Identifier.of("emailaddress", "x@example.com"))))
                .expectErrorSatisfies(e -> assertEquals(List.of("other"), assertInstanceOf(ConflictException.class, e).contactIds()))
                .verify(WAIT);
    }

    @Test
    void removingAnIdentifierIsADeleteWithAJsonBody() {
        wm.stubFor(delete(urlEqualTo(IDENTIFIERS)).willReturn(aResponse().withStatus(204)));
        StepVerifier.create(client.removeIdentifier(WS, CONTACT_ID, Identifier.of("phonenumber", "+31412345678")))
                .expectComplete()
                .verify(WAIT);
        wm.verify(1, deleteRequestedFor(urlEqualTo(IDENTIFIERS))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"key\":\"phonenumber\",\"value\":\"+31412345678\"}")));
    }

    @Test
    void removingAnIdentifierTheContactLacksIsNotFound() {
        wm.stubFor(delete(urlEqualTo(IDENTIFIERS)).willReturn(aResponse().withStatus(404).withBody("{\"code\":\"NotFound\",\"message\":\"no such identifier\"}")));
        StepVerifier.create(client.removeIdentifier(WS, CONTACT_ID, Identifier.of("visitorid", "v")))
                .expectError(NotFoundException.class)
                .verify(WAIT);
    }

    @Test
    void identifiersArePagedLazily() {
        wm.stubFor(get(urlEqualTo(IDENTIFIERS + "?limit=1")).willReturn(okJson(
                "{\"results\":[{\"key\":\"emailaddress\",\"value\":\"a@example.com\"}],\"nextPageToken\":\"t2\"}")));
        wm.stubFor(get(urlEqualTo(IDENTIFIERS + "?limit=1&pageToken=t2")).willReturn(okJson(
                "{\"results\":[{\"key\":\"phonenumber\",\"value\":\"+31412345678\",\"properties\":{\"verified\":true}}],\"nextPageToken\":\"t3\"}")));
        wm.stubFor(get(urlEqualTo(IDENTIFIERS + "?limit=1&pageToken=t3")).willReturn(okJson(
                "{\"results\":[{\"key\":\"bad key!\",\"value\":\"skipped\"},{\"key\":\"visitorid\",\"value\":\"v1\"}]}")));

        StepVerifier.create(client.listIdentifiers(WS, CONTACT_ID, ListQuery.builder().pageSize(1).build()).map(BirdIdentifier::key), 0)
                .thenRequest(1)
                .expectNext("emailaddress")
                .then(() -> assertEquals(1, wm.findAll(getRequestedFor(urlPathMatching(".*/identifiers"))).size()))
                .thenRequest(5)
                .expectNext("phonenumber", "visitorid")
                .expectComplete()
                .verify(WAIT);
        assertEquals(3, wm.findAll(getRequestedFor(urlPathMatching(".*/identifiers"))).size());
    }

    @Test
    void attributeDefinitionsArePaged() {
        wm.stubFor(get(urlEqualTo(DEFINITIONS)).willReturn(okJson("""
                {"results":[
                  {"key":"firstName","type":"string","cardinality":"one","readOnly":false,"pii":true,"builtin":true},
                  {"key":"emailaddress","type":"string","cardinality":"many","readOnly":true,"pii":true,"builtin":true}
                ],"nextPageToken":"d2"}""")));
        wm.stubFor(get(urlEqualTo(DEFINITIONS + "?pageToken=d2")).willReturn(okJson("""
                {"results":[{"key":"loyaltyTier","type":"string","somethingNew":[1,2]}],"nextPageToken":null}""")));

        List<AttributeDefinition> all = client.attributeDefinitions(WS).collectList().block(WAIT);

        assertEquals(List.of(
                new AttributeDefinition("firstName", "string", "one", false, true, true),
                new AttributeDefinition("emailaddress", "string", "many", true, true, true),
                new AttributeDefinition("loyaltyTier", "string", null, false, false, false)), all);
        assertTrue(all.get(1).isMultiValued());
        wm.verify(1, getRequestedFor(urlEqualTo(DEFINITIONS)).withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY)));
        wm.verify(1, getRequestedFor(urlEqualTo(DEFINITIONS + "?pageToken=d2")));
    }

    @Test
    void oneAttributeDefinitionByKey() {
        wm.stubFor(get(urlEqualTo(DEFINITIONS + "/loyalty%20tier")).willReturn(okJson(
                "{\"key\":\"loyalty tier\",\"type\":\"number\",\"cardinality\":\"one\",\"readOnly\":false,\"pii\":false,\"builtin\":false}")));
        AttributeDefinition d = client.attributeDefinition(WS, "loyalty tier").block(WAIT);
        assertEquals("number", d.type());
        assertFalse(d.isMultiValued());
        wm.verify(1, getRequestedFor(urlEqualTo(DEFINITIONS + "/loyalty%20tier")));
    }

    @Test
    void anUnknownAttributeDefinitionIsNotFound() {
        wm.stubFor(get(urlEqualTo(DEFINITIONS + "/nope")).willReturn(aResponse().withStatus(404)));
        StepVerifier.create(client.attributeDefinition(WS, "nope")).expectError(NotFoundException.class).verify(WAIT);
    }
}
