package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Commands report every problem at once, and respect the limits. */
class UpsertCommandValidationTest {

    static Seq<Violation> problems(UpsertCommand.Builder b) {
        Validation<Seq<Violation>, UpsertCommand> v = b.build(IdentifierPolicy.defaults());
        assertTrue(v.isInvalid(), () -> "expected problems, got " + v.get());
        return v.getError();
    }

    static List<String> fieldsAndCodes(Seq<Violation> problems) {
        return problems.map(v -> v.field() + " " + v.code()).toJavaList();
    }

    @Test
    void everyProblemOfACommandIsReportedNotOnlyTheFirst() {
        UpsertCommand.Builder b = UpsertCommand.builder()
                .identifier("emailaddress", "not-an-email")
                .identifier("phonenumber", "0612345678")
                .identifier("bad key", "1")
                .identifier("crmId", "ok")
                .removeIdentifier("emailaddress", "also bad")
                .removeIdentifier("crmId", "ok")
                .set("", "x")
                .set("tags", AttributeValue.of(List.of()))
                .addToList(" ")
                .addToList("L1")
                .addToList("L1")
                .removeFromList("L1")
                .owner("  ")
                .language("en US")
                .strategy(null);

        List<String> found = fieldsAndCodes(problems(b));

        assertEquals(List.of(
                "strategy missing_strategy",
                "identifiers[0].value invalid_email",
                "identifiers[1].value invalid_phone",
                "identifiers[2].key invalid_key",
                "removeIdentifiers[0].value invalid_email",
                "removeIdentifiers contradiction",
                "attributes invalid_name",
                "attributes.tags invalid_value",
                "addToLists[0] invalid_id",
                "addToLists[2] duplicate",
                "lists contradiction",
                "owner invalid_value",
                "language invalid_value"), found);
    }

    @Test
    void listAndAccountChangesHoldAtMostTenIds() {
        UpsertCommand.Builder ten = UpsertCommand.builder().identifier("crmId", "1");
        UpsertCommand.Builder eleven = UpsertCommand.builder().identifier("crmId", "1");
        for (int i = 0; i < 10; i++) {
            ten.addToList("L" + i).removeFromList("R" + i).addToAccount("A" + i).removeFromAccount("B" + i);
            eleven.addToList("L" + i).removeFromList("R" + i).addToAccount("A" + i).removeFromAccount("B" + i);
        }
        eleven.addToList("L10").removeFromList("R10").addToAccount("A10").removeFromAccount("B10");

        assertTrue(ten.build(IdentifierPolicy.defaults()).isValid());
        assertEquals(List.of("addToLists too_many", "removeFromLists too_many", "addToAccounts too_many", "removeFromAccounts too_many"),
                fieldsAndCodes(problems(eleven)));
    }

    @Test
    void membershipIdsHaveBoundedLength() {
        String ok = "x".repeat(Limits.MAX_MEMBERSHIP_ID_LENGTH);
        assertTrue(UpsertCommand.builder().addToList(ok).build(IdentifierPolicy.defaults()).isValid());
        assertEquals(List.of("addToAccounts[0] invalid_id"), fieldsAndCodes(problems(UpsertCommand.builder().addToAccount(ok + "x"))));
    }

    @Test
    void tooManyIdentifiersIsAProblem() {
        UpsertCommand.Builder b = UpsertCommand.builder();
        IntStream.range(0, Limits.MAX_IDENTIFIERS_PER_COMMAND + 1).forEach(i -> b.identifier("crmId", "id" + i));
        assertEquals(List.of("identifiers too_many"), fieldsAndCodes(problems(b)));
    }

    @Test
    void attributeValuesAreChecked() {
        UpsertCommand.Builder b = UpsertCommand.builder()
                .set("nested", AttributeValue.of(List.of(AttributeValue.of(List.of(AttributeValue.of(1))))))
                .set("struct", new AttributeValue.Struct(java.util.Map.of("a", AttributeValue.of(1))))
                .set("nullish", AttributeValue.Null.INSTANCE)
                .set("long", "x".repeat(Limits.MAX_TEXT_VALUE_LENGTH + 1))
                .set("ok", AttributeValue.of(List.of(AttributeValue.of("a"), AttributeValue.of(2), AttributeValue.of(false))));
        assertEquals(List.of("attributes.nested invalid_value", "attributes.struct invalid_value", "attributes.nullish invalid_value",
                "attributes.long too_long"), fieldsAndCodes(problems(b)));
    }

