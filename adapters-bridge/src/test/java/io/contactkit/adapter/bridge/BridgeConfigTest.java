package io.contactkit.adapter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The builder and the factory's settings contract: defaults per generation, validation, secrets never shown. */
class BridgeConfigTest {

    private static final String KEY = "live-key-3b7c9d";
    private static final String SECRET = "live-secret-8e1f2a";

    @Test
    void defaultsAreTheNewerApiOnItsDocumentedHost() {
        BridgeConfig c = BridgeConfig.builder().apiKey(Secret.of(KEY)).build();
        assertEquals(BridgeApiGeneration.CONNECT, c.api());
        assertEquals("https://api-connect-us.bridge.new", c.baseUrl().toString());
        assertEquals(BridgeConfig.DEFAULT_SETTINGS_TTL, c.attributeSettingsTtl());
        BridgeConfig l = BridgeConfig.builder().api(BridgeApiGeneration.LEGACY).apiKey(Secret.of(KEY)).signingSecret(Secret.of(SECRET)).build();
        assertEquals("https://api.bridge.new", l.baseUrl().toString());
    }

    @Test
    void invalidConfigurationsNameTheSettingNeverTheSecret() {
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder().build());
        IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
                () -> BridgeConfig.builder().api(BridgeApiGeneration.LEGACY).apiKey(Secret.of(KEY)).build());
        assertTrue(noSecret.getMessage().contains("signingSecret"));
        IllegalArgumentException insecure = assertThrows(IllegalArgumentException.class,
                () -> BridgeConfig.builder().apiKey(Secret.of(KEY)).baseUrl("http://bridge.example.com").build());
        assertFalse(insecure.getMessage().contains(KEY));
        BridgeConfig.builder().apiKey(Secret.of(KEY)).baseUrl("http://bridge.example.com").allowInsecureHttp(true).build();
        BridgeConfig.builder().apiKey(Secret.of(KEY)).baseUrl("http://127.0.0.1:8080").build();
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder().apiKey(Secret.of(KEY)).attributeSettingsTtl(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder().apiKey(Secret.of(KEY)).maxClockSkew(Duration.ofSeconds(-1)).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder().apiKey(Secret.of(KEY))
                .pendingAcquireTimeout(Duration.ZERO).build()).getMessage().contains("pendingAcquireTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeConfig.builder().apiKey(Secret.of(KEY))
                .evictionInterval(Duration.ofSeconds(-1)).build()).getMessage().contains("evictionInterval"));
    }

    @Test
    void aBaseUrlHoldingASecretIsRefusedWithoutRepeatingIt() {
        for (String url : new String[] {"https://user:S3CRET#PW@api.bridge.new", "https://user:S3CRET PW@api.bridge.new",
                "https://user:S3CRET@my_host.example/", "ftp://user:S3CRET@host", "https://api.bridge.new/?key=S3CRETKEY"}) {
            ProviderSettings s = ProviderSettings.builder().secret("apiKey", Secret.of(KEY)).option("baseUrl", url).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BridgeProviderFactory().create(s), url);
            assertTrue(e.getMessage().startsWith("baseUrl "), e.getMessage());
            assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
        }
    }

    @Test
    void durationOptionsLongerThanSevenDaysAreRefused() {
        for (String option : new String[] {"connectTimeout", "responseTimeout", "callTimeout", "attributeSettingsTtl", "maxClockSkew",
                "pendingAcquireTimeout", "maxIdleTime", "maxLifeTime", "evictionInterval"}) {
            ProviderSettings tooLong = ProviderSettings.builder().secret("apiKey", Secret.of(KEY)).option(option, "PT" + Long.MAX_VALUE + "S").build();
            String m = assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(tooLong), option).getMessage();
            assertTrue(m.startsWith(option + " ") && m.contains("at most 7 days"), m);
            BridgeProviderFactory.config(ProviderSettings.builder().secret("apiKey", Secret.of(KEY)).option(option, "P7D").build());
        }
        BridgeConfig longest = BridgeConfig.builder().apiKey(Secret.of(KEY)).attributeSettingsTtl(Duration.ofDays(7)).maxClockSkew(Duration.ofDays(7)).build();
        assertEquals(Duration.ofDays(7), longest.attributeSettingsTtl());
        assertEquals(Duration.ofDays(7), longest.maxClockSkew());
    }

    @Test
    void toStringNeverShowsTheKeyOrTheSecret() {
        BridgeConfig c = BridgeConfig.builder().api(BridgeApiGeneration.LEGACY).apiKey(Secret.of(KEY)).signingSecret(Secret.of(SECRET)).build();
        assertFalse(c.toString().contains(KEY) || c.toString().contains(SECRET), c.toString());
        try (BridgeContactsClient client = new BridgeContactsClient(c)) {
            assertFalse(client.toString().contains(KEY) || client.toString().contains(SECRET));
        }
    }

    @Test
    void theFactoryIsDiscoveredUnderBridgeAndReadsEverySetting() {
        ProviderFactory factory = null;
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
            if (f.id().equals("bridge")) {
                factory = f;
            }
        }
        assertInstanceOf(BridgeProviderFactory.class, factory);
        ProviderSettings settings = ProviderSettings.builder().option("api", "LEGACY").option("baseUrl", "http://bridge.internal:9000")
                .option("allowInsecureHttp", "true").option("connectTimeout", "PT3S").option("responseTimeout", "PT7S")
                .option("maxConnections", "8").option("attributeSettingsTtl", "PT1M").option("maxClockSkew", "PT2M")
                .option("pendingAcquireMaxCount", "32").option("pendingAcquireTimeout", "PT4S").option("maxIdleTime", "PT9S")
                .option("maxLifeTime", "PT3M").option("evictionInterval", "PT11S")
                .secret("apiKey", Secret.of(KEY)).secret("signingSecret", Secret.of(SECRET)).build();
        BridgeConfig c = BridgeProviderFactory.config(settings);
        assertEquals(BridgeApiGeneration.LEGACY, c.api());
        assertEquals("http://bridge.internal:9000", c.baseUrl().toString());
        assertEquals(Duration.ofSeconds(3), c.http().connectTimeout());
        assertEquals(Duration.ofSeconds(7), c.http().responseTimeout());
        assertEquals(8, c.http().maxConnections());
        assertEquals(Duration.ofMinutes(1), c.attributeSettingsTtl());
        assertEquals(Duration.ofMinutes(2), c.maxClockSkew());
        assertEquals(32, c.http().pendingAcquireMaxCount());
        assertEquals(Duration.ofSeconds(4), c.http().pendingAcquireTimeout());
        assertEquals(Duration.ofSeconds(9), c.http().maxIdleTime());
        assertEquals(Duration.ofMinutes(3), c.http().maxLifeTime());
        assertEquals(Duration.ofSeconds(11), c.http().evictionInterval());
        try (ContactProvider p = factory.create(settings)) {
            assertEquals(PagingStyle.PAGE_NUMBER, p.capabilities().paging());
            assertEquals("bridge", p.id());
        }
        try (ContactProvider p = factory.create(ProviderSettings.builder().secret("apiKey", Secret.of(KEY)).build())) {
            assertEquals(PagingStyle.CURSOR, p.capabilities().paging());
        }
    }

    @Test
    void badSettingsAreNamed() {
        ProviderSettings.Builder base = ProviderSettings.builder().secret("apiKey", Secret.of(KEY));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(ProviderSettings.empty()))
                .getMessage().contains("apiKey"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                ProviderSettings.builder().option("api", "v3").secret("apiKey", Secret.of(KEY)).build())).getMessage().contains("api"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                ProviderSettings.builder().option("responseTimeout", "10s").secret("apiKey", Secret.of(KEY)).build()))
                .getMessage().contains("responseTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                ProviderSettings.builder().option("allowInsecureHttp", "yes").secret("apiKey", Secret.of(KEY)).build()))
                .getMessage().contains("allowInsecureHttp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                ProviderSettings.builder().option("maxConnections", "many").secret("apiKey", Secret.of(KEY)).build()))
                .getMessage().contains("maxConnections"));
        for (String pool : new String[] {"pendingAcquireTimeout", "evictionInterval", "maxIdleTime", "maxLifeTime", "maxClockSkew"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                    ProviderSettings.builder().option(pool, "soon").secret("apiKey", Secret.of(KEY)).build())).getMessage().contains(pool));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BridgeProviderFactory.config(
                ProviderSettings.builder().option("pendingAcquireMaxCount", "x").secret("apiKey", Secret.of(KEY)).build()))
                .getMessage().contains("pendingAcquireMaxCount"));
        assertFalse(base.build().toString().contains(KEY));
    }
}
