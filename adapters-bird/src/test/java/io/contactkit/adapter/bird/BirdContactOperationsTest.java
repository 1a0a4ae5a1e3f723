package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bird.Fixtures.ACCESS_KEY;
import static io.contactkit.adapter.bird.Fixtures.ACCOUNT_ID;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.LIST_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Operation;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** Every contact operation against WireMock: exact method, raw path, headers and JSON body. */
class BirdContactOperationsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(wm);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void upsertPutsThePrimaryIdentifierInThePathAndTheRestInAddIdentifiers() {
        String path = CONTACTS + "/identifiers/emailaddress/john@example.com";
        wm.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.contact())));
        UpsertCommand cmd = command(b -> b.identifier("emailaddress", " John@Example.com ")
                .identifier("phonenumber", "+31 412 345 678")
                .set("firstName", "John")
                .set("rating", AttributeValue.of(new BigDecimal("9.6")))
                .set("cookiesAccepted", AttributeValue.of(false))
                .set("labels", AttributeValue.of(List.of(AttributeValue.of("A"), AttributeValue.of("B"))))
                .remove("nickname")
                .removeIdentifier("secondaryEmailAddress", "old@example.com")
                .addToList(LIST_ID)
                .removeFromAccount(ACCOUNT_ID)
                .strategy(Strategy.FIRST_ALIAS));

        StepVerifier.create(client.upsert(WS, cmd))
                .assertNext(r -> {
                    assertEquals(UpsertResult.Status.CREATED, r.status());
                    assertEquals(CONTACT_ID, r.contact().id());
                    assertEquals(List.of(BirdContactsClient.UNFEATURED_IDENTIFIERS_WARNING), r.warnings().stream().map(w -> w.code()).toList(),
                            "Bird featured one of the contact's two identifiers, which is said");
                    assertTrue(r.warnings().get(0).message().contains("holds 2 identifiers"), r.warnings().toString());
                })
                .expectComplete()
                .verify(WAIT);

        wm.verify(1, patchRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "strategy": "first_alias",
                          "attributes": { "firstName": "John", "rating": 9.6, "cookiesAccepted": false,
                                          "labels": ["A", "B"], "nickname": null },
                          "addIdentifiers": [ { "key": "phonenumber", "value": "+31412345678" } ],
                          "removeIdentifiers": [ { "key": "secondaryEmailAddress", "value": "old@example.com" } ],
                          "addToLists": ["%s"],
                          "removeFromAccounts": ["%s"]
                        }""".formatted(LIST_ID, ACCOUNT_ID))));
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"STRICT_ALIAS", "FIRST_ALIAS", "FIRST"})
    void upsertSendsEachBirdStrategyAndReads200AsUpdated(Strategy strategy) {
        String path = CONTACTS + "/identifiers/phonenumber/+31412345678";
        wm.stubFor(patch(urlEqualTo(path)).willReturn(okJson(Fixtures.contact())));
        UpsertCommand cmd = command(b -> b.identifier("phonenumber", "+31412345678").strategy(strategy));

        wm.stubFor(patch(urlEqualTo(path)).willReturn(okJson(Fixtures.contact().replace("\"identifierCount\": 2", "\"identifierCount\": 1"))));
        StepVerifier.create(client.upsert(WS, cmd))
                .assertNext(r -> {
                    assertEquals(UpsertResult.Status.UPDATED, r.status());
                    assertEquals(List.of(), r.warnings(), "every identifier featured");
                })
                .verifyComplete();

        wm.verify(patchRequestedFor(urlEqualTo(path))
                .withRequestBody(equalToJson("{\"strategy\": \"" + strategy.wireName() + "\"}")));
    }

    @Test
    void mergeIsNotABirdStrategyAndSendsNothing() {
        UpsertCommand cmd = command(b -> b.identifier("emailaddress", "a@example.com").strategy(Strategy.MERGE));
        StepVerifier.create(client.upsert(WS, cmd))
                .expectErrorSatisfies(e -> {
                    UnsupportedCapabilityException u = assertInstanceOf(UnsupportedCapabilityException.class, e);
                    assertEquals("strategy:merge", u.capability());
                })
                .verify(WAIT);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void createSendsADerivedDisplayNameAndEveryIdentifier() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.contact())));
        UpsertCommand cmd = command(b -> b.identifier("emailaddress", "john@example.com")
                .identifier("phonenumber", "+31412345678")
                .set("lastName", "Smith")
                .addToList(LIST_ID)
                .addToAccount(ACCOUNT_ID));
        BirdWriteOptions options = BirdWriteOptions.builder()
                .identifierProperties(Identifier.of("emailaddress", "john@example.com"),
                        Map.of("countryCode", AttributeValue.of("US"), "isGmail", AttributeValue.of(false)))
                .companyRefs(List.of("acme"))
                .build();

        StepVerifier.create(client.create(WS, cmd, options))
                .assertNext(c -> assertEquals(CONTACT_ID, c.id()))
                .verifyComplete();

        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "displayName": "john@example.com",
                          "identifiers": [
                            { "key": "emailaddress", "value": "john@example.com", "properties": { "countryCode": "US", "isGmail": false } },
                            { "key": "phonenumber", "value": "+31412345678" }
                          ],
                          "attributes": { "lastName": "Smith" },
                          "listIds": ["%s"],
                          "accountIds": ["%s"],
                          "companyRefs": ["acme"]
                        }""".formatted(LIST_ID, ACCOUNT_ID))));
    }

    @Test
    void createPrefersTheDisplayNameThenTheFirstNameAttribute() {
        wm.stubFor(post(urlEqualTo(CONTACTS)).willReturn(aResponse().withStatus(201).withBody(Fixtures.contact())));
        StepVerifier.create(client.create(WS, command(b -> b.identifier("emailaddress", "j@example.com").set("firstName", "Jo"))))
                .expectNextCount(1).verifyComplete();
        StepVerifier.create(client.create(WS, command(b -> b.set("firstName", "Jo").set("displayName", "Jo Smith"))))
                .expectNextCount(1).verifyComplete();
        StepVerifier.create(client.create(WS, command(b -> b.identifier("phonenumber", "+31412345678"))))
                .expectNextCount(1).verifyComplete();
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo(CONTACTS)));
        assertEquals(3, sent.size());
        assertTrue(sent.get(0).getBodyAsString().contains("\"displayName\":\"Jo\""));
        assertTrue(sent.get(1).getBodyAsString().contains("\"displayName\":\"Jo Smith\""));
        assertTrue(sent.get(2).getBodyAsString().contains("\"displayName\":\"+31412345678\""));
        assertFalse(sent.get(2).getBodyAsString().contains("attributes"));
    }

    @Test
    void getReadsTheContactTolerantly() {
        wm.stubFor(get(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.contact())));

        BirdContact b = client.getBirdContact(WS, CONTACT_ID, List.of()).block(WAIT);
        Contact c = b.contact();

        wm.verify(1, getRequestedFor(urlEqualTo(CONTACTS + "/" + CONTACT_ID))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withHeader("Content-Type", absent())
                .withRequestBody(absent()));
        assertEquals(CONTACT_ID, c.id());
        assertEquals(WS, c.workspace());
        assertEquals(List.of(Identifier.of("emailaddress", "john@example.com")), c.identifiers());
        assertEquals(AttributeValue.of(new BigDecimal("9.6")), c.attributes().get("rating"));
        assertEquals(AttributeValue.of(false), c.attributes().get("cookiesAccepted"));
        assertEquals(AttributeValue.Null.INSTANCE, c.attributes().get("timezone"));
        assertInstanceOf(AttributeValue.Struct.class, c.attributes().get("initialReference"));
        assertInstanceOf(AttributeValue.Multi.class, c.attributes().get("emailaddress"));
        assertEquals(List.of(LIST_ID), c.lists());
        assertEquals(List.of(ACCOUNT_ID), c.accounts());
        assertEquals(Instant.parse("2025-10-08T18:30:56.771Z"), c.createdAt());
        assertEquals(Instant.parse("2025-10-08T18:31:00Z"), c.updatedAt());
        assertEquals("John Doe", b.computedDisplayName().orElseThrow(), "what Bird computed, kept as given");
        assertEquals("John", c.displayName().orElseThrow(), "the domain's rule: the firstName attribute");
        assertEquals(2, b.identifierCount().getAsInt());
        assertEquals(1, b.unfeaturedIdentifiers(), "Bird featured one of two identifiers");
        assertEquals(Boolean.FALSE, b.anonymous().orElseThrow());
        assertEquals(List.of("cmp-7"), b.companyRefs());
        assertEquals(c, client.get(WS, CONTACT_ID).block(WAIT), "the port's get gives the same contact");
    }

    @Test
    void getCanAskForEmptyAttributes() {
        String url = CONTACTS + "/" + CONTACT_ID + "?attribute=timezone&attribute=lastName";
        wm.stubFor(get(urlEqualTo(url)).willReturn(okJson(Fixtures.contact())));
        StepVerifier.create(client.get(WS, CONTACT_ID, List.of("timezone", "lastName"))).expectNextCount(1).verifyComplete();
        wm.verify(1, getRequestedFor(urlEqualTo(url)));
    }

    @Test
    void updateByIdSendsEveryIdentifierAndNoStrategy() {
        String path = CONTACTS + "/" + CONTACT_ID;
        wm.stubFor(patch(urlEqualTo(path)).willReturn(okJson(Fixtures.contact())));
        UpsertCommand cmd = command(b -> b.identifier("emailaddress", "john@example.com").set("lastName", "Doe"));
        BirdWriteOptions options = BirdWriteOptions.builder().listIds(List.of(LIST_ID)).allowWritingReadOnly(true).build();

        StepVerifier.create(client.update(WS, CONTACT_ID, cmd, options)).expectNextCount(1).verifyComplete();

        wm.verify(1, patchRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withRequestBody(equalToJson("""
                        { "attributes": { "lastName": "Doe" },
                          "addIdentifiers": [ { "key": "emailaddress", "value": "john@example.com" } ],
                          "listIds": ["%s"],
                          "allowWritingReadOnly": true }""".formatted(LIST_ID))));
    }

    @Test
    void deleteSendsADeleteAndCompletesOn204() {
        String path = CONTACTS + "/" + CONTACT_ID;
        wm.stubFor(delete(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        StepVerifier.create(client.delete(WS, CONTACT_ID)).verifyComplete();
        wm.verify(1, deleteRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY)));
    }

    @Test
    void searchPostsTheIdentifierAndReadsResults() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search")).willReturn(okJson("{\"results\": [" + Fixtures.contact() + "]}")));
        StepVerifier.create(client.search(WS, Identifier.of("emailaddress", "john@example.com")))
                .assertNext(c -> assertEquals(CONTACT_ID, c.id()))
                .verifyComplete();
        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS + "/search"))
                .withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY))
                .withRequestBody(equalToJson("{\"identifier\": {\"key\": \"emailaddress\", \"value\": \"john@example.com\"}}")));
    }

    @Test
    void searchWithNoOwnerIsEmpty() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/search")).willReturn(okJson("{\"results\": []}")));
        StepVerifier.create(client.search(WS, Identifier.of("visitorid", "v-1"))).verifyComplete();
    }

    @Test
    void listSendsLimitAndReverse() {
        String url = CONTACTS + "?limit=25&reverse=true";
        wm.stubFor(get(urlEqualTo(url)).willReturn(okJson("{\"results\": [" + Fixtures.contact() + "], \"nextPageToken\": null}")));
        StepVerifier.create(client.list(WS, io.contactkit.ports.ListQuery.builder().pageSize(25).reverse(true).build()))
                .expectNextCount(1)
                .verifyComplete();
        wm.verify(1, getRequestedFor(urlEqualTo(url)).withHeader("Authorization", equalTo("AccessKey " + ACCESS_KEY)));
    }

    @Test
    void listWithoutOptionsUsesBirdsDefaults() {
        wm.stubFor(get(urlEqualTo(CONTACTS)).willReturn(okJson("{\"results\": []}")));
        StepVerifier.create(client.list(WS, io.contactkit.ports.ListQuery.all())).verifyComplete();
        wm.verify(1, getRequestedFor(urlEqualTo(CONTACTS)));
    }

    @Test
    void capabilitiesDescribeBird() {
        var caps = client.capabilities();
        assertEquals(java.util.EnumSet.allOf(Operation.class), caps.operations());
        assertEquals(java.util.EnumSet.of(Strategy.STRICT_ALIAS, Strategy.FIRST_ALIAS, Strategy.FIRST), caps.strategies());
        assertTrue(caps.lists() && caps.accounts() && caps.reverseListing());
        assertTrue(caps.canKeyOn("loyaltyId"));
        assertEquals(PagingStyle.TOKEN, caps.paging());
        assertEquals(100, caps.maxPageSize());
        assertEquals("bird", client.id());
    }

    @Test
    void nothingIsSentBeforeSubscription() {
        client.get(WS, CONTACT_ID);
        client.create(WS, command(b -> b.identifier("emailaddress", "a@example.com")));
        client.list(WS, io.contactkit.ports.ListQuery.all());
        wm.verify(0, anyRequestedFor(anyUrl()));
        wm.stubFor(any(anyUrl()).willReturn(okJson("{}")));
    }
}
