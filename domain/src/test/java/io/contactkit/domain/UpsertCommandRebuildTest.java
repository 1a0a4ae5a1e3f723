package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A built command made again from its content without a second normalization gives the very same command. */
class UpsertCommandRebuildTest {

    private static final IdentifierPolicy POLICY = IdentifierPolicy.builder().defaultRegion("US").keyPriority(List.of("phonenumber", "emailaddress")).build();

    @Test
    void aBuiltCommandsContentRebuildsToAnEqualCommand() {
        UpsertCommand built = UpsertCommand.builder()
                .identifier("emailaddress", "  Ann@Example.COM ")
                .identifier("phonenumber", "(415) 555-0134")
                .set("firstName", "Ann")
                .set("age", AttributeValue.of(java.math.BigDecimal.valueOf(41)))
                .remove("city")
                .removeIdentifier("crmId", "old-1")
                .addToList("L1")
                .removeFromAccount("A2")
                .owner("sales")
                .language("en")
                .strategy(Strategy.MERGE)
                .build(POLICY).get();

        UpsertCommand again = built.toBuilder().rebuildChecked();

        assertEquals(built, again);
        assertEquals(built.identifiers(), again.identifiers());
        assertEquals(List.copyOf(built.attributes().keySet()), List.copyOf(again.attributes().keySet()));
        assertArrayEquals(built.identifierHashes(), again.identifierHashes());
        assertEquals(built.hasValueChanges(), again.hasValueChanges());
        assertEquals(built.hasMembershipChanges(), again.hasMembershipChanges());
        assertEquals(built.hasTextChanges(), again.hasTextChanges());
        assertEquals(built.hasRemovals(), again.hasRemovals());
    }

    @Test
    void aCommandOfIdentifiersAndTextsKeepsItsSetValuesInOrder() {
        UpsertCommand built = UpsertCommand.builder()
                .identifier("emailaddress", "b@example.com")
                .set("lastName", "Lee")
                .set("firstName", "Bo")
                .build(POLICY).get();

        UpsertCommand again = built.toBuilder().rebuildChecked();

        assertEquals(built, again);
        assertArrayEquals(built.setNames(), again.setNames());
        assertArrayEquals(built.setValues(), again.setValues());
    }

    @Test
    void identifiersAreKeptAsGivenNeitherNormalizedNorReordered() {
        UpsertCommand again = UpsertCommand.builder()
                .identifier("emailaddress", "Not Canonical")
                .identifier("crmId", "7")
                .rebuildChecked();

        assertEquals(List.of(new Identifier("emailaddress", "Not Canonical"), new Identifier("crmId", "7")), again.identifiers());
    }

    @Test
    void aProblemFoundEarlyIsRefused() {
        assertThrows(IllegalStateException.class, () -> UpsertCommand.builder().identifier("crmId", "1").strategy(null).rebuildChecked());
    }
}
