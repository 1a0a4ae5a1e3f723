package io.contactkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.domain.Classification;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import io.contactkit.ports.UpsertResult;
import io.contactkit.simulator.BridgeSimulator;
import io.contactkit.simulator.CustomAttribute;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's classification prediction (the domain's rule with the workspace's required
 * attributes, read from Bridge's settings) agrees with the {@code type} the Bridge simulator returns,
 * for generated contacts with and without each field NORMAL needs; archived required attributes do
 * not count, and an attribute the workspace does not define (or has archived) is a warning, not a failure.
 */
class BridgeClassificationAgreementTest {

    private static final String KEY = "tck-bridge-api-key";
    private static final String WORKSPACE = "0b9e6c1a-4f2d-4a8b-9c3e-7d5f1a2b3c4d";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private BridgeSimulator bridge;
    private BridgeContactsClient client;
    private final AtomicInteger phones = new AtomicInteger();

    @BeforeEach
    void start() {
        bridge = BridgeSimulator.builder().apiKey(KEY).workspace(WORKSPACE)
                .customAttribute(CustomAttribute.open("company").required())
                .customAttribute(CustomAttribute.closed("tier", "gold", "silver").required())
                .customAttribute(CustomAttribute.open("legacyCode").required().archivedAt(Instant.parse("2020-01-01T00:00:00Z")))
                .start();
        client = new BridgeContactsClient(BridgeConfig.builder().api(BridgeApiGeneration.CONNECT)
                .baseUrl(bridge.baseUrl()).apiKey(Secret.of(KEY)).responseTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        bridge.close();
    }

    @Test
    void predictionAgreesWithTheReturnedType() {
        qt().withFixedSeed(6L).withExamples(60)
                .forAll(integers().between(0, 63), booleans().all())
                .checkAssert((fields, unknown) -> {
                    UpsertCommand command = command(fields, unknown);
                    Classification predicted = client.predictClassification(WORKSPACE, command).block(WAIT);
                    UpsertResult result = client.upsert(WORKSPACE, command).block(WAIT);
                    assertTrue(result.created(), "a fresh cellphone makes a new contact");
                    assertEquals(result.providerClassification(), predicted, "fields " + Integer.toBinaryString(fields));
                    assertEquals(fields == 31 || fields == 63 ? Classification.NORMAL : Classification.PARTIAL, predicted);
                    // an undefined attribute and an archived one are not written, and each is reported
                    int notWritten = (unknown ? 1 : 0) + ((fields & 32) != 0 ? 1 : 0);
                    assertEquals(notWritten, result.warnings().size(), result.warnings().toString());
                });
    }

    /** Bit 0 first name, 1 last name, 2 language, 3 company, 4 tier, 5 the archived attribute; plus an undefined one. */
    private UpsertCommand command(int fields, boolean unknown) {
        int n = phones.incrementAndGet();
        UpsertCommand.Builder b = UpsertCommand.builder()
                .identifier("phonenumber", "+1408" + (300 + n / 10_000) + String.format("%04d", n % 10_000));
        if ((fields & 1) != 0) {
            b.set("firstName", "Maria");
        }
        if ((fields & 2) != 0) {
            b.set("lastName", "Lopez");
        }
        if ((fields & 4) != 0) {
            b.language(n % 2 == 0 ? "es" : "EN");
        }
        if ((fields & 8) != 0) {
            b.set("company", "Acme");
        }
        if ((fields & 16) != 0) {
            b.set("tier", "gold");
        }
        if ((fields & 32) != 0) {
            b.set("legacyCode", "L-1");
        }
        if (unknown) {
            b.set("shoeSize", "42");
        }
        var built = b.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalStateException(built.getError().mkString("; "));
        }
        return built.get();
    }
}
