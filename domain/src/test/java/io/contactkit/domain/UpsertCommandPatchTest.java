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
    /**
     * A builder emptied with {@code clear()} and fed a sequence of calls builds what a new builder fed the same calls builds:
     * the same command (or the same problems), whatever the builder held before, and commands it built earlier keep their
     * content.
     */
    @Test
    void aClearedBuilderBuildsWhatANewOneBuilds() {
        Random random = new Random(1418);
        UpsertCommand.Builder reused = UpsertCommand.builder();
        List<UpsertCommand> earlier = new ArrayList<>();
        List<UpsertCommand> earlierFresh = new ArrayList<>();
        for (int round = 0; round < 3_000; round++) {
            long seed = random.nextLong();
            UpsertCommand.Builder fresh = UpsertCommand.builder();
            feed(fresh, new Random(seed));
            feed(reused.clear(), new Random(seed));
            var expected = fresh.build(POLICY);
            var actual = reused.build(POLICY);
            assertEquals(expected.isValid(), actual.isValid(), "round " + round);
            if (!expected.isValid()) {
                assertEquals(expected.getError(), actual.getError(), "round " + round);
                continue;
            }
            UpsertCommand c = actual.get();
            assertEquals(expected.get(), c, "round " + round);
            assertEquals(expected.get().toString(), c.toString());
            assertEquals(new ArrayList<>(expected.get().attributes().entrySet()), new ArrayList<>(c.attributes().entrySet()));
            assertArrayEquals(expected.get().setNames(), c.setNames());
            assertArrayEquals(expected.get().setValues(), c.setValues());
            earlier.add(c);
            earlierFresh.add(expected.get());
        }
        // what the reused builder built before is not changed by what it was fed after
        for (int k = 0; k < earlier.size(); k++) {
            assertEquals(earlierFresh.get(k), earlier.get(k), "command " + k);
            assertEquals(earlierFresh.get(k).toString(), earlier.get(k).toString());
        }
    }

    /**
     * The build that adds its problems to the caller's list gives what the build returning a {@code Validation} gives: the
     * same command (its identifiers' list of the same kind), or the same violations in the same order after what the list
     * held; with a key priority and phones of a default region too, from a builder cleared and built again and again.
     */
    @Test
    void theBuildIntoAListIsTheValidationBuild() {
        Random random = new Random(1806);
        IdentifierPolicy us = IdentifierPolicy.builder().defaultRegion("US").keyPriority(Identifier.PHONE, "crm_id").build();
        List<String> phones = List.of("4152098994", "(650) 352-5601", "+1 415-377-9519", "1-415-209-8994", "555-0100", "n/a",
                "(415) 209-8994 ext. 12", "0", "+44 20 7946 0958");
        UpsertCommand.Builder reused = UpsertCommand.builder();
        List<Violation> problems = new ArrayList<>();
        Violation earlier = Violation.of("x", "y", "held before");
        int valid = 0;
        for (int round = 0; round < 4_000; round++) {
            IdentifierPolicy policy = round % 2 == 0 ? POLICY : us;
            long seed = random.nextLong();
            UpsertCommand.Builder fresh = UpsertCommand.builder();
            feed(fresh, new Random(seed));
            feed(reused.clear(), new Random(seed));
            for (int k = new Random(seed).nextInt(3); k > 0; k--) {
                String phone = phones.get(random.nextInt(phones.size()));
                fresh.identifier(Identifier.PHONE, phone);
                reused.identifier(Identifier.PHONE, phone);
            }
            problems.clear();
            if (round % 3 == 0) {
                problems.add(earlier);
            }
            int before = problems.size();
            var expected = fresh.build(policy);
            UpsertCommand actual = reused.build(policy, problems);
            assertEquals(expected.isValid(), actual != null, "round " + round);
            if (!expected.isValid()) {
                assertEquals(expected.getError().toJavaList(), problems.subList(before, problems.size()), "round " + round);
                continue;
            }
            assertEquals(before, problems.size());
            assertEquals(expected.get(), actual, "round " + round);
            assertEquals(expected.get().toString(), actual.toString());
            assertEquals(expected.get().identifiers().getClass(), actual.identifiers().getClass());
            assertArrayEquals(expected.get().identifierHashes(), actual.identifierHashes());
            // built again from the same builder: the same command
            assertEquals(actual, reused.build(policy, new ArrayList<>()));
            valid++;
        }
        assertTrue(valid > 1_000 && valid < 3_500, "valid " + valid);
    }

    /** Random calls of every kind: identifiers (a few bad ones), attributes (sometimes more than the builder looks up along its array), removals, memberships, owner, language, strategy. */
    private static void feed(UpsertCommand.Builder b, Random random) {
        int identifiers = random.nextInt(random.nextInt(8) == 0 ? 12 : 4);
        for (int i = 0; i < identifiers; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b.identifier(Identifier.EMAIL, "u" + random.nextInt(5) + "@example.com");
                case 1 -> b.identifier("crm_id", "c" + random.nextInt(5));
                case 2 -> b.identifier(Identifier.EMAIL, random.nextInt(20) == 0 ? "not an address" : "V" + random.nextInt(3) + "@Example.com ");
                default -> b.identifier("visitor", "v" + random.nextInt(5));
            }
        }
        int pool = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 6);
        int calls = random.nextInt(2 * pool + 1);
        for (int i = 0; i < calls; i++) {
            String name = "attr" + random.nextInt(pool);
            switch (random.nextInt(5)) {
                case 0 -> b.remove(name);
                case 1 -> b.change(name, AttributeChange.set(AttributeValue.of(random.nextInt(5))));
                default -> b.set(name, "v" + random.nextInt(7));
            }
        }
        if (random.nextInt(6) == 0) {
            b.removeIdentifier("crm_id", "c" + random.nextInt(8));
        }
        if (random.nextInt(6) == 0) {
            b.addToList("l" + random.nextInt(3));
        }
        if (random.nextInt(8) == 0) {
            b.removeFromList("l" + random.nextInt(3));
        }
        if (random.nextInt(6) == 0) {
            b.addToAccount("a" + random.nextInt(3));
        }
        if (random.nextInt(8) == 0) {
            b.removeFromAccount("a" + random.nextInt(3));
        }
        if (random.nextInt(5) == 0) {
            b.owner(random.nextBoolean() ? null : "o" + random.nextInt(3));
        }
        if (random.nextInt(5) == 0) {
            b.language(random.nextBoolean() ? null : "en");
        }
        switch (random.nextInt(6)) {
            case 0 -> b.strategy(Strategy.MERGE);
            case 1 -> b.strategy(null);
            case 2 -> b.strategy(Strategy.STRICT_ALIAS);
            default -> {
                // the default strategy
            }
        }
    }
}
