package io.contactkit.adapter.bridge.internal;

import io.contactkit.ports.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The older API's request signing, the one place that decides it. Documented: headers
 * {@code X-API-Key}, {@code X-API-Timestamp} (Unix seconds) and {@code X-API-Signature}, an
 * HMAC-SHA256 with the secret over {@code {HTTP_METHOD}\n{REQUEST_PATH}\n{REQUEST_BODY}\n{TIMESTAMP}}.
 * Not documented, chosen here: the signature is lowercase hex (as the documented example and Bridge's
 * webhook signatures are), the path is the path as sent without the query string (or with it, as
 * {@code path?query}, when configured: {@code BridgeConfig.signQueryString}), and an absent body is the
 * empty string.
 */
public final class RequestSigner {

    public static final String KEY_HEADER = "X-API-Key";
    public static final String TIMESTAMP_HEADER = "X-API-Timestamp";
    public static final String SIGNATURE_HEADER = "X-API-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final Secret apiKey;
    private final Secret secret;
    private final Clock clock;

    public RequestSigner(Secret apiKey, Secret secret, Clock clock) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        mac(); // loads the JCA provider now, not later on an event-loop thread
    }

    /** {@code METHOD\nPATH\nBODY\nTIMESTAMP}; {@code null} body as the empty string. */
    public static String stringToSign(String method, String path, byte[] body, long timestamp) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return method + "\n" + path + "\n" + text + "\n" + timestamp;
    }

    /** The lowercase hex signature of one request at one timestamp. */
    public String signature(String method, String path, byte[] body, long timestamp) {
        Mac mac = mac();
        return HexFormat.of().formatHex(mac.doFinal(stringToSign(method, path, body, timestamp).getBytes(StandardCharsets.UTF_8)));
    }

    /** The three headers of a request signed now. */
    public Map<String, String> headers(String method, String path, byte[] body) {
        long now = clock.instant().getEpochSecond();
        Map<String, String> h = new LinkedHashMap<>();
        h.put(KEY_HEADER, apiKey.reveal());
        h.put(TIMESTAMP_HEADER, Long.toString(now));
        h.put(SIGNATURE_HEADER, signature(method, path, body, now));
        return h;
    }

    /** The API key and the signing secret, for redaction from error responses. */
    public List<String> credentials() {
        return List.of(apiKey.reveal(), secret.reveal());
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable");
        }
    }

    @Override
    public String toString() {
        return "RequestSigner[redacted]";
    }
}
