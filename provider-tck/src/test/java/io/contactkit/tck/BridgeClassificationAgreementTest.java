package io.contactkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's classification prediction agrees with the {@code type} the Bridge simulator returns,
 * over every combination of what NORMAL needs (first name, last name, language, a required OPEN
 * attribute, a required CLOSED attribute given a known choice, an unknown choice or nothing), with and
 * without an archived required attribute and an attribute the workspace does not define; and for
 * updates of existing contacts (adding, replacing and removing fields), predicted with the current
 * contact. The expected class is also computed here from a model of the fields, and each kind of case
 * is counted and asserted reached.
 */
class BridgeClassificationAgreementTest {

    private static final String KEY = "tck-bridge-api-key";
    private static final String WORKSPACE = "0b9e6c1a-4f2d-4a8b-9c3e-7d5f1a2b3c4d";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What is stored of the fields NORMAL needs. */
    private record Fields(boolean first, boolean last, boolean language, boolean company, int tier) {
        /** tier: 0 nothing, 1 a known choice, 2 an unknown choice (not sent, so not stored). */
        boolean normal() {
            return first && last && language && company && tier == 1;
        }

        Fields stored() {
            return new Fields(first, last, language, company, tier == 1 ? 1 : 0);
        }
    }

    /** A change an update makes. */
    private enum Delta {
        NOTHING, COMPLETE, REMOVE_FIRST_NAME, UNKNOWN_TIER, REMOVE_TIER, ADD_COMPANY, ADD_LANGUAGE, REMOVE_COMPANY;

        Fields apply(Fields s) {
            return switch (this) {
                case NOTHING, UNKNOWN_TIER -> s;
                case COMPLETE -> new Fields(true, true, true, true, 1);
                case REMOVE_FIRST_NAME -> new Fields(false, s.last(), s.language(), s.company(), s.tier());
                case REMOVE_TIER -> new Fields(s.first(), s.last(), s.language(), s.company(), 0);
                case ADD_COMPANY -> new Fields(s.first(), s.last(), s.language(), true, s.tier());
                case ADD_LANGUAGE -> new Fields(s.first(), s.last(), true, s.company(), s.tier());
                case REMOVE_COMPANY -> new Fields(s.first(), s.last(), s.language(), false, s.tier());
            };
        }

        void write(UpsertCommand.Builder b) {
            switch (this) {
                case NOTHING -> { }
                case COMPLETE -> b.set("firstName", "Maria").set("lastName", "Lopez").language("ES").set("company", "Acme").set("tier", "gold");
                case REMOVE_FIRST_NAME -> b.remove("firstName");
                case UNKNOWN_TIER -> b.set("tier", "platinum");
                case REMOVE_TIER -> b.remove("tier");
                case ADD_COMPANY -> b.set("company", "Acme");
                case ADD_LANGUAGE -> b.language("en");
                case REMOVE_COMPANY -> b.remove("company");
            }
        }
    }

    private BridgeSimulator bridge;
    private BridgeContactsClient client;
    private final AtomicInteger phones = new AtomicInteger();
    private final Map<String, Integer> reached = new TreeMap<>();

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
    void predictionAgreesWithTheReturnedTypeForEveryNewContact() {
        for (Fields f : allFields()) {
            for (boolean archived : new boolean[] {false, true}) {
                for (boolean undefined : new boolean[] {false, true}) {
                    UpsertCommand command = command(b -> {
                        write(f, b);
                        if (archived) {
                            b.set("legacyCode", "L-1");
                        }
                        if (undefined) {
                            b.set("shoeSize", "42");
                        }
                    });
                    Classification predicted = client.predictClassification(WORKSPACE, command).block(WAIT);
                    UpsertResult result = client.upsert(WORKSPACE, command).block(WAIT);
                    assertTrue(result.created(), "a fresh cellphone makes a new contact");
                    assertEquals(result.providerClassification(), predicted, f + " archived " + archived + " undefined " + undefined);
                    assertEquals(f.normal() ? Classification.NORMAL : Classification.PARTIAL, predicted, f.toString());
                    int notSent = (archived ? 1 : 0) + (undefined ? 1 : 0) + (f.tier() == 2 ? 1 : 0);
                    assertEquals(notSent, result.warnings().size(), result.warnings().toString());
                    count("new " + predicted);
                    if (f.tier() == 2 && f.first() && f.last() && f.language() && f.company()) {
                        count("new, complete but for an unknown required choice: PARTIAL");
                    }
                }
            }
        }
        assertEquals(192, reached.get("new NORMAL") + reached.get("new PARTIAL"), reached.toString());
        assertEquals(4, reached.get("new NORMAL"), reached.toString());   // one complete combination, with and without the two extras
        assertEquals(4, reached.get("new, complete but for an unknown required choice: PARTIAL"), reached.toString());
    }

