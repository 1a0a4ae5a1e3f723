package io.contactkit.simulator.internal.bridge;

import static io.contactkit.simulator.internal.bridge.BridgeErrors.error;

import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Who may call: the API key both generations send, and the older API's request signature. */
public final class BridgeAuth {

    static final long SIGNATURE_MAX_AGE_SECONDS = 300;

    private final byte[] apiKey;
    private final byte[] signingSecret;
    private final Clock clock;
    private final boolean signsQueryString;

    /**
     * @param signingSecret    the older API's signing secret; {@code null} refuses every older-API request
     * @param signsQueryString verify signatures over {@code path?query} instead of the path alone
     */
    BridgeAuth(String apiKey, String signingSecret, Clock clock, boolean signsQueryString) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.signingSecret = signingSecret == null ? null : signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.signsQueryString = signsQueryString;
    }

    /**
     * The older API's request signing: HMAC-SHA256 with the signing secret over
     * {@code METHOD\nPATH\nBODY\nTIMESTAMP}, lowercase hex; the path as sent, without the query (or
     * with {@code ?query} as sent, when so configured); an
     * empty string for no body; the timestamp in Unix seconds, at most five minutes away from now.
     */
    SimResponse checkSignature(SimRequest r) {
        if (!keyMatches(r.header("X-API-Key"))) {
            return error(401, "BRIDGE_AUTH_0001", "Unauthorized", "invalid, expired or missing API key");
        }
        String timestamp = r.header("X-API-Timestamp");
        String signature = r.header("X-API-Signature");
        if (signingSecret == null || timestamp == null || signature == null) {
            return error(401, "BRIDGE_AUTH_0002", "Unauthorized", "the request is not signed: X-API-Timestamp and X-API-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return error(401, "BRIDGE_AUTH_0002", "Unauthorized", "X-API-Timestamp must be Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > SIGNATURE_MAX_AGE_SECONDS) {
            return error(401, "BRIDGE_AUTH_0004", "Unauthorized", "the request timestamp is more than five minutes away from the server's time");
        }
        String path = signsQueryString && !r.rawQuery().isEmpty() ? r.rawPath() + "?" + r.rawQuery() : r.rawPath();
        byte[] expected = sign(signingSecret, r.method(), path, r.body(), timestamp.strip())
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return error(401, "BRIDGE_AUTH_0005", "Unauthorized", "the request signature does not match");
        }
        return null;
    }
    /** Lowercase hex HMAC-SHA256 of {@code METHOD\nPATH\nBODY\nTIMESTAMP}. */
    public static String sign(byte[] secret, String method, String path, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String text = method + "\n" + path + "\n" + (body == null ? "" : body) + "\n" + timestamp;
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
    boolean keyMatches(String given) {
        return given != null && MessageDigest.isEqual(apiKey, given.strip().getBytes(StandardCharsets.UTF_8));
    }
}
