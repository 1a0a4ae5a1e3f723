package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import static io.contactkit.adapter.bridge.Fixtures.COMPANY_ID;
import static io.contactkit.adapter.bridge.Fixtures.CONTACTS;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.GOLD_ID;
import static io.contactkit.adapter.bridge.Fixtures.SETTINGS;
import static io.contactkit.adapter.bridge.Fixtures.SILVER_ID;
import static io.contactkit.adapter.bridge.Fixtures.TIER_ID;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The newer Contacts API on the wire: exact requests, attribute mapping, warnings, classification, capabilities. */
class BridgeConnectOperationsTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private BridgeContactsClient client;

    @BeforeEach
    void setUp() {
        client = new BridgeContactsClient(Fixtures.connect(wm).build());
        wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(okJson(Fixtures.settings("customAttributes"))));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void upsertSendsThePartialBodyWithTheApiKeyAndReadsTheAnswer() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        UpsertResult result = client.upsert(WS, command(c -> c.identifier("phonenumber", "+1 (408) 402-9292")
                .identifier("emailaddress", "Maria@Acme.com").set("firstName", "Maria").set("lastName", "Lopez")
                .language("en").owner("jane@acme.com"))).block(WAIT);

        wm.verify(1, postRequestedFor(urlEqualTo(CONTACTS + "/partial"))
                .withHeader("x-api-key", equalTo(Fixtures.API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        { "cellphone": "+14084029292", "email": "maria@acme.com", "firstName": "Maria", "lastName": "Lopez",
                          "languageCode": "EN", "ownerIdentifier": { "identifier": "jane@acme.com", "identifierType": "EMAIL" } }
                        """)));
        wm.verify(0, getRequestedFor(urlEqualTo(SETTINGS)));   // no custom attribute, no settings needed
        assertTrue(result.created());
        assertEquals(Classification.NORMAL, result.providerClassification());
        assertEquals(List.of(BridgeContactsClient.EMAIL_NOT_IDENTIFIER_WARNING), result.warnings().stream().map(Warning::code).toList(),
                "the e-mail identifier went into Bridge's plain email field, which is said");
        assertTrue(result.warnings().get(0).message().contains("maria@acme.com"));
        Contact c = result.contact();
        assertEquals(CONTACT_ID, c.id());
        assertEquals(WS, c.workspace());
        assertEquals(List.of(Identifier.of("phonenumber", "+14084029292")), c.identifiers(), "the cellphone is Bridge's one identifier");
        assertEquals(AttributeValue.of("John.Doe@Example.com"), c.attributes().get("email"), "the email field, as Bridge returned it");
        assertEquals(AttributeValue.of("John"), c.attributes().get("firstName"));
        assertEquals(AttributeValue.of("Acme"), c.attributes().get("company"));
        assertEquals(AttributeValue.of(List.of(AttributeValue.of("gold"), AttributeValue.of("silver"))), c.attributes().get("tier"));
        assertEquals("EN", c.language().orElseThrow());
        assertEquals("37673840-6259-40f9-bbe5-a7db40f8e3cf", c.owner().orElseThrow());
    }

    @Test
    void theEmailAttributeWritesBridgesPlainEmailFieldWithoutAWarning() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "PARTIAL"))));
        UpsertResult set = client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292").set("email", " Ann@Example.COM ")))
                .block(WAIT);
        client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292").remove("email"))).block(WAIT);
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS + "/partial"))
                .withRequestBody(equalToJson("{\"cellphone\": \"+14084029292\", \"email\": \"ann@example.com\"}")));
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS + "/partial"))
                .withRequestBody(equalToJson("{\"cellphone\": \"+14084029292\", \"email\": null}")));
        assertEquals(List.of(), set.warnings());
        wm.verify(0, getRequestedFor(urlEqualTo(SETTINGS)));   // email is no custom attribute
    }

    @Test
    void anInvalidOrDoubleEmailFailsLocallyAndSendsNothing() {
        ValidationException invalid = assertThrows(ValidationException.class, () -> client.upsert(WS,
                command(c -> c.identifier("phonenumber", "+14084029292").set("email", "not-an-address"))).block(WAIT));
        assertEquals(List.of("invalid_email"), invalid.violations().stream().map(v -> v.code()).toList());
        ValidationException twice = assertThrows(ValidationException.class, () -> client.upsert(WS,
                command(c -> c.identifier("phonenumber", "+14084029292").identifier("emailaddress", "a@example.com")
                        .set("email", "b@example.com"))).block(WAIT));
        assertEquals(List.of("conflicting_email"), twice.violations().stream().map(v -> v.code()).toList());
        ValidationException number = assertThrows(ValidationException.class, () -> client.update(WS, CONTACT_ID,
                command(c -> c.set("email", AttributeValue.of(42)))).block(WAIT));
        assertEquals(List.of("invalid_email"), number.violations().stream().map(v -> v.code()).toList());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void openClosedAndUnknownAttributesMapThroughTheCachedSettings() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "PARTIAL"))));
        UpsertResult first = client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292")
                .set("company", "Acme").set("tier", AttributeValue.of(List.of(AttributeValue.of("gold"), AttributeValue.of("platinum"))))
                .set("shoeSize", AttributeValue.of(42)).identifier("crmId", "crm-7"))).block(WAIT);
        UpsertResult second = client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292")
                .remove("company").set("tier", "silver"))).block(WAIT);

        wm.verify(1, getRequestedFor(urlEqualTo(SETTINGS)).withHeader("x-api-key", equalTo(Fixtures.API_KEY)));
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS + "/partial")).withRequestBody(equalToJson("""
                { "cellphone": "+14084029292", "customAttributes": {
                    "openAttributes": [ { "customAttributeId": "%s", "content": "Acme" } ],
                    "closedAttributes": [ { "customAttributeId": "%s", "closedCustomAttributeIds": ["%s"] } ] } }
                """.formatted(COMPANY_ID, TIER_ID, GOLD_ID))));
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS + "/partial")).withRequestBody(equalToJson("""
                { "cellphone": "+14084029292", "customAttributes": {
                    "openAttributes": [ { "customAttributeId": "%s", "content": null } ],
                    "closedAttributes": [ { "customAttributeId": "%s", "closedCustomAttributeIds": ["%s"] } ] } }
                """.formatted(COMPANY_ID, TIER_ID, SILVER_ID))));
        List<String> codes = first.warnings().stream().map(Warning::code).toList();
        assertEquals(List.of("identifier_not_held", "unknown_choice", "unknown_attribute"), codes);
        assertTrue(first.warnings().get(1).message().contains("platinum"));
        assertTrue(first.warnings().get(2).message().contains("shoeSize"));
        assertTrue(first.warnings().get(0).message().contains("crmId"));
        assertFalse(first.created(), "200 reads as updated");
        assertEquals(Classification.PARTIAL, first.providerClassification());
        assertEquals(List.of(), second.warnings());
    }

    @Test
    void settingsUnderTheOlderSnakeCaseNameAreRead() {
        wm.stubFor(get(urlEqualTo(SETTINGS)).willReturn(okJson(Fixtures.settings("custom_attributes"))));
        List<CustomAttributeSetting> settings = client.attributeSettings(WS).collectList().block(WAIT);
        assertEquals(3, settings.size());
        assertEquals(CustomAttributeSetting.Category.CLOSED, settings.get(1).category());
        assertEquals(GOLD_ID, settings.get(1).choiceId("gold").orElseThrow());
        assertTrue(settings.get(2).archived(Fixtures.NOW));
    }

    @Test
    void predictionUsesTheRequiredAttributesThatAreNotArchived() {
        assertEquals(List.of("company"), List.copyOf(client.classificationRules(WS).block(WAIT).requiredCustomAttributes()));
        var complete = command(c -> c.identifier("phonenumber", "+14084029292").set("firstName", "A").set("lastName", "B")
                .language("ES").set("company", "Acme"));
        var noCompany = command(c -> c.identifier("phonenumber", "+14084029292").set("firstName", "A").set("lastName", "B").language("ES"));
        assertEquals(Classification.NORMAL, client.predictClassification(WS, complete).block(WAIT));
        assertEquals(Classification.PARTIAL, client.predictClassification(WS, noCompany).block(WAIT));
        wm.verify(1, getRequestedFor(urlEqualTo(SETTINGS)));
    }

    @Test
    void getAndUpdateById() {
        wm.stubFor(get(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL")
                .replace("\"type\": \"NORMAL\",", ""))));
        wm.stubFor(patch(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "NORMAL"))));
        Contact got = client.get(WS, CONTACT_ID).block(WAIT);
        assertEquals(CONTACT_ID, got.id());
        Contact updated = client.update(WS, CONTACT_ID, command(c -> c.set("lastName", "Doe").remove("firstName")
                .identifier("phonenumber", "+34612345678").removeIdentifier("emailaddress", "old@example.com").language(null).owner("u-42")))
                .block(WAIT);
        assertEquals(CONTACT_ID, updated.id());
        wm.verify(getRequestedFor(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).withHeader("x-api-key", equalTo(Fixtures.API_KEY))
                .withRequestBody(absent()));
        wm.verify(patchRequestedFor(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).withHeader("x-api-key", equalTo(Fixtures.API_KEY))
                .withRequestBody(equalToJson("""
                        { "cellphone": "+34612345678", "email": null, "firstName": null, "lastName": "Doe", "languageCode": null,
                          "ownerIdentifier": { "identifier": "u-42", "identifierType": "ID" } }
                        """)));
    }

    @Test
    void getListAndUpdateKeepBridgesOwnType() {
        wm.stubFor(get(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "PARTIAL"))));
        wm.stubFor(patch(urlEqualTo(CONTACTS + "/" + CONTACT_ID)).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "normal"))));
        String other = "9d7f1e2a-3b4c-4d5e-8f60-718293a4b5c6";
        wm.stubFor(get(urlEqualTo(CONTACTS)).willReturn(okJson("{\"contacts\": [" + Fixtures.connectContact(CONTACT_ID, "NORMAL") + ","
                + Fixtures.connectContact(other, "NORMAL").replace("\"type\": \"NORMAL\",", "") + "], \"cursor\": null}")));

        BridgeContact got = client.getBridgeContact(WS, CONTACT_ID).block(WAIT);
        assertEquals(Classification.PARTIAL, got.type().orElseThrow());
        assertEquals(client.get(WS, CONTACT_ID).block(WAIT), got.contact(), "the port's get is the same contact");
        List<BridgeContact> listed = client.listBridgeContacts(WS, ListQuery.all()).collectList().block(WAIT);
        assertEquals(List.of(CONTACT_ID, other), listed.stream().map(c -> c.contact().id()).toList());
        assertEquals(Classification.NORMAL, listed.get(0).type().orElseThrow());
        assertTrue(listed.get(1).type().isEmpty(), "Bridge may leave type out of a listing");
        BridgeContact updated = client.updateBridgeContact(WS, CONTACT_ID, command(c -> c.set("lastName", "Doe"))).block(WAIT);
        assertEquals(Classification.NORMAL, updated.type().orElseThrow());
    }

    @Test
    void anUpdateWithAnAttributeTheWorkspaceDoesNotDefineSendsNothing() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.update(WS, CONTACT_ID, command(c -> c.set("shoeSize", "42"))).block(WAIT));
        assertTrue(e.isLocal());
        assertEquals("unknown_attribute", e.violations().get(0).code());
        wm.verify(0, patchRequestedFor(urlEqualTo(CONTACTS + "/" + CONTACT_ID)));
    }

    @Test
    void aCommandWithoutACellphoneFailsLocallyAndSendsNothing() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.upsert(WS, command(c -> c.identifier("emailaddress", "ann@example.com").set("firstName", "Ann"))).block(WAIT));
        assertTrue(e.isLocal());
        assertEquals("missing_cellphone", e.violations().get(0).code());
        ValidationException none = assertThrows(ValidationException.class,
                () -> client.upsert(WS, command(c -> c.set("firstName", "Ann"))).block(WAIT));
        assertEquals("missing_cellphone", none.violations().get(0).code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void numbersWithAbsurdExponentsAreRefusedBeforeSending() {
        // the domain's builder refuses such a number; a command made without its checks (rebuiltChecked) is refused here
        io.contactkit.domain.AttributeValue tiny = io.contactkit.domain.AttributeValue.of(new java.math.BigDecimal("1e-5000"));
        assertThrows(IllegalArgumentException.class, () -> command(c -> c.identifier("phonenumber", "+14084029292").set("score", tiny)));
        io.contactkit.domain.UpsertCommand unchecked = io.contactkit.domain.UpsertCommand.rebuiltChecked(io.contactkit.domain.Strategy.STRICT_ALIAS,
                java.util.List.of(io.contactkit.domain.Identifier.of("phonenumber", "+14084029292")), new String[] {"score"},
                new io.contactkit.domain.AttributeValue[] {tiny}, 1);
        ValidationException e = assertThrows(ValidationException.class, () -> client.upsert(WS, unchecked).block(WAIT));
        assertEquals("out_of_range", e.violations().get(0).code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void theNewerApisIdsAreUuidsCheckedBeforeSending() {
        ValidationException contact = assertThrows(ValidationException.class, () -> client.get(WS, "contact_abc123").block(WAIT));
        assertEquals("invalid_uuid", contact.violations().get(0).code());
        assertEquals("contactId", contact.violations().get(0).field());
        ValidationException workspace = assertThrows(ValidationException.class,
                () -> client.upsert("ws_abc123", command(c -> c.identifier("phonenumber", "+14084029292"))).block(WAIT));
        assertEquals("workspace", workspace.violations().get(0).field());
        assertThrows(ValidationException.class, () -> client.list("ws_abc123", ListQuery.all()).blockLast(WAIT));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void theListingsOwnerFilterMustBeAnEmailAddressAndSendsNothingOtherwise() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.list(WS, ListQuery.builder().owner("37673840-6259-40f9-bbe5-a7db40f8e3cf").build()).blockLast(WAIT));
        assertTrue(e.isLocal());
        assertEquals("owner", e.violations().get(0).field());
        assertEquals("invalid_owner_email", e.violations().get(0).code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void languagesOtherThanSpanishAndEnglishFailLocally() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292").language("fr"))).block(WAIT));
        assertEquals("invalid_language", e.violations().get(0).code());
        ValidationException twice = assertThrows(ValidationException.class, () -> client.upsert(WS, command(c -> c
                .identifier("phonenumber", "+14084029292").language("EN").set("languageCode", "ES"))).block(WAIT));
        assertEquals("conflicting_language", twice.violations().get(0).code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void theLanguageMayComeAsALanguageCodeAttributeInAnyCase() {
        wm.stubFor(post(urlEqualTo(CONTACTS + "/partial")).willReturn(okJson(Fixtures.connectContact(CONTACT_ID, "PARTIAL"))));
        client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292").set("languageCode", "es"))).block(WAIT);
        wm.verify(postRequestedFor(urlEqualTo(CONTACTS + "/partial"))
                .withRequestBody(equalToJson("{\"cellphone\": \"+14084029292\", \"languageCode\": \"ES\"}")));
        wm.verify(0, getRequestedFor(urlEqualTo(SETTINGS)));
    }

    @Test
    void whatBridgeCannotDoIsUnsupportedAndSendsNothing() {
        var phone = "+14084029292";
        assertUnsupported("strategy:first_alias", () -> client.upsert(WS, command(c -> c.identifier("phonenumber", phone).strategy(Strategy.FIRST_ALIAS))).block(WAIT));
        assertUnsupported("lists", () -> client.upsert(WS, command(c -> c.identifier("phonenumber", phone).addToList("l1"))).block(WAIT));
        assertUnsupported("accounts", () -> client.upsert(WS, command(c -> c.identifier("phonenumber", phone).addToAccount("a1"))).block(WAIT));
        assertUnsupported("upsertKey:crmId", () -> client.upsert(WS, command(c -> c.identifier("crmId", "crm-1"))).block(WAIT));
        assertUnsupported("identifier:crmId", () -> client.update(WS, CONTACT_ID, command(c -> c.identifier("crmId", "crm-1"))).block(WAIT));
        assertUnsupported("operation:create", () -> client.create(WS, command(c -> c.identifier("phonenumber", phone))).block(WAIT));
        assertUnsupported("operation:delete", () -> client.delete(WS, CONTACT_ID).block(WAIT));
        assertUnsupported("operation:search", () -> client.search(WS, Identifier.of("phonenumber", phone)).blockLast(WAIT));
        assertUnsupported("list:reverse", () -> client.list(WS, ListQuery.builder().reverse(true).build()).blockLast(WAIT));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void capabilitiesDeclareWhatTheNewerApiDoes() {
        var caps = client.capabilities();
        assertTrue(caps.supports(Strategy.STRICT_ALIAS));
        assertFalse(caps.supports(Strategy.FIRST));
        assertTrue(caps.canKeyOn("phonenumber"));
        assertFalse(caps.canKeyOn("emailaddress"));
        assertFalse(caps.lists() || caps.accounts() || caps.reverseListing());
        assertEquals(100, caps.maxPageSize());
        assertEquals("bridge", client.id());
    }

    @Test
    void healthCheckSendsTheApiKey() {
        wm.stubFor(get(urlEqualTo("/bridge/api/health")).willReturn(okJson("{\"status\":\"ok\"}")));
        client.health().block(WAIT);
        wm.verify(getRequestedFor(urlEqualTo("/bridge/api/health")).withHeader("x-api-key", equalTo(Fixtures.API_KEY)));
    }

    private static void assertUnsupported(String capability, org.junit.jupiter.api.function.Executable call) {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call);
        assertEquals(capability, e.capability());
        assertNull(e.providerCode().orElse(null));
    }
}
