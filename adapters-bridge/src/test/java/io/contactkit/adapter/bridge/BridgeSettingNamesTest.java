package io.contactkit.adapter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A misspelled setting must not fall back to Bridge's production API. */
class BridgeSettingNamesTest {

    @Test
    void misspelledNamesAreRefusedNotIgnored() {
        ProviderSettings settings = ProviderSettings.builder().option("baseurl", "http://127.0.0.1:7481")
                .secret("apiKey", Secret.of("k")).secret("signingsecret", Secret.of("s")).build();
        String m = assertThrows(IllegalArgumentException.class, () -> new BridgeProviderFactory().create(settings)).getMessage();
        assertTrue(m.startsWith("provider bridge has no option 'baseurl': did you mean baseUrl?"), m);
        assertTrue(m.contains("has no secret 'signingsecret': did you mean signingSecret? (its secrets: apiKey, signingSecret)"), m);
    }

    @Test
    void everyDocumentedOptionIsAccepted() {
        ProviderSettings.Builder b = ProviderSettings.builder().option("api", "legacy").option("baseUrl", "http://127.0.0.1:7481")
                .option("allowInsecureHttp", "false").option("maxConnections", "4").option("pendingAcquireMaxCount", "8")
                .secret("apiKey", Secret.of("k")).secret("signingSecret", Secret.of("s"));
        for (String duration : new String[] {"connectTimeout", "responseTimeout", "callTimeout", "attributeSettingsTtl", "maxClockSkew",
            "pendingAcquireTimeout", "maxIdleTime", "maxLifeTime", "evictionInterval"}) {
            b.option(duration, "PT30S");
        }
        assertEquals(URI.create("http://127.0.0.1:7481"), BridgeProviderFactory.config(b.build()).baseUrl());
    }
}
