package io.contactkit.adapter.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.contactkit.ports.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the older API's request signing. Each expected signature is computed here from
 * the documented formula — HMAC-SHA256 with the secret over METHOD\nPATH\nBODY\nTIMESTAMP, lowercase
 * hex — with a fixed clock, independently of the signer.
 */
class RequestSignerTest {

    private static final String KEY = "ak_1234567890abcdef";
    private static final String SECRET = "sk_test_secret";
    private static final long TIMESTAMP = 1642234567L;   // the documented example's timestamp
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);

    private final RequestSigner signer = new RequestSigner(Secret.of(KEY), Secret.of(SECRET), CLOCK);

    private static String hmacHex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    @Test
    void theHmacMatchesThePublishedRfc4231Vector() throws Exception {
        // RFC 4231, test case 2: proves the test's own HMAC before it judges the signer
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                hmacHex("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void getWithoutBodySignsTheEmptyString() throws Exception {
        String path = "/v1/workspaces/ws_abc123/contacts";
        String expected = hmacHex(SECRET, "GET\n" + path + "\n\n" + TIMESTAMP);
        assertEquals(expected, signer.signature("GET", path, null, TIMESTAMP));
        assertEquals("GET\n" + path + "\n\n1642234567", RequestSigner.stringToSign("GET", path, null, TIMESTAMP));
    }

    @Test
    void postSignsTheExactBodyBytes() throws Exception {
        String path = "/v1/workspaces/ws_abc123/contacts";
        String body = "{\"firstName\":\"José\",\"lastName\":\"Doe\",\"cellphone\":\"+14084029292\"}";
        String expected = hmacHex(SECRET, "POST\n" + path + "\n" + body + "\n" + TIMESTAMP);
        assertEquals(expected, signer.signature("POST", path, body.getBytes(StandardCharsets.UTF_8), TIMESTAMP));
        assertNotEquals(expected, signer.signature("POST", path, (body + " ").getBytes(StandardCharsets.UTF_8), TIMESTAMP));
    }

    @Test
    void headersCarryKeyTimestampAndLowercaseHexFromTheClock() throws Exception {
        String path = "/v1/workspaces/ws_abc123/contacts/contact_abc123";
        Map<String, String> h = signer.headers("DELETE", path, null);
        assertEquals(KEY, h.get("X-API-Key"));
        assertEquals("1642234567", h.get("X-API-Timestamp"));
        String signature = h.get("X-API-Signature");
        assertEquals(hmacHex(SECRET, "DELETE\n" + path + "\n\n1642234567"), signature);
        assertEquals(64, signature.length());
        assertEquals(signature.toLowerCase(java.util.Locale.ROOT), signature);
    }

    @Test
    void theSecretNeverShows() {
        assertFalse(signer.toString().contains(SECRET) || signer.toString().contains(KEY));
        assertFalse(BridgeAuthenticators.signed(signer, "", false).toString().contains(SECRET));
        assertFalse(BridgeAuthenticators.apiKey(Secret.of(KEY)).toString().contains(KEY));
    }

    @Test
    void theSignedPathIsThePathAloneByDefaultAndThePathWithItsQueryWhenConfigured() throws Exception {
        io.contactkit.adapter.http.HttpRequest list = io.contactkit.adapter.http.HttpRequest.get("contacts.list",
                "/v1/workspaces/ws_abc123/contacts", "?page=2&limit=50");
        String pathOnly = BridgeAuthenticators.signed(signer, "/", false).headers(list).get("X-API-Signature");
        assertEquals(hmacHex(SECRET, "GET\n/v1/workspaces/ws_abc123/contacts\n\n1642234567"), pathOnly);
        String withQuery = BridgeAuthenticators.signed(signer, "/", true).headers(list).get("X-API-Signature");
        assertEquals(hmacHex(SECRET, "GET\n/v1/workspaces/ws_abc123/contacts?page=2&limit=50\n\n1642234567"), withQuery);
        io.contactkit.adapter.http.HttpRequest noQuery = io.contactkit.adapter.http.HttpRequest.get("contacts.list",
                "/v1/workspaces/ws_abc123/contacts", "");
        assertEquals(pathOnly, BridgeAuthenticators.signed(signer, "/", true).headers(noQuery).get("X-API-Signature"),
                "without a query, both choices sign the same path");
    }
}
