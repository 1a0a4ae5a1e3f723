package io.contactkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Secret;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import io.contactkit.simulator.BridgeSimulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the newer Bridge API's declared {@code strict_alias} means, on the simulator: Bridge holds one
 * identifier per contact (the cellphone); its e-mail address is a plain field that two contacts may
 * share. So giving one contact another's address is an update with a warning, never a conflict, and
 * no listed identifier ever has two owners.
 */
class BridgeEmailFieldTest {

    private static final String KEY = "tck-bridge-api-key";
    private static final String WORKSPACE = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private BridgeSimulator bridge;
    private BridgeContactsClient client;

    @BeforeEach
    void start() {
        bridge = BridgeSimulator.builder().apiKey(KEY).workspace(WORKSPACE).start();
        client = new BridgeContactsClient(BridgeConfig.builder().baseUrl(bridge.baseUrl()).apiKey(Secret.of(KEY))
                .responseTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        bridge.close();
    }

    @Test
    void anotherContactsAddressIsAnUpdateWithAWarningAndNoIdentifierHasTwoOwners() {
        UpsertResult p1 = client.upsert(WORKSPACE, command("+14084020001", "ann@example.com")).block(WAIT);
        UpsertResult p2 = client.upsert(WORKSPACE, command("+14084020002", "bo@example.com")).block(WAIT);
        UpsertResult moved = client.upsert(WORKSPACE, command("+14084020001", "bo@example.com")).block(WAIT);

        assertTrue(p1.created() && p2.created());
        assertFalse(moved.created());
        assertEquals(p1.contact().id(), moved.contact().id(), "the cellphone picked the contact");
        assertEquals(List.of(BridgeContactsClient.EMAIL_NOT_IDENTIFIER_WARNING), moved.warnings().stream().map(Warning::code).toList());
        assertTrue(moved.warnings().get(0).message().contains("bo@example.com"));

        List<Contact> listed = client.list(WORKSPACE, ListQuery.all()).collectList().block(WAIT);
        assertEquals(2, listed.size());
        Map<Identifier, String> owners = new HashMap<>();
        for (Contact c : listed) {
            for (Identifier i : c.identifiers()) {
                String other = owners.put(i, c.id());
                assertTrue(other == null, i + " is owned by " + other + " and " + c.id());
            }
            assertEquals(AttributeValue.of("bo@example.com"), c.attributes().get(BridgeContactsClient.EMAIL_ATTRIBUTE),
                    "both contacts have the address in Bridge's plain email field");
            assertEquals(1, c.identifiers().size(), "the cellphone is the one identifier");
        }
        assertTrue(client.capabilities().supports(Strategy.STRICT_ALIAS));
        assertEquals(java.util.Set.of(Identifier.PHONE), client.capabilities().upsertKeys());
    }

    private static UpsertCommand command(String phone, String email) {
        return UpsertCommand.builder().identifier("phonenumber", phone).identifier("emailaddress", email)
                .strategy(Strategy.STRICT_ALIAS).build(IdentifierPolicy.defaults()).get();
    }
}