    /** A message shown without its field (a command line's result for a record) still says which attribute it is about. */
    @Test
    void aValueProblemsMessageNamesTheAttribute() {
        UpsertCommand.Builder b = UpsertCommand.builder()
                .set("notes", "x".repeat(Limits.MAX_TEXT_VALUE_LENGTH + 1))
                .set("tags", AttributeValue.of(IntStream.range(0, Limits.MAX_LIST_VALUE_SIZE + 1).mapToObj(AttributeValue::of).toList()))
                .set("rating", AttributeValue.of(new java.math.BigDecimal("1e1000")))
                .set("nested", new AttributeValue.Struct(java.util.Map.of("a", AttributeValue.of(1))));
        assertEquals(List.of(
                "attribute 'notes': a text value is at most 65535 characters, this one has 65536",
                "attribute 'tags': a list value holds at most 1000 items, this one holds 1001",
                "attribute 'rating': a number has at most 1000 digits before its decimal point and as many after it",
                "attribute 'nested': an attribute value must be a string, number, boolean or a non-empty list of those"),
                problems(b).map(Violation::message).toJavaList());
        assertEquals(List.of("attributes.notes too_long", "attributes.tags too_many", "attributes.rating out_of_range",
                "attributes.nested invalid_value"), fieldsAndCodes(problems(b)), "the fields and codes as before");
    }

    @Test
    void tooManyAttributesIsAProblem() {
        UpsertCommand.Builder b = UpsertCommand.builder();
        IntStream.range(0, Limits.MAX_ATTRIBUTES_PER_COMMAND + 1).forEach(i -> b.set("a" + i, "v"));
        assertEquals(List.of("attributes too_many"), fieldsAndCodes(problems(b)));
    }

    @Test
    void anEmptyCommandIsValidAndDuplicatesCollapse() {
        UpsertCommand c = Fixtures.valid(UpsertCommand.builder()
                .removeIdentifier("crmId", "1").removeIdentifier("crmId", " 1 ")
                .build(IdentifierPolicy.defaults()));
        assertEquals(List.of(Identifier.of("crmId", "1")), c.removeIdentifiers());
        assertEquals(List.of(), c.identifiers());
        assertEquals(java.util.Optional.empty(), c.primaryIdentifier());
    }

    @Test
    void aCommandSurvivesARoundTripThroughItsBuilder() {
        UpsertCommand c = Fixtures.valid(UpsertCommand.builder()
                .identifier("emailaddress", "a@x.io").set("firstName", "Ann").remove("lastName")
                .removeIdentifier("crmId", "9").addToList("L1").removeFromAccount("A1").owner("o@x.io").language("EN")
                .strategy(Strategy.FIRST_ALIAS).build(IdentifierPolicy.defaults()));
        assertEquals(c, Fixtures.valid(c.toBuilder().build(IdentifierPolicy.defaults())));
        assertEquals(Strategy.MERGE, c.withStrategy(Strategy.MERGE).strategy());
        assertEquals(c.identifiers(), c.withStrategy(Strategy.MERGE).identifiers());
        String text = c.toString();
        assertTrue(text.contains("first_alias") && text.contains("a@x.io"), text);
    }

    @Test
    void violationsNestUnderAPath() {
        Violation v = Violation.of("value", "invalid_email", "bad");
        assertEquals("identifiers[3].value", v.under("identifiers[3]").field());
        assertEquals("x", Violation.of("", "c", "m").under("x").field());
    }

    @Test
    void aNullStrategyIsRefusedNotIgnored() {
        UpsertCommand merge = UpsertCommand.builder().strategy(Strategy.MERGE).identifier("crm", "x").build(IdentifierPolicy.defaults()).get();
        NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> merge.withStrategy(null));
        org.junit.jupiter.api.Assertions.assertEquals("strategy", e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(Strategy.FIRST, merge.withStrategy(Strategy.FIRST).strategy());
    }
}
