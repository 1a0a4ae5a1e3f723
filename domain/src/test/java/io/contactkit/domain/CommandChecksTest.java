package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The attribute names' check, which remembers the very strings it found valid: every answer is the check's own, for names
 * seen once or many times, valid or not, equal strings or the same string, many names sharing its slots.
 */
class CommandChecksTest {

    /** The check as it is written, without remembering anything. */
    private static boolean validName(String name) {
        return name != null && !name.isBlank() && name.length() <= Limits.MAX_ATTRIBUTE_NAME_LENGTH
                && !IdentifierPolicy.hasControlCharacter(name);
    }

    @Test
    void everyAnswerIsTheChecksOwn() {
        Random random = new Random(612);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pool.add(switch (random.nextInt(6)) {
                case 0 -> " ";
                case 1 -> "bad\u0001" + i;
                case 2 -> "x".repeat(Limits.MAX_ATTRIBUTE_NAME_LENGTH + 1 + random.nextInt(3));
                case 3 -> "";
                default -> "name" + i;
            });
        }
        pool.add(null);
        AttributeChange set = AttributeChange.set(AttributeValue.of("v"));
        for (int round = 0; round < 20_000; round++) {
            int count = 1 + random.nextInt(4);
            String[] names = new String[count];
            AttributeChange[] changes = new AttributeChange[count];
            List<Violation> expected = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String picked = pool.get(random.nextInt(pool.size()));
                // sometimes an equal string, not the same one
                names[k] = picked != null && random.nextInt(4) == 0 ? new String(picked) : picked;
                changes[k] = set;
                if (!validName(names[k])) {
                    expected.add(Violation.of("attributes", "invalid_name", "attribute name '"
                            + (names[k] == null ? "null" : IdentifierPolicy.abbreviate(names[k])) + "' must be 1-"
                            + Limits.MAX_ATTRIBUTE_NAME_LENGTH + " characters without control characters"));
                }
            }
            List<Violation> problems = new ArrayList<>();
            CommandChecks.attributes(names, changes, count, problems);
            assertEquals(expected, problems, "round " + round);
        }
        assertFalse(CommandChecks.isCheckedName("bad\u0001"));
        assertFalse(CommandChecks.isCheckedName(null));
        String fresh = new String("firstName");
        List<Violation> none = new ArrayList<>();
        CommandChecks.attributes(new String[] {fresh}, new AttributeChange[] {set}, 1, none);
        assertTrue(none.isEmpty());
        assertTrue(CommandChecks.isCheckedName(fresh), "remembered once found valid");
    }

    @Test
    void numbersOfMoreThanAThousandDigitsEitherSideOfThePointAreRefused() {
        IdentifierPolicy policy = IdentifierPolicy.defaults();
        for (String ok : List.of("1e999", "-9e999", "1e-1000", "9.99e999", "-1.5e-998", "123456789012345678901234567890", "0", "0.5")) {
            assertTrue(UpsertCommand.builder().identifier("crm", "1").set("x", AttributeValue.of(new java.math.BigDecimal(ok)))
                    .build(policy).isValid(), ok);
        }
        for (String bad : List.of("1e1000", "1e-1001", "1e999999999", "-1e-999999999", "12e999")) {
            AttributeValue.Num n = AttributeValue.of(new java.math.BigDecimal(bad));
            var built = UpsertCommand.builder().identifier("crm", "1").set("x", n).build(policy);
            assertFalse(built.isValid(), bad);
            assertEquals("out_of_range", built.getError().get(0).code(), bad);
            assertEquals("attributes.x", built.getError().get(0).field(), bad);
            // in a list too
            var listed = UpsertCommand.builder().identifier("crm", "1")
                    .set("x", AttributeValue.of(List.of(AttributeValue.of(1), n))).build(policy);
            assertFalse(listed.isValid(), bad);
            // and printing one never writes out two billion digits
            assertEquals(new java.math.BigDecimal(bad).toString(), n.toString());
        }
        assertEquals("1000", AttributeValue.of(new java.math.BigDecimal("1E+3")).toString());
    }
}
