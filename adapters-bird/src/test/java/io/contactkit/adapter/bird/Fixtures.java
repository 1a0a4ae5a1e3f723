package io.contactkit.adapter.bird;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.util.function.Consumer;

/** Shared test data: a WireMock server on loopback, a client with short timeouts, Bird's sample contact. */
final class Fixtures {

    static final String WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    static final String ACCESS_KEY = "sk-test-9f8e7d6c5b4a";
    static final String CONTACT_ID = "12bd0e40-9361-4e32-8b26-99b4ab7eae09";
    static final String LIST_ID = "123e4567-e89b-12d3-a456-426614174000";
    static final String ACCOUNT_ID = "223e4567-e89b-12d3-a456-426614174000";
    static final String CONTACTS = "/workspaces/" + WS + "/contacts";
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 0.5, Duration.ofSeconds(2));

    private Fixtures() {
    }

    static WireMockExtension wiremock() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    static BirdConfig.Builder config(WireMockExtension wm) {
        return BirdConfig.builder()
                .baseUrl("http://127.0.0.1:" + wm.getPort())
                .accessKey(Secret.of(ACCESS_KEY))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(5))
                .attemptTimeout(Duration.ofSeconds(8))
                .callTimeout(Duration.ofSeconds(20))
                .retry(FAST_RETRY);
    }

    static BirdContactsClient client(WireMockExtension wm) {
        return new BirdContactsClient(config(wm).build());
    }

    static UpsertCommand command(Consumer<UpsertCommand.Builder> spec) {
        UpsertCommand.Builder b = UpsertCommand.builder();
        spec.accept(b);
        var built = b.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalArgumentException(built.getError().mkString("; "));
        }
        return built.get();
    }

    /** Bird's documented contact answer, with the given id and e-mail address. */
    static String contactJson(String id, String email) {
        return """
                {
                  "id": "%s",
                  "computedDisplayName": "John Doe",
                  "createdAt": "2025-10-08T18:30:56.771Z",
                  "updatedAt": "2025-10-08T18:31:00.000Z",
                  "workspaceId": "%s",
                  "featuredIdentifiers": [ { "key": "emailaddress", "value": "%s" } ],
                  "attributes": {
                    "firstName": "John",
                    "lastName": "Smith",
                    "rating": 9.6,
                    "cookiesAccepted": false,
                    "labels": ["A", "B", "C"],
                    "emailaddress": ["%s"],
                    "timezone": null,
                    "initialReference": { "source": "api", "at": "2025-10-08" }
                  },
                  "identifierCount": 2,
                  "accountIds": ["%s"],
                  "listIds": ["%s"],
                  "companyRefs": ["cmp-7"],
                  "isAnonymous": false,
                  "somethingNew": { "nested": true }
                }
                """.formatted(id, WS, email, email, ACCOUNT_ID, LIST_ID);
    }

    static String contact() {
        return contactJson(CONTACT_ID, "john@example.com");
    }
}
