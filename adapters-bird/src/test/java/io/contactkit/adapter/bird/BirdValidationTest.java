package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.contactkit.adapter.bird.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bird.Fixtures.LIST_ID;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Everything checkable is checked before sending: an invalid request sends nothing and lists every problem. */
class BirdValidationTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(wm);
    }

    @AfterEach
    void tearDown() {
        wm.verify(0, anyRequestedFor(anyUrl()));
        client.close();
    }

    private static Set<String> fieldsOf(Mono<?> mono) {
        return fieldsOf(mono.flux());
    }

    private static Set<String> fieldsOf(Flux<?> flux) {
        return violationsOf(flux).stream().map(Violation::field).collect(Collectors.toSet());
    }

    private static List<Violation> violationsOf(Flux<?> flux) {
        ValidationException[] caught = new ValidationException[1];
        StepVerifier.create(flux)
                .expectErrorSatisfies(e -> caught[0] = assertInstanceOf(ValidationException.class, e))
                .verify(Duration.ofSeconds(5));
        assertTrue(caught[0].isLocal(), "a local validation error sends nothing");
        assertEquals(0, caught[0].status());
        return caught[0].violations();
    }

    @Test
    void identifiersGivenAsObjectsMustBeCanonicalAndNonCanonicalOnesAreListed() {
        List<Violation> email = violationsOf(client.search(WS, new Identifier("emailaddress", "Ann@Example.COM")));
        assertEquals(List.of("not_canonical"), email.stream().map(Violation::code).toList());
        assertEquals("identifier.value", email.get(0).field());
        assertTrue(email.get(0).message().contains("'ann@example.com'"), email.get(0).message());

        List<Violation> bare = violationsOf(client.search(WS, new Identifier("phonenumber", "4084029292")));
        assertEquals(1, bare.size(), bare.toString());
        assertTrue(bare.get(0).field().startsWith("identifier"), bare.toString());

        List<Violation> spaced = violationsOf(client.removeIdentifier(WS, CONTACT_ID, new Identifier("phonenumber", "+1 408 402 9292")).flux());
        assertTrue(spaced.get(0).message().contains("'+14084029292'"), spaced.toString());

        List<Violation> custom = violationsOf(client.addIdentifier(WS, CONTACT_ID,
                new BirdIdentifier(new Identifier("crmId", " crm-1 "), Map.of())).flux());
        assertEquals(List.of("not_canonical"), custom.stream().map(Violation::code).toList());
    }

    @Test
    void canonicalIdentifiersGivenAsObjectsPassTheCheck() {
        wm.stubFor(post(urlEqualTo(Fixtures.CONTACTS + "/search")).willReturn(okJson("{\"results\": []}")));
        StepVerifier.create(client.search(WS, Identifier.of("phonenumber", "+15555550100"))).verifyComplete();
        StepVerifier.create(client.search(WS, Identifier.of("emailaddress", "ann@example.com"))).verifyComplete();
        wm.verify(2, postRequestedFor(urlEqualTo(Fixtures.CONTACTS + "/search")));
        wm.resetRequests();   // the class checks that the other tests send nothing
    }

    private static List<String> uuids(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("123e4567-e89b-12d3-a456-%012d", i)).toList();
    }

    @Test
    void anUpsertReportsEveryProblemAtOnce() {
        var cmd = command(b -> b.identifier("emailaddress", "john@example.com")
                .set("emailaddress", "other@example.com")
                .remove("phonenumber")
                .addToList("not-a-uuid")
                .removeFromAccount("42"));
        BirdWriteOptions options = BirdWriteOptions.builder().listIds(uuids(11)).build();
        Set<String> fields = fieldsOf(client.upsert(WS, cmd, options));
        assertEquals(Set.of("attributes.emailaddress", "attributes.phonenumber", "addToLists[0]", "removeFromAccounts[0]", "listIds"), fields);
    }

    @Test
    void anUpsertNeedsAPrimaryIdentifier() {
        assertEquals(Set.of("identifiers"), fieldsOf(client.upsert(WS, command(b -> b.set("firstName", "Ann")))));
    }

    @Test
    void aCreateNeedsADisplayName() {
        assertEquals(Set.of("displayName"), fieldsOf(client.create(WS, command(b -> b.identifier("visitorid", "v-1").set("lastName", "Doe")))));
    }

    @Test
    void aDisplayNameIsAtMost150Characters() {
        String longName = "x".repeat(151);
        assertEquals(Set.of("displayName"), fieldsOf(client.create(WS, command(b -> b.set("displayName", longName)))));
        BirdWriteOptions options = BirdWriteOptions.builder().displayName("").build();
        assertEquals(Set.of("displayName"), fieldsOf(client.create(WS, command(b -> b.set("firstName", "Jo")), options)));
    }

    @Test
    void createTakesAtMostTenListIdsThatAreUuids() {
        var cmd = command(b -> {
            b.set("firstName", "Jo");
            uuids(10).forEach(b::addToList);
        });
        BirdWriteOptions options = BirdWriteOptions.builder().accountIds(List.of()).listIds(uuids(11)).build();
        Set<String> fields = fieldsOf(client.create(WS, cmd, options));
        assertEquals(Set.of("accountIds", "listIds"), fields);
    }

    @Test
    void whatACreateCannotDoIsReportedNotDropped() {
        var cmd = command(b -> b.identifier("emailaddress", "ann@example.com").set("firstName", "Ann").remove("nickname")
                .removeIdentifier("phonenumber", "+14084029292").removeFromList(uuids(3).get(2)).removeFromAccount(uuids(3).get(2))
                .addToList(LIST_ID).addToAccount(LIST_ID));
        BirdWriteOptions options = BirdWriteOptions.builder().listIds(uuids(2)).accountIds(uuids(1)).build();
        List<Violation> problems = violationsOf(client.create(WS, cmd, options).flux());
        assertEquals(Map.of("attributes.nickname", "not_applicable", "removeIdentifiers", "not_applicable",
                "removeFromLists", "not_applicable", "removeFromAccounts", "not_applicable",
                "listIds", "conflicting_lists", "accountIds", "conflicting_accounts"),
                problems.stream().collect(Collectors.toMap(Violation::field, Violation::code)));
    }

    @Test
    void identifierPropertiesHaveLetterOrDigitKeys() {
        Identifier email = Identifier.of("emailaddress", "a@example.com");
        BirdWriteOptions options = BirdWriteOptions.builder()
                .identifierProperties(email, Map.of("country-code", AttributeValue.of("US"), "k".repeat(65), AttributeValue.of(1)))
                .build();
        assertEquals(Set.of("identifiers[0].properties"), fieldsOf(client.create(WS, command(b -> b.identifier(email)), options)));
        assertEquals(Set.of("identifier.properties"), fieldsOf(client.addIdentifier(WS, CONTACT_ID,
                new BirdIdentifier(email, Map.of("bad key", AttributeValue.of(true))))));
    }

    @Test
    void createOnlyOptionsAreRejectedOnPatches() {
        BirdWriteOptions options = BirdWriteOptions.builder().companyRefs(List.of("acme")).displayName("Jo").build();
        assertEquals(Set.of("companyRefs", "displayName"),
                fieldsOf(client.update(WS, CONTACT_ID, command(b -> b.set("firstName", "Jo")), options)));
    }

    @Test
    void workspaceAndContactIdMustBeUsable() {
        assertEquals(Set.of("workspace", "contactId"), fieldsOf(client.get(" ", "")));
        assertEquals(Set.of("contactId"), fieldsOf(client.delete(WS, "a\nb")));
        assertEquals(Set.of("workspace"), fieldsOf(client.list("", ListQuery.all())));
    }

    @Test
    void pageSizeIs1To100() {
        assertEquals(Set.of("pageSize"), fieldsOf(client.list(WS, ListQuery.builder().pageSize(101).build())));
        assertEquals(Set.of("pageSize"), fieldsOf(client.attributeDefinitions(WS, ListQuery.builder().pageSize(500).build())));
        assertEquals(Set.of("pageSize"), fieldsOf(client.listIdentifiers(WS, CONTACT_ID, ListQuery.builder().pageSize(1000).build())));
    }

    @Test
    void pageTokensAreAtMost8000Characters() {
        assertThrowsLocal(() -> ListQuery.builder().pageToken("t".repeat(8001)).build());
    }

    private static void assertThrowsLocal(Runnable r) {
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class, r::run);
        assertTrue(e.isLocal());
    }

    @Test
    void ownerLanguageAndTextFiltersAreUnsupported() {
        StepVerifier.create(client.upsert(WS, command(b -> b.identifier("emailaddress", "a@example.com").owner("me@example.com"))))
                .expectErrorSatisfies(e -> assertEquals("owner", assertInstanceOf(UnsupportedCapabilityException.class, e).capability()))
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(client.update(WS, CONTACT_ID, command(b -> b.language("EN"))))
                .expectErrorSatisfies(e -> assertEquals("language", assertInstanceOf(UnsupportedCapabilityException.class, e).capability()))
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(client.list(WS, ListQuery.builder().search("john").build()))
                .expectError(UnsupportedCapabilityException.class)
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(client.attributeDefinitions(WS, ListQuery.builder().reverse(true).build()))
                .expectError(UnsupportedCapabilityException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void replacingAccountsNeedsAtLeastOne() {
        BirdWriteOptions options = BirdWriteOptions.builder().accountIds(List.of()).listIds(List.of(LIST_ID)).build();
        assertEquals(Set.of("accountIds"), fieldsOf(client.upsert(WS, command(b -> b.identifier("visitorid", "v1")), options)));
    }

    @Test
    void attributeDefinitionKeysAreChecked() {
        assertEquals(Set.of("key"), fieldsOf(client.attributeDefinition(WS, "")));
    }

    /** A lone surrogate would reach Bird as "?" (UTF-8 replacement): another contact, another identifier. */
    @Test
    void textWithALoneSurrogateIsRefusedBeforeSending() {
        assertEquals(Set.of("contactId"), fieldsOf(client.get(WS, "abc\uD800")));
        assertEquals(Set.of("workspace"), fieldsOf(client.delete("ws\uDC00", CONTACT_ID)));
        assertEquals(Set.of("identifiers[0].value"), fieldsOf(client.upsert(WS, command(b -> b.identifier("crmId", "a\uD800b")))));
        assertEquals(Set.of("key"), fieldsOf(client.attributeDefinition(WS, "k\uD800")));
    }

    /**
     * Jackson cannot write such a number in plain notation: it used to escape as an untyped exception. The domain's builder
     * refuses it now; a command made without the builder's checks ({@code rebuiltChecked}) is still refused here.
     */
    @Test
    void numbersWithAbsurdExponentsAreRefusedBeforeSending() {
        AttributeValue huge = AttributeValue.of(new java.math.BigDecimal("1e5000"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> command(b -> b.identifier("emailaddress", "john@example.com").set("score", huge)));
        io.contactkit.domain.UpsertCommand unchecked = io.contactkit.domain.UpsertCommand.rebuiltChecked(io.contactkit.domain.Strategy.STRICT_ALIAS,
                java.util.List.of(io.contactkit.domain.Identifier.of("emailaddress", "john@example.com")), new String[] {"score"},
                new AttributeValue[] {huge}, 1);
        assertEquals(Set.of("attributes.score"), fieldsOf(client.upsert(WS, unchecked)));
    }
}
