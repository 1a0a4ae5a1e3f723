package io.contactkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import io.contactkit.simulator.CustomAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every sample as a user does: its own JVM, configuration from the environment, a simulator
 * standing in for the provider; checks its exit status and what it printed.
 */
class SamplesRunTest {

    private static final String BIRD_KEY = "sample-bird-key";
    private static final String BIRD_WORKSPACE = "0c9d7a4e-51b2-4f0a-9d3c-7e8f6a5b4c3d";
    private static final String BRIDGE_KEY = "sample-bridge-key";
    private static final String BRIDGE_SECRET = "sample-bridge-secret";
    private static final String BRIDGE_WORKSPACE = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

    private static BirdSimulator bird;
    private static BridgeSimulator bridge;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void start() {
        bird = BirdSimulator.builder().accessKey(BIRD_KEY).workspace(BIRD_WORKSPACE).start();
        bridge = BridgeSimulator.builder().apiKey(BRIDGE_KEY).signingSecret(BRIDGE_SECRET)
                .customAttribute(CustomAttribute.open("company")).start();
    }

    @AfterAll
    static void stop() {
        bird.close();
        bridge.close();
    }

    private static Map<String, String> birdEnv() {
        return birdEnv(bird);
    }

    private static Map<String, String> birdEnv(BirdSimulator simulator) {
        return Map.of("BIRD_ACCESS_KEY", BIRD_KEY, "BIRD_BASE_URL", simulator.baseUrl(), "BIRD_WORKSPACE", BIRD_WORKSPACE);
    }

    private static Map<String, String> bridgeEnv() {
        return bridgeEnv(bridge);
    }

    private static Map<String, String> bridgeEnv(BridgeSimulator simulator) {
        return Map.of("BRIDGE_API_KEY", BRIDGE_KEY, "BRIDGE_SIGNING_SECRET", BRIDGE_SECRET, "BRIDGE_BASE_URL", simulator.baseUrl(),
                "BRIDGE_WORKSPACE", BRIDGE_WORKSPACE);
    }

    @Test
    void usingTheDomain() throws Exception {
        Run r = run(UsingTheDomain.class, Map.of());
        assertTrue(r.out().startsWith("Ann [emailaddress:ann@example.com, phonenumber:+14084029292]\n"), r.out());
        assertTrue(r.out().contains("emailaddress") && r.out().contains("phonenumber"), "every violation is shown: " + r.out());
    }

    @Test
    void deduplicatingInCode() throws Exception {
        Run r = run(DeduplicatingInCode.class, Map.of());
        assertTrue(r.out().strip().endsWith("records=4 contacts=2 created=2 updated=2 merged=0 rejected=0"), r.out());
    }

    @Test
    void birdQuickstart() throws Exception {
        Run r = run(BirdQuickstart.class, birdEnv());
        assertTrue(r.out().startsWith("CREATED "), r.out());
        assertEquals(1, bird.contacts(BIRD_WORKSPACE).stream().filter(c -> c.displayName().orElse("").equals("Ann")).count());
    }

    @Test
    void postgresStore() throws Exception {
        String url = System.getenv("CONTACTKIT_TEST_POSTGRES_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(),
                "runs only against the PostgreSQL server named by CONTACTKIT_TEST_POSTGRES_URL (the store's own tests start one)");
        Run r = run(PostgresStore.class, Map.of("CONTACTKIT_POSTGRES_URL", url));
        assertTrue(r.out().startsWith("CREATED ") || r.out().startsWith("UPDATED "), r.out());
    }

    @Test
    void observingRequests() throws Exception {
        Run r = run(ObservingRequests.class, birdEnv());
        assertTrue(r.out().contains("contactkit.provider.requests provider=bird operation="), r.out());
        assertTrue(r.out().contains("outcome=success status=20"), r.out());
    }

    @Test
    void aMissingAccessKeySaysWhatIsMissing() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(birdEnv());
        env.remove("BIRD_ACCESS_KEY");
        Run r = run(BirdQuickstart.class, env, 1);
        assertTrue(r.err().contains("a secret is missing"), r.err());
    }

    @Test
    void bridgeQuickstart() throws Exception {
        Run r = run(BridgeQuickstart.class, bridgeEnv());
        assertTrue(r.out().contains("CREATED "), r.out());
    }

    @Test
    void bridgeLegacyQuickstart() throws Exception {
        Run r = run(BridgeLegacyQuickstart.class, bridgeEnv());
        assertTrue(r.out().startsWith("created "), r.out());
        assertTrue(r.out().contains("Noah"), r.out());
    }

    @Test
    void facadeOnEveryProvider() throws Exception {
        try (BirdSimulator freshBird = BirdSimulator.builder().accessKey(BIRD_KEY).workspace(BIRD_WORKSPACE).start();
             BridgeSimulator freshBridge = BridgeSimulator.builder().apiKey(BRIDGE_KEY).signingSecret(BRIDGE_SECRET).start()) {
            facadeOn(freshBird, freshBridge);
        }
    }

    /** On simulators no other sample wrote to: the first row is a creation. */
    private static void facadeOn(BirdSimulator freshBird, BridgeSimulator freshBridge) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(birdEnv(freshBird));
        env.putAll(bridgeEnv(freshBridge));
        for (String provider : List.of("memory", "bird", "bridge")) {
            env.put("CONTACTKIT_PROVIDER", provider);
            env.put("CONTACTKIT_WORKSPACE", provider.equals("bird") ? BIRD_WORKSPACE : BRIDGE_WORKSPACE);
            Run r = run(FacadeQuickstart.class, env);
            List<String> lines = r.out().lines().sorted().toList();
            assertTrue(lines.get(0).startsWith("0 created "), provider + ": " + r.out());
            assertTrue(lines.get(1).startsWith("1 updated "), provider + ": " + r.out());
            assertTrue(lines.get(2).startsWith("2 invalid (nothing sent) validation: ") && lines.get(2).contains("(invalid_email)"),
                    provider + ": " + r.out());
            assertTrue(provider.equals("bridge")
                    ? lines.get(3).startsWith("3 invalid (nothing sent) validation: ") && lines.get(3).contains("missing_cellphone")
                    : lines.get(3).startsWith("3 created "), provider + ": " + r.out());
            assertTrue(lines.get(4).startsWith("again: UPDATED "), provider + ": " + r.out());
        }
    }

    @Test
    void simulatorsInTests() throws Exception {
        Run r = run(SimulatorsInTests.class, Map.of());
        assertTrue(r.out().matches("(?s)bird http://127\\.0\\.0\\.1:\\d+\nbridge http://127\\.0\\.0\\.1:\\d+\nstarted http://127\\.0\\.0\\.1:\\d+\n"),
                r.out());
    }

    private static Run run(Class<?> sample, Map<String, String> env) throws Exception {
        return run(sample, env, 0);
    }

    private static Run run(Class<?> sample, Map<String, String> env, int expectedStatus) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), sample.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("BIRD_") || k.startsWith("BRIDGE_") || k.startsWith("CONTACTKIT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, true));
        String out = read(p, false);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), sample.getSimpleName() + " did not finish");
        Run r = new Run(p.exitValue(), out, err.get());
        assertEquals(expectedStatus, r.status(), sample.getSimpleName() + " exit status; stderr:\n" + r.err() + "\nstdout:\n" + r.out());
        return r;
    }

    private static String read(Process p, boolean err) {
        try {
            return new String((err ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
