package io.contactkit.adapter.bird;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A misspelled setting must not fall back to Bird's production API. */
class BirdSettingNamesTest {

    @Test
    void aMisspelledBaseUrlIsRefusedNotIgnored() {
        ProviderSettings settings = ProviderSettings.builder().option("baseURL", "http://127.0.0.1:7480")
                .secret("accessKey", Secret.of("k")).build();
        String m = assertThrows(IllegalArgumentException.class, () -> new BirdProviderFactory().create(settings)).getMessage();
        assertTrue(m.startsWith("provider bird has no option 'baseURL': did you mean baseUrl?"), m);
        assertTrue(m.contains("allowInsecureHttp, baseUrl, callTimeout, connectTimeout, maxClockSkew, maxConnections, responseTimeout"), m);
    }

    @Test
    void everyDocumentedOptionIsAccepted() {
        ProviderSettings settings = ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:7480")
                .option("allowInsecureHttp", "false").option("connectTimeout", "PT1S").option("responseTimeout", "PT2S")
                .option("callTimeout", "PT9S").option("maxConnections", "4").option("maxClockSkew", "PT1M")
                .secret("accessKey", Secret.of("k")).build();
        assertEquals(URI.create("http://127.0.0.1:7480"), BirdProviderFactory.config(settings).baseUrl());
    }

    @Test
    void anAccessTokenIsAKnownSecret() {
        ProviderSettings settings = ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:7480")
                .secret("accessToken", Secret.of("t")).build();
        assertEquals(URI.create("http://127.0.0.1:7480"), BirdProviderFactory.config(settings).baseUrl());
    }
}
