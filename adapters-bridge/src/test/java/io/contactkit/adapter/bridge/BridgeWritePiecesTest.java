package io.contactkit.adapter.bridge;

import static io.contactkit.adapter.bridge.Fixtures.COMPANY_ID;
import static io.contactkit.adapter.bridge.Fixtures.NOW;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.bridge.internal.BridgeCapabilityGate;
import io.contactkit.adapter.bridge.internal.BridgeMergeModel;
import io.contactkit.adapter.bridge.internal.BridgeValidator;
import io.contactkit.adapter.bridge.internal.ConnectBodyWriter;
import io.contactkit.adapter.bridge.internal.LegacyBodyWriter;
import io.contactkit.adapter.bridge.internal.WriteKind;
import io.contactkit.adapter.bridge.internal.WritePlan;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Warning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The write pieces on their own: the validator and both body writers return their problems and never
 * throw; the capability gate names what a generation cannot do; the merge model applies what a body sends.
 */
class BridgeWritePiecesTest {

    private static final List<CustomAttributeSetting> SETTINGS = List.of(
            new CustomAttributeSetting(COMPANY_ID, CustomAttributeSetting.Category.OPEN, true, "company", null, Map.of(), null));
    private static final UpsertCommand ODD = command(c -> c.identifier("phonenumber", "+14084029292")
            .set("company", AttributeValue.of(List.of(AttributeValue.of("A"), AttributeValue.of("B")))).set("shoeSize", "42"));

    private static List<String> codes(List<Violation> problems) {
        return problems.stream().map(Violation::code).toList();
    }

    @Test
    void theConnectBodyWriterReturnsItsProblemsInsteadOfThrowing() {
        WritePlan update = ConnectBodyWriter.write(ODD, WriteKind.UPDATE, SETTINGS, NOW);
        assertEquals(List.of("invalid_value", "unknown_attribute"), codes(update.problems()).stream().sorted().toList());

        WritePlan upsert = ConnectBodyWriter.write(ODD, WriteKind.UPSERT, SETTINGS, NOW);
        assertEquals(List.of("invalid_value"), codes(upsert.problems()), "an upsert warns about an undefined attribute instead");
        assertEquals(List.of("unknown_attribute"), upsert.warnings().stream().map(Warning::code).toList());
        assertTrue(LegacyBodyWriter.write(ODD).problems().isEmpty());
    }

    @Test
    void theValidatorListsEveryProblemOfEachGeneration() {
        UpsertCommand nameless = command(c -> c.identifier("emailaddress", "ann@example.com").language("FR"));
        assertEquals(List.of("invalid_uuid", "missing_cellphone", "invalid_language"),
                codes(new BridgeValidator(BridgeApiGeneration.CONNECT).violations("ws_abc123", nameless, WriteKind.UPSERT)));
        assertEquals(List.of("missing_cellphone", "missing_first_name", "missing_last_name", "invalid_language"),
                codes(new BridgeValidator(BridgeApiGeneration.LEGACY).violations("ws_abc123", nameless, WriteKind.CREATE)));
        assertEquals(List.of("invalid_id", "invalid_uuid"),
                codes(new BridgeValidator(BridgeApiGeneration.CONNECT).ids(" ", "contact_abc123")));
        assertTrue(new BridgeValidator(BridgeApiGeneration.CONNECT).updateViolations(WS, Fixtures.CONTACT_ID, ODD).isEmpty());
    }

    @Test
    void theGateNamesWhatAGenerationCannotDo() {
        UpsertCommand spanish = command(c -> c.identifier("phonenumber", "+14084029292").language("ES"));
        assertEquals("language", new BridgeCapabilityGate("bridge", BridgeApiGeneration.LEGACY).unsupported(spanish, WriteKind.UPDATE)
                .capability());
        assertNull(new BridgeCapabilityGate("bridge", BridgeApiGeneration.CONNECT).unsupported(spanish, WriteKind.UPSERT));
        UpsertCommand listed = command(c -> c.identifier("phonenumber", "+14084029292").addToList("vip"));
        assertEquals("lists", new BridgeCapabilityGate("bridge", BridgeApiGeneration.CONNECT).unsupported(listed, WriteKind.UPSERT)
                .capability());
    }

    @Test
    void theMergeModelAppliesWhatTheBodySendsAndRemovesWhatItNulls() {
        Contact current = Contact.builder(Fixtures.CONTACT_ID, WS, NOW).attribute("firstName", AttributeValue.of("Ann"))
                .attribute("lastName", AttributeValue.of("Lee")).build();
        UpsertCommand change = command(c -> c.identifier("phonenumber", "+14084029292").remove("lastName").set("company", "Acme"));
        Contact merged = BridgeMergeModel.merged(WS, ConnectBodyWriter.write(change, WriteKind.UPDATE, SETTINGS, NOW).body(), SETTINGS, current);
        assertEquals(AttributeValue.of("Ann"), merged.attributes().get("firstName"));
        assertEquals(AttributeValue.of("Acme"), merged.attributes().get("company"));
        assertFalse(Contact.hasValue(merged.attributes().getOrDefault("lastName", AttributeValue.Null.INSTANCE)));
        assertEquals("+14084029292", merged.identifiers().get(0).value());
    }
}
