package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A command's attribute patch, kept in arrays by the builder and the command: the same names, changes and order as an
 * insertion-ordered map fed the same calls (a later change of a name replaces the earlier one in its place), whether a
 * patch has a few names or more than the builder looks up along its array.
 */
class UpsertCommandPatchTest {

    private static final IdentifierPolicy POLICY = IdentifierPolicy.defaults();

    @Test
    void thePatchIsTheMapTheSameCallsWouldMake() {
        Random random = new Random(18);
        for (int round = 0; round < 2_000; round++) {
            int pool = 1 + random.nextInt(round % 3 == 0 ? 60 : 6);
            int calls = random.nextInt(3 * pool + 1);
            UpsertCommand.Builder b = UpsertCommand.builder().identifier(Identifier.EMAIL, "a@example.com");
            Map<String, AttributeChange> expected = new LinkedHashMap<>();
            for (int i = 0; i < calls; i++) {
                String name = "attr" + random.nextInt(pool);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        b.remove(name);
                        expected.put(name, AttributeChange.remove());
                    }
                    case 1 -> {
                        AttributeChange c = AttributeChange.set(AttributeValue.of(random.nextInt(5)));
                        b.change(name, c);
                        expected.put(name, c);
                    }
                    default -> {
                        String v = "v" + random.nextInt(7);
                        b.set(name, v);
                        expected.put(name, AttributeChange.set(AttributeValue.of(v)));
                    }
                }
            }
            UpsertCommand c = b.build(POLICY).get();
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(c.attributes().entrySet()), "round " + round);
            assertEquals(expected.size(), c.attributeCount());
            List<String> names = new ArrayList<>(expected.keySet());
            for (int k = 0; k < c.attributeCount(); k++) {
                assertEquals(names.get(k), c.attributeName(k));
                assertEquals(expected.get(names.get(k)), c.attributeChange(k));
            }
            boolean allSets = !expected.isEmpty() && expected.values().stream().allMatch(v -> v instanceof AttributeChange.Set);
            if (allSets) {
                assertArrayEquals(names.toArray(new String[0]), c.setNames());
                assertArrayEquals(expected.values().stream().map(v -> ((AttributeChange.Set) v).value()).toArray(), c.setValues());
            } else {
                assertNull(c.setNames());
                assertNull(c.setValues());
            }
            assertEquals(expected.isEmpty(), !c.hasValueChanges());
            // the same content again: equal, and the builder goes on from where it was
            UpsertCommand again = c.toBuilder().build(POLICY).get();
            assertEquals(c, again);
            assertEquals(c.hashCode(), again.hashCode());
            assertEquals(c.toString(), again.toString());
            assertEquals(new ArrayList<>(c.attributes().entrySet()), new ArrayList<>(again.attributes().entrySet()));
            b.set("late", "x");
            expected.put("late", AttributeChange.set(AttributeValue.of("x")));
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(b.build(POLICY).get().attributes().entrySet()));
            expected.remove("late");
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(c.attributes().entrySet()), "built before the later call");
        }
    }

    /** Identifiers normalized into one array and ordered in place: as the list they were first put in, deduplicated, then sorted. */
    @Test
    void identifiersAreTheFirstOfEachInPriorityOrder() {
        Random random = new Random(7);
        List<String> keys = List.of(Identifier.EMAIL, "crm_id", "visitor", "other");
        for (int round = 0; round < 2_000; round++) {
            List<String> priority = new ArrayList<>(keys.subList(0, random.nextInt(keys.size() + 1)));
            java.util.Collections.shuffle(priority, random);
            IdentifierPolicy policy = IdentifierPolicy.builder().keyPriority(priority).build();
            int n = random.nextInt(round % 5 == 0 ? 14 : 5);
            UpsertCommand.Builder b = UpsertCommand.builder();
            List<Identifier> given = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = keys.get(random.nextInt(keys.size()));
                String value = key.equals(Identifier.EMAIL) ? "u" + random.nextInt(4) + "@example.com" : "v" + random.nextInt(4);
                b.identifier(key, value);
                given.add(new Identifier(key, value));
            }
            // the reference: each identifier at its first position, then a stable sort by the key's rank
            List<Identifier> expected = new ArrayList<>(new java.util.LinkedHashSet<>(given));
            expected.sort(java.util.Comparator.comparingInt(id -> priority.contains(id.key()) ? priority.indexOf(id.key()) : priority.size()));
            assertEquals(expected, b.build(policy).get().identifiers(), "round " + round);
            assertEquals(expected, policy.order(given), "round " + round);
            assertEquals(List.copyOf(expected).getClass(), b.build(policy).get().identifiers().getClass());
        }
    }

    @Test
    void theViewIsReadOnlyAndMadeOnce() {
        UpsertCommand c = UpsertCommand.builder().identifier(Identifier.EMAIL, "a@example.com").set("firstName", "Ann").remove("city")
                .build(POLICY).get();
        Map<String, AttributeChange> view = c.attributes();
        assertSame(view, c.attributes());
        assertThrows(UnsupportedOperationException.class, () -> view.put("x", AttributeChange.remove()));
        assertTrue(UpsertCommand.builder().identifier(Identifier.EMAIL, "a@example.com").build(POLICY).get().attributes().isEmpty());
    }

    @Test
    void aPatchKeepsItsChecks() {
        UpsertCommand.Builder b = UpsertCommand.builder().identifier(Identifier.EMAIL, "a@example.com");
        for (int i = 0; i <= Limits.MAX_ATTRIBUTES_PER_COMMAND; i++) {
            b.set("a" + i, "v");
        }
        assertEquals("too_many", b.build(POLICY).getError().head().code());
        UpsertCommand.Builder bad = UpsertCommand.builder().identifier(Identifier.EMAIL, "a@example.com").set("ok", "v").set(" ", "v")
                .set("bad\u0001", "v");
        assertEquals(List.of("attributes", "attributes"), bad.build(POLICY).getError().map(Violation::field).toJavaList());
    }
}
