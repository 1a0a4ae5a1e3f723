package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contactkit.ports.ProviderSettings;
import org.junit.jupiter.api.Test;

/** The facade hands the factory's refusal of an unknown setting to the caller unchanged. */
class ProviderSettingsRefusedTest {

    @Test
    void theMemoryProviderRefusesAnyOption() {
        ContactKit.Builder builder = ContactKit.builder().provider("memory")
                .settings(ProviderSettings.builder().option("baseUrl", "http://127.0.0.1:7480").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("provider memory has no option 'baseUrl' (it takes no options)", e.getMessage());
    }
}
