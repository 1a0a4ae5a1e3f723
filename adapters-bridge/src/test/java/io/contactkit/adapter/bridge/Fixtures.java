package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared test data: a WireMock server on loopback, clients of both generations, Bridge's sample contacts. */
final class Fixtures {

    static final String WS = "b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234";
    static final String LEGACY_WS = "ws_abc123";
    static final String API_KEY = "ak_1234567890abcdef";
    static final String SIGNING_SECRET = "sk_fedcba0987654321";
    static final String CONTACT_ID = "4e362e2b-67b2-4a7e-a9df-e9ecf9141be8";
    static final String LEGACY_ID = "contact_abc123";
    static final String CONTACTS = "/bridge/api/v1/workspaces/" + WS + "/contacts";
    static final String SETTINGS = "/bridge/api/v1/workspaces/" + WS + "/settings/attributes";
    static final String LEGACY_CONTACTS = "/v1/workspaces/" + LEGACY_WS + "/contacts";
    static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 0.5, Duration.ofSeconds(2));

    static final String COMPANY_ID = "11111111-1111-4111-8111-111111111111";
    static final String TIER_ID = "22222222-2222-4222-8222-222222222222";
    static final String GOLD_ID = "33333333-3333-4333-8333-333333333333";
    static final String SILVER_ID = "44444444-4444-4444-8444-444444444444";
    static final String ARCHIVED_ID = "55555555-5555-4555-8555-555555555555";

    private Fixtures() {
    }

    static WireMockExtension wiremock() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    static BridgeConfig.Builder connect(WireMockExtension wm) {
        return BridgeConfig.builder()
                .baseUrl("http://127.0.0.1:" + wm.getPort())
                .apiKey(Secret.of(API_KEY))
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(5))
                .attemptTimeout(Duration.ofSeconds(8))
                .callTimeout(Duration.ofSeconds(20))
                .clock(CLOCK)
                .retry(FAST_RETRY);
    }

    static BridgeConfig.Builder legacy(WireMockExtension wm) {
        return connect(wm).api(BridgeApiGeneration.LEGACY).signingSecret(Secret.of(SIGNING_SECRET));
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

    /** The newer API's documented contact answer (seed 000), with this id and type. */
    static String connectContact(String id, String type) {
        return """
                {
                  "id": "%s",
                  "workspaceId": "%s",
                  "type": "%s",
                  "createdAt": "2003-04-10T08:00:00.000Z",
                  "updatedAt": "2003-04-10T09:00:00.000Z",
                  "firstName": "John",
                  "lastName": "Doe",
                  "email": "John.Doe@Example.com",
                  "cellphone": "+14084029292",
                  "customAttributes": [ { "key": "company", "values": ["Acme"] }, { "key": "tier", "values": ["gold", "silver"] } ],
                  "languageCode": "EN",
                  "ownerId": "37673840-6259-40f9-bbe5-a7db40f8e3cf",
                  "somethingNew": { "nested": true }
                }
                """.formatted(id, WS, type);
    }

    /** The older API's documented contact (seed 002), with this id. */
    static String legacyContact(String id) {
        return """
                {
                  "id": "%s",
                  "workspaceId": "%s",
                  "firstName": "John",
                  "lastName": "Doe",
                  "email": "john.doe@example.com",
                  "cellphone": "+1-555-123-4567",
                  "customAttributes": [ { "key": "company", "value": "Acme Corp" } ],
                  "ownerId": "salesperson@your-company.com",
                  "createdAt": "2024-01-15T10:30:00Z",
                  "updatedAt": "2024-01-15T10:30:00Z"
                }
                """.formatted(id, LEGACY_WS);
    }

    /** Settings: OPEN company (required), CLOSED tier (gold, silver), an archived required one. */
    static String settings(String field) {
        return """
                { "%s": [
                  { "id": "%s", "category": "OPEN", "isRequired": true, "keyName": "company", "type": "TEXT",
                    "closedAttributesValues": [], "deletedAt": null },
                  { "id": "%s", "category": "CLOSED", "isRequired": false, "keyName": "tier", "type": "SELECT",
                    "closedAttributesValues": [ { "id": "%s", "value": "gold" }, { "id": "%s", "value": "silver" } ], "deletedAt": null },
                  { "id": "%s", "category": "OPEN", "isRequired": true, "keyName": "legacyCode", "type": "TEXT",
                    "closedAttributesValues": [], "deletedAt": "2025-01-01T00:00:00Z" }
                ] }
                """.formatted(field, COMPANY_ID, TIER_ID, GOLD_ID, SILVER_ID, ARCHIVED_ID);
    }

    /** The documented signature, computed here independently: lowercase hex HMAC-SHA256 of METHOD\nPATH\nBODY\nTIMESTAMP. */
    static String expectedSignature(String secret, String method, String path, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + "\n" + path + "\n" + body + "\n" + timestamp).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The requests WireMock received, oldest first. */
    static List<ServeEvent> served(WireMockExtension wm) {
        List<ServeEvent> events = new java.util.ArrayList<>(wm.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events;
    }
}
