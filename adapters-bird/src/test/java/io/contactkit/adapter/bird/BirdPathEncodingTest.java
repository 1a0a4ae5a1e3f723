package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.contactkit.adapter.bird.Fixtures.CONTACTS;
import static io.contactkit.adapter.bird.Fixtures.WS;
import static io.contactkit.adapter.bird.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.contactkit.domain.Identifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identifier upsert's path as it arrives on the wire: {@code @} and {@code +} literal (Bird does
 * not decode them), everything that could change the path percent-encoded.
 */
class BirdPathEncodingTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private BirdContactsClient client;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(wm);
        wm.stubFor(any(anyUrl()).willReturn(okJson(Fixtures.contact())));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private String rawPathOfUpsert(String key, String value) {
        client.upsert(WS, command(b -> b.identifier(key, value))).block(Duration.ofSeconds(5));
        List<LoggedRequest> requests = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(anyUrl()));
        assertEquals(1, requests.size());
        return requests.get(0).getUrl();
    }

    @Test
    void plusAndAtStayLiteralInAnEmailAddress() {
        assertEquals(CONTACTS + "/identifiers/emailaddress/a+b@x.com", rawPathOfUpsert("emailaddress", "a+b@x.com"));
    }

    @Test
    void aPhoneNumberKeepsItsPlus() {
        assertEquals(CONTACTS + "/identifiers/phonenumber/+14084029292", rawPathOfUpsert("phonenumber", "+1 408 402 9292"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "../../x        | ..%2F..%2Fx",
            "..             | %2E%2E",
            ".              | %2E",
            "a/b            | a%2Fb",
            "what?now       | what%3Fnow",
            "tag#1          | tag%231",
            "100%           | 100%25",
            "two words      | two%20words",
            "semi;colon     | semi%3Bcolon",
            "jörg           | j%C3%B6rg",
            "東京           | %E6%9D%B1%E4%BA%AC",
            "a~b_c-d.e      | a~b_c-d.e"
    })
    void customValuesCannotChangeThePath(String value, String encoded) {
        assertEquals(CONTACTS + "/identifiers/loyaltyId/" + encoded, rawPathOfUpsert("loyaltyId", value));
    }

    @Test
    void contactIdsAreEncodedToo() {
        client.get(WS, "../../admin").block(Duration.ofSeconds(5));
        List<LoggedRequest> requests = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(anyUrl()));
        assertEquals(CONTACTS + "/..%2F..%2Fadmin", requests.get(0).getUrl());
    }

    @Test
    void identifierListingsEncodeThePageToken() {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"results\": []}")));
        client.listIdentifiers(WS, "c1", io.contactkit.ports.ListQuery.builder().pageToken("a+b/c=&d").pageSize(5).build())
                .collectList().block(Duration.ofSeconds(5));
        List<LoggedRequest> requests = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(anyUrl()));
        assertEquals(CONTACTS + "/c1/identifiers?limit=5&pageToken=a%2Bb%2Fc%3D%26d", requests.get(0).getUrl());
    }

    @Test
    void searchCarriesTheIdentifierInTheBodyNotThePath() {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{\"results\": []}")));
        client.search(WS, Identifier.of("emailaddress", "a+b@x.com")).collectList().block(Duration.ofSeconds(5));
        LoggedRequest r = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl())).get(0);
        assertEquals(CONTACTS + "/search", r.getUrl());
        assertEquals("{\"identifier\":{\"key\":\"emailaddress\",\"value\":\"a+b@x.com\"}}", r.getBodyAsString());
    }
}
