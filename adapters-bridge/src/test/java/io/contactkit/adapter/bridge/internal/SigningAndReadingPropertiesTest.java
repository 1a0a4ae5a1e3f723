package io.contactkit.adapter.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.contactkit.ports.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the signer and the cellphone reader over generated inputs (QuickTheories, fixed seeds);
 * each kind of interesting input is counted and asserted reached.
 */
class SigningAndReadingPropertiesTest {

    private static final String SECRET = "prop-secret";
    private static final RequestSigner SIGNER = new RequestSigner(Secret.of("prop-key"), Secret.of(SECRET),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE"};

    private static String hmacHex(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everySignatureIsTheDocumentedHmacAndChangesWithTheBody() {
        Map<String, Integer> cases = new TreeMap<>();
        Gen<String> paths = strings().basicLatinAlphabet().ofLengthBetween(0, 60).map(p -> "/v1/" + p);
        Gen<String> bodies = strings().allPossible().ofLengthBetween(0, 80);
        qt().withFixedSeed(4L).withExamples(300)
                .forAll(integers().between(0, 3), paths, bodies, longs().between(0, 4_102_444_800L))
                .checkAssert((m, path, body, ts) -> {
                    count(cases, "method " + METHODS[m]);
                    count(cases, body.isEmpty() ? "no body" : body.chars().allMatch(c -> c < 128) ? "ASCII body" : "non-ASCII body");
                    count(cases, path.equals("/v1/") ? "bare path" : "longer path");
                    if (body.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                        count(cases, "surrogates in the body");
                    }
                    byte[] bytes = body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8);
                    String signature = SIGNER.signature(METHODS[m], path, bytes, ts);
                    assertEquals(hmacHex(METHODS[m] + "\n" + path + "\n" + new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                            + "\n" + ts), signature);
                    assertNotEquals(signature, SIGNER.signature(METHODS[m], path, (body + "x").getBytes(StandardCharsets.UTF_8), ts));
                    assertNotEquals(signature, SIGNER.signature(METHODS[m], path, bytes, ts + 1));
                });
        for (String kind : List.of("method GET", "method POST", "method PATCH", "method DELETE", "no body", "ASCII body",
                "non-ASCII body", "surrogates in the body", "bare path", "longer path")) {
            assertTrue(cases.getOrDefault(kind, 0) > 0, kind + " never generated: " + cases);
        }
    }

    @Test
    void cellphonesWrittenWithSeparatorsReadAsE164() {
        // 7 to 15 digits, never a leading zero: the E.164 shape
        Gen<String> digits = longs().between(1_000_000L, 999_999_999_999_999L).map((Long n) -> Long.toString(n));
        Gen<Integer> seeds = integers().between(0, Integer.MAX_VALUE - 1);
        Map<String, Integer> cases = new TreeMap<>();
        qt().withFixedSeed(9L).withExamples(300).forAll(digits, seeds).checkAssert((d, seed) -> {
            StringBuilder written = new StringBuilder("+");
            java.util.Random r = new java.util.Random(seed);
            String separators = " ().-";
            for (char c : d.toCharArray()) {
                written.append(c);
                if (r.nextInt(3) == 0) {
                    written.append(separators.charAt(r.nextInt(separators.length())));
                }
            }
            count(cases, d.length() <= 9 ? "up to 9 digits" : d.length() >= 14 ? "14 or 15 digits" : "10 to 13 digits");
            count(cases, written.length() == d.length() + 1 ? "no separator" : "separators");
            written.chars().filter(c -> separators.indexOf(c) >= 0).distinct().forEach(c -> count(cases, "separator '" + (char) c + "'"));
            assertEquals(Optional.of("+" + d), BridgeMapper.e164(written.toString()));
            assertEquals(Optional.empty(), BridgeMapper.e164(written.toString().replace("+", "")));
        });
        for (String kind : List.of("up to 9 digits", "10 to 13 digits", "14 or 15 digits", "no separator", "separators",
                "separator ' '", "separator '('", "separator ')'", "separator '.'", "separator '-'")) {
            assertTrue(cases.getOrDefault(kind, 0) > 0, kind + " never generated: " + cases);
        }
    }

    private static void count(Map<String, Integer> cases, String kind) {
        cases.merge(kind, 1, Integer::sum);
    }
}
