package io.contactkit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unknown setting names are refused with the valid ones and the closest; secrets are checked on creation. */
class ProviderSettingsTest {

    private static final Set<String> OPTIONS = Set.of("baseUrl", "responseTimeout", "allowInsecureHttp");
    private static final Set<String> SECRETS = Set.of("accessKey");

    private static String refusal(ProviderSettings settings) {
        return assertThrows(IllegalArgumentException.class, () -> settings.requireKnownNames("acme", OPTIONS, SECRETS)).getMessage();
    }

    @Test
    void knownNamesPass() {
        ProviderSettings s = ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:1")
                .secret("accessKey", Secret.of("k")).build();
        assertSame(s, s.requireKnownNames("acme", OPTIONS, SECRETS));
    }

    @Test
    void aWrongCaseNamesTheRightSpellingAndListsEveryOption() {
        String m = refusal(ProviderSettings.builder().option("baseURL", "http://127.0.0.1:1").build());
        assertEquals("provider acme has no option 'baseURL': did you mean baseUrl?"
                + " (its options: allowInsecureHttp, baseUrl, responseTimeout)", m);
    }

    @Test
    void aTypoNamesTheClosestAndAFarOffNameNone() {
        assertTrue(refusal(ProviderSettings.builder().option("responseTimout", "PT1S").build())
                .contains("did you mean responseTimeout?"));
        String far = refusal(ProviderSettings.builder().option("proxy", "x").build());
        assertFalse(far.contains("did you mean"), far);
        assertTrue(far.contains("(its options: allowInsecureHttp, baseUrl, responseTimeout)"), far);
    }

    @Test
    void aSecretGivenAsAnOptionIsNamedWithoutItsValue() {
        String m = refusal(ProviderSettings.builder().option("accessKey", "live-key-123").secret("acessKey", Secret.of("k")).build());
        assertTrue(m.contains("provider acme has no option 'accessKey': accessKey is a secret, give it with secret(...)"), m);
        assertTrue(m.contains("provider acme has no secret 'acessKey': did you mean accessKey? (its secrets: accessKey)"), m);
        assertFalse(m.contains("live-key-123"), m);
    }

    @Test
    void aProviderWithoutSettingsSaysSo() {
        String m = assertThrows(IllegalArgumentException.class, () -> ProviderSettings.builder().option("baseUrl", "x").build()
                .requireKnownNames("memory", Set.of(), Set.of())).getMessage();
        assertEquals("provider memory has no option 'baseUrl' (it takes no options)", m);
    }

    @Test
    void aMissingSecretSaysWhatIsMissing() {
        String m = assertThrows(IllegalArgumentException.class, () -> Secret.of(System.getenv("CONTACTKIT_SURELY_UNSET_VARIABLE")))
                .getMessage();
        assertTrue(m.contains("a secret is missing") && m.contains("not set"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Secret.of(" ")).getMessage().contains("blank"));
    }

    @Test
    void toStringStarsThePartsOfAnOptionThatCanHoldASecret() {
        ProviderSettings settings = ProviderSettings.builder()
                .option("baseUrl", "https://user:S3CRET@api.example.com/v1?key=S3CRET#S3CRET")
                .option("url", "postgresql://app:S3CRET@db.internal:5432/contacts?sslmode=require")
                .option("proxy", "user:S3CRET@proxy:8080")
                .option("plain", "https://api.example.com/v1")
                .option("timeout", "PT30S")
                .secret("accessKey", Secret.of("S3CRET-KEY"))
                .build();
        String shown = settings.toString();
        assertFalse(shown.contains("S3CRET"), shown);
        assertTrue(shown.contains("baseUrl=https://***@api.example.com/v1?***"), shown);
        assertTrue(shown.contains("url=postgresql://***@db.internal:5432/contacts?***"), shown);
        assertTrue(shown.contains("proxy=***"), shown);
        assertTrue(shown.contains("plain=https://api.example.com/v1,"), shown);
        assertTrue(shown.contains("timeout=PT30S"), shown);
        assertTrue(shown.contains("secrets=[accessKey]"), shown);
        // an '@' in the path is no user-info
        assertEquals("https://host/a@b", ProviderSettings.shown("https://host/a@b"));
        assertEquals("https://***@host/a@b", ProviderSettings.shown("https://u:p@host/a@b"));
        assertEquals("https://***@host", ProviderSettings.shown("https://u:p@x@host"));
        assertEquals("https://host#***", ProviderSettings.shown("https://host#frag"));
    }
}
