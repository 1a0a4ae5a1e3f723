package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code sync} then {@code export} against the provider simulators, started on free ports. */
class SimulatorRoundTripTest {

    static final String KEY = "sim-key-0a9b8c";
    static final String SECRET = "sim-secret-1d2e3f";
    static final String BIRD_WS = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    static final Map<String, String> ENV = Map.of("CONTACTKIT_BIRD_ACCESS_KEY", KEY, "CONTACTKIT_BRIDGE_API_KEY", KEY,
            "CONTACTKIT_BRIDGE_SIGNING_SECRET", SECRET);

    static Set<String> ids(List<JsonNode> lines, String field) {
        Set<String> out = new HashSet<>();
        lines.forEach(l -> {
            if (l.has(field)) {
                out.add(l.get(field).stringValue());
            }
        });
        return out;
    }

    @Test
    void birdSyncThenExport() {
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result sync = Cli.run(ENV, "", "sync", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", BIRD_WS,
                    DedupeCommandTest.EXAMPLE);
            assertEquals(0, sync.status(), sync.err());
            assertEquals("records=50 created=27 updated=17 failed=6", sync.summary());
            Map<Long, JsonNode> results = ProviderCommandsTest.byRecord(sync);
            assertEquals(50, results.size());
            assertEquals("conflict", results.get(22L).get("error").get("code").stringValue(), results.get(22L).toString());
            assertEquals("no_identifier", results.get(42L).get("error").get("code").stringValue());

            Cli.Result export = Cli.run(ENV, "", "export", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", BIRD_WS);
            assertEquals(0, export.status(), export.err());
            List<JsonNode> contacts = export.lines();
            List<Contact> held = bird.contacts(BIRD_WS);
            assertEquals(held.size(), contacts.size());
            assertEquals(27, contacts.size());
            assertEquals(ids(sync.lines(), "contactId"), ids(contacts, "id"), "every contact sync reported is exported");
            JsonNode ann = contacts.stream().filter(c -> c.get("identifiers").toString().contains("ann.lee@example.com")).findFirst().orElseThrow();
            assertTrue(ann.get("identifiers").toString().contains("+14084029292"), ann.toString());
            assertFalse(sync.out().contains(KEY) || sync.err().contains(KEY) || export.out().contains(KEY) || export.err().contains(KEY));

            Cli.Result wrongKey = Cli.run(Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "wrong-key"), "", "export", "--provider", "bird",
                    "--base-url", bird.baseUrl(), "--workspace", BIRD_WS);
            assertEquals(1, wrongKey.status());
            assertEquals(1, wrongKey.errLines().size(), wrongKey.err());
            assertTrue(wrongKey.err().contains("authentication"), wrongKey.err());
            assertFalse(wrongKey.err().contains("wrong-key"));
        }
    }

    @Test
    void bridgeSyncThenExportThroughBothGenerations() {
        String ws = "b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234";
        try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).start()) {
            Cli.Result sync = Cli.run(ENV, "", "sync", "--provider", "bridge", "--base-url", bridge.baseUrl(), "--workspace", ws,
                    DedupeCommandTest.EXAMPLE);
            assertEquals(0, sync.status(), sync.err());
            Map<Long, JsonNode> results = ProviderCommandsTest.byRecord(sync);
            assertEquals(50, results.size());
            assertEquals("missing_cellphone", results.get(2L).get("error").get("code").stringValue(), results.get(2L).toString());
            assertEquals("no_identifier", results.get(42L).get("error").get("code").stringValue());
            assertEquals("created", results.get(1L).get("status").stringValue());
            assertEquals("updated", results.get(3L).get("status").stringValue(), "the same cellphone in another format");

            Cli.Result connect = Cli.run(ENV, "", "export", "--provider", "bridge", "--base-url", bridge.baseUrl(), "--workspace", ws);
            assertEquals(0, connect.status(), connect.err());
            assertEquals(bridge.contacts(ws).size(), connect.lines().size());
            assertEquals(ids(sync.lines(), "contactId"), ids(connect.lines(), "id"));

            Cli.Result legacy = Cli.run(ENV, "", "export", "--provider", "bridge", "--bridge-api", "legacy", "--base-url", bridge.baseUrl(),
                    "--workspace", ws);
            assertEquals(0, legacy.status(), legacy.err());
            assertEquals(ids(connect.lines(), "id"), ids(legacy.lines(), "id"), "both generations see the same contacts");
        }
    }
}
