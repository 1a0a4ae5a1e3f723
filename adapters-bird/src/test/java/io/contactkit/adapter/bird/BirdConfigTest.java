package io.contactkit.adapter.bird;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration, discovery and the access key's secrecy. */
class BirdConfigTest {

    private static final String KEY = "live-key-do-not-print-123";

    @Test
    void defaultsToBirdsHostOverHttps() {
        BirdConfig c = BirdConfig.builder().accessKey(Secret.of(KEY)).build();
        assertEquals(URI.create("https://api.bird.com"), c.baseUrl());
        assertEquals(HttpSettings.DEFAULT_RETRY, c.http().retry());
        assertEquals("bird", c.http().poolName());
    }

    @Test
    void theAccessKeyIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().build());
        assertTrue(e.getMessage().contains("accessKey"));
    }

    @Test
    void plainHttpOnlyForLoopbackUnlessAllowed() {
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().accessKey(Secret.of(KEY)).baseUrl("http://bird.internal").build());
        assertEquals("http", BirdConfig.builder().accessKey(Secret.of(KEY)).baseUrl("http://127.0.0.1:8080").build().baseUrl().getScheme());
        assertEquals("bird.internal", BirdConfig.builder().accessKey(Secret.of(KEY)).baseUrl("http://bird.internal")
                .allowInsecureHttp(true).build().baseUrl().getHost());
    }

    @Test
    void timeoutsAndPoolLimitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().accessKey(Secret.of(KEY)).responseTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.builder().accessKey(Secret.of(KEY)).maxConnections(0).build());
        BirdConfig c = BirdConfig.builder().accessKey(Secret.of(KEY)).maxConnections(8).pendingAcquireMaxCount(16)
                .pendingAcquireTimeout(Duration.ofSeconds(3)).maxIdleTime(Duration.ofSeconds(5)).maxLifeTime(Duration.ofMinutes(1))
                .evictionInterval(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(1)).build();
        assertEquals(8, c.http().maxConnections());
        assertEquals(Duration.ofSeconds(5), c.http().maxIdleTime());
    }

    @Test
    void durationOptionsLongerThanSevenDaysAreRefused() {
        for (String option : new String[] {"connectTimeout", "responseTimeout", "callTimeout", "maxClockSkew"}) {
            ProviderSettings tooLong = ProviderSettings.builder().secret("accessKey", Secret.of(KEY))
                    .option(option, "PT" + Long.MAX_VALUE + "S").build();
            String m = assertThrows(IllegalArgumentException.class, () -> BirdProviderFactory.config(tooLong), option).getMessage();
            assertTrue(m.startsWith(option + " ") && m.contains("at most 7 days"), m);
            ProviderSettings longest = ProviderSettings.builder().secret("accessKey", Secret.of(KEY)).option(option, "P7D").build();
            BirdProviderFactory.config(longest);
        }
        assertEquals(Duration.ofDays(7), BirdConfig.builder().accessKey(Secret.of(KEY)).maxClockSkew(Duration.ofDays(7)).build().maxClockSkew());
    }

    @Test
    void theKeyIsNeverPrinted() {
        BirdConfig c = BirdConfig.builder().accessKey(Secret.of(KEY)).build();
        assertFalse(c.toString().contains(KEY), c.toString());
        try (BirdContactsClient client = new BirdContactsClient(c)) {
            assertFalse(client.toString().contains(KEY));
        }
        ProviderSettings s = ProviderSettings.builder().secret("accessKey", Secret.of(KEY)).option("baseUrl", "ftp://x").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BirdProviderFactory.config(s));
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void aBaseUrlHoldingASecretIsRefusedWithoutRepeatingIt() {
        for (String url : new String[] {"https://user:S3CRET#PW@api.bird.com", "https://user:S3CRET PW@api.bird.com",
                "https://user:S3CRET@my_host.example/", "ftp://user:S3CRET@host", "https://api.bird.com/?key=S3CRETKEY"}) {
            ProviderSettings s = ProviderSettings.builder().secret("accessKey", Secret.of(KEY)).option("baseUrl", url).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BirdProviderFactory().create(s), url);
            assertTrue(e.getMessage().startsWith("baseUrl "), e.getMessage());
            assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
        }
    }

    @Test
    void discoveredUnderTheIdBird() {
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.id().equals("bird"))
                .findFirst()
                .orElseThrow();
        ProviderSettings settings = ProviderSettings.builder()
                .option("baseUrl", "http://localhost:9")
                .option("allowInsecureHttp", "false")
                .option("connectTimeout", "PT2S")
                .option("responseTimeout", "PT10S")
                .secret("accessKey", Secret.of(KEY))
                .build();
        try (ContactProvider provider = factory.create(settings)) {
            BirdContactsClient client = assertInstanceOf(BirdContactsClient.class, provider);
            assertEquals(Duration.ofSeconds(2), client.config().http().connectTimeout());
            assertEquals(Duration.ofSeconds(10), client.config().http().responseTimeout());
            assertEquals("localhost", client.config().baseUrl().getHost());
        }
    }

    @Test
    void factorySettingsAreCheckedByName() {
        BirdProviderFactory f = new BirdProviderFactory();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> f.create(ProviderSettings.empty()));
        assertTrue(missing.getMessage().contains("accessKey"));
        ProviderSettings badBool = ProviderSettings.builder().secret("accessKey", Secret.of(KEY)).option("allowInsecureHttp", "yes").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.create(badBool)).getMessage().contains("allowInsecureHttp"));
        ProviderSettings badDuration = ProviderSettings.builder().secret("accessKey", Secret.of(KEY)).option("responseTimeout", "10s").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.create(badDuration)).getMessage().contains("responseTimeout"));
        ProviderSettings insecure = ProviderSettings.builder().secret("accessKey", Secret.of(KEY))
                .option("baseUrl", "http://bird.internal").option("allowInsecureHttp", "true").build();
        try (ContactProvider p = f.create(insecure)) {
            assertEquals("bird", p.id());
        }
    }
}
