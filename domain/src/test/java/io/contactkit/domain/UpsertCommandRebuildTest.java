package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

        assertSameContent(built, again);
    }

    /** Equal, and the same in what equality does not look at: identifiers' order, the patch's order, hashes, kinds of change. */
    private static void assertSameContent(UpsertCommand built, UpsertCommand again) {
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
    void aCommandOfIdentifiersAndTextsRebuiltFromItsArraysIsTheCommandTheBuilderRebuilds() {
        UpsertCommand built = UpsertCommand.builder()
                .identifier("emailaddress", "b@example.com")
                .identifier("phonenumber", "(415) 555-0134")
                .set("lastName", "Lee")
                .set("firstName", "Bo")
                .set("age", AttributeValue.of(java.math.BigDecimal.valueOf(41)))
                .strategy(Strategy.MERGE)
                .build(POLICY).get();
        String[] names = new String[built.attributeCount() + 2];
        AttributeValue[] values = new AttributeValue[names.length];
        for (int k = 0; k < built.attributeCount(); k++) {
            names[k] = built.attributeName(k);
            values[k] = built.attributeValue(k);
        }

        UpsertCommand again = UpsertCommand.rebuiltChecked(Strategy.MERGE, built.identifiers(), names, values, built.attributeCount());
        UpsertCommand rebuilt = built.toBuilder().rebuildChecked();
        // the caller's arrays are copied: writing them afterwards changes nothing
        names[0] = "changed";
        values[0] = AttributeValue.of("changed");

        for (UpsertCommand c : List.of(again, rebuilt)) {
            assertSameContent(built, c);
            assertEquals(built.toString(), c.toString());
            assertArrayEquals(built.setNames(), c.setNames());
            assertArrayEquals(built.setValues(), c.setValues());
            assertEquals(Strategy.MERGE, c.strategy());
        }
        // identifiers alone
        UpsertCommand bare = UpsertCommand.builder().identifier("emailaddress", "c@example.com").build(POLICY).get();
        UpsertCommand bareAgain = UpsertCommand.rebuiltChecked(bare.strategy(), bare.identifiers(), new String[0], new AttributeValue[0], 0);
        assertEquals(bare, bareAgain);
        assertEquals(0, bareAgain.attributeCount());
        assertEquals(false, bareAgain.hasValueChanges());
        assertEquals(null, bareAgain.setNames());
        assertThrows(NullPointerException.class, () -> UpsertCommand.rebuiltChecked(null, bare.identifiers(), new String[0], new AttributeValue[0], 0));
        assertThrows(NullPointerException.class,
                () -> UpsertCommand.rebuiltChecked(Strategy.MERGE, bare.identifiers(), new String[] {"a"}, new AttributeValue[1], 1));
    }

    @Test
    void aPatchReadInPlaceGivesItsNamesAndTheValuesSetNullForARemoval() {
        UpsertCommand c = UpsertCommand.builder()
                .identifier("emailaddress", "b@example.com")
                .set("firstName", "Bo")
                .remove("city")
                .set("age", AttributeValue.of(java.math.BigDecimal.valueOf(41)))
                .build(POLICY).get();
        assertEquals(3, c.attributeCount());
        assertEquals(List.of("firstName", "city", "age"), List.of(c.attributeName(0), c.attributeName(1), c.attributeName(2)));
        assertEquals(AttributeValue.of("Bo"), c.attributeValue(0));
        assertNull(c.attributeValue(1));
        assertEquals(AttributeValue.of(java.math.BigDecimal.valueOf(41)), c.attributeValue(2));
        UpsertCommand sets = UpsertCommand.builder().identifier("emailaddress", "b@example.com").set("firstName", "Bo").build(POLICY).get();
        assertEquals(AttributeValue.of("Bo"), sets.attributeValue(0));
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