    @Test
    void predictionWithTheCurrentContactAgreesForEveryUpdate() {
        for (Fields start : allFields()) {
            for (Delta delta : Delta.values()) {
                UpsertCommand create = command(b -> write(start, b));
                UpsertResult created = client.upsert(WORKSPACE, create).block(WAIT);
                String phone = create.identifiers().get(0).value();
                UpsertCommand change = command(phone, delta::write);
                Classification predicted = client.predictClassification(WORKSPACE, change, created.contact()).block(WAIT);
                UpsertResult updated = client.upsert(WORKSPACE, change).block(WAIT);
                Fields after = delta.apply(start.stored());
                assertTrue(!updated.created(), "the same cellphone updates");
                assertEquals(updated.providerClassification(), predicted, start + " then " + delta);
                assertEquals(after.normal() ? Classification.NORMAL : Classification.PARTIAL, predicted, start + " then " + delta);
                Classification before = created.providerClassification();
                count("update " + before + " -> " + predicted);
                if (before == Classification.PARTIAL && predicted == Classification.NORMAL && !delta.equals(Delta.COMPLETE)) {
                    count("update adds the last missing field: NORMAL");
                }
            }
        }
        for (String kind : new String[] {"update PARTIAL -> PARTIAL", "update PARTIAL -> NORMAL", "update NORMAL -> NORMAL",
                "update NORMAL -> PARTIAL", "update adds the last missing field: NORMAL"}) {
            assertTrue(reached.getOrDefault(kind, 0) > 0, kind + " never reached: " + reached);
        }
        assertEquals(48 * Delta.values().length, reached.entrySet().stream().filter(e -> e.getKey().contains("->"))
                .mapToInt(Map.Entry::getValue).sum());
    }

    /** Every combination of the fields NORMAL needs: 48. */
    private static java.util.List<Fields> allFields() {
        java.util.List<Fields> all = new java.util.ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            for (int tier = 0; tier < 3; tier++) {
                all.add(new Fields((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, tier));
            }
        }
        return all;
    }

    private static void write(Fields f, UpsertCommand.Builder b) {
        if (f.first()) {
            b.set("firstName", "Maria");
        }
        if (f.last()) {
            b.set("lastName", "Lopez");
        }
        if (f.language()) {
            b.language("EN");
        }
        if (f.company()) {
            b.set("company", "Acme");
        }
        if (f.tier() == 1) {
            b.set("tier", "silver");
        } else if (f.tier() == 2) {
            b.set("tier", "bronze");
        }
    }

    private void count(String kind) {
        reached.merge(kind, 1, Integer::sum);
    }

    private UpsertCommand command(Consumer<UpsertCommand.Builder> spec) {
        int n = phones.incrementAndGet();
        return command("+1408" + (300 + n / 10_000) + String.format("%04d", n % 10_000), spec);
    }

    private static UpsertCommand command(String phone, Consumer<UpsertCommand.Builder> spec) {
        UpsertCommand.Builder b = UpsertCommand.builder().identifier("phonenumber", phone);
        spec.accept(b);
        var built = b.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalStateException(built.getError().mkString("; "));
        }
        return built.get();
    }
}
