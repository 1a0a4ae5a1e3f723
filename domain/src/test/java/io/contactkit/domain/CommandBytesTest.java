package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact form a replayable book's history keeps its commands and entries in loses and changes nothing: random
 * commands (every kind of value, texts beyond Latin-1 and lone surrogates, numbers with their scale, every optional part)
 * come back from their bytes equal part for part, and random entries come back from a compact history as they went in.
 */
class CommandBytesTest {

    private static final String[] KEYS = {Identifier.EMAIL, Identifier.PHONE, Identifier.VISITOR, "crmId", "x-Key_9"};
    private static final String[] ALPHABET = {"a", "Z", "0", "@", ".", " ", "é", "ß", "\u00ff", "\u0100", "Ω", "漢", "\uD83D\uDE00",
            "\uD800", "\uDFFF", "\u0000", "\n"};

    @Test
    void randomCommandsComeBackFromTheirBytesEqualPartForPart() {
        Random random = new Random(20261208);
        int nonLatin = 0;
        int withRare = 0;
        // one table of names for all, as a history has: more names than it numbers, so that some are written out each time
        CommandBytes.Names names = new CommandBytes.Names();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            UpsertCommand c = command(random);
            byte[] bytes = CommandBytes.encode(c, names);
            UpsertCommand again = CommandBytes.decode(bytes, names);
            assertSameCommand(c, again);
            // and its bytes are the same again: nothing drifts when an entry a split replays is written back
            assertArrayEquals(bytes, CommandBytes.encode(again, names), c::toString);
            nonLatin += c.toString().chars().anyMatch(ch -> ch > 0xFF) ? 1 : 0;
            withRare += c.hasMembershipChanges() || c.hasTextChanges() || c.hasRemovals() ? 1 : 0;
            named.addAll(c.attributes().keySet());
        }
        assertTrue(nonLatin > 1_000 && withRare > 1_000, nonLatin + " commands with texts beyond Latin-1, " + withRare + " with rare parts");
        assertTrue(named.size() > CommandBytes.Names.MAX, named.size() + " names");
    }

    @Test
    void builtCommandsOfADeduplicationRunComeBackAsTheyWereBuilt() {
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").build();
        UpsertCommand built = UpsertCommand.builder().identifier("phonenumber", "201-301-0010").identifier("emailaddress", "William.Moreau.1@Example.com")
                .set("firstName", "William").set("lastName", "Moreau").set("company", "Wayne Enterprises").strategy(Strategy.MERGE)
                .build(policy).get();
        CommandBytes.Names names = new CommandBytes.Names();
        UpsertCommand again = CommandBytes.decode(CommandBytes.encode(built, names), names);
        assertSameCommand(built, again);
        assertArrayEquals(built.setNames(), again.setNames());
        assertArrayEquals(built.setValues(), again.setValues());
        // the well-known keys are the domain's own strings again (its checks know them by identity)
        for (Identifier id : again.identifiers()) {
            assertTrue(id.key() == Identifier.EMAIL || id.key() == Identifier.PHONE, id::toString);
        }
    }

    @Test
    void aCompactHistoryGivesBackEachEntryAsItWasPutThere() {
        Random random = new Random(7);
        History compact = new History();
        History whole = new History(false);
        for (int round = 0; round < 3_000; round++) {
            ReplayableBook.Entry e = random.nextInt(20) == 0 ? null : entry(random);
            if (compact.isEmpty() || random.nextInt(4) != 0) {
                if (e == null) {
                    continue;
                }
                compact.add(e);
                whole.add(e);
            } else {
                int k = random.nextInt(compact.size());
                compact.replace(k, e);
                whole.replace(k, e);
            }
        }
        assertEquals(whole.size(), compact.size());
        int empty = 0;
        for (int k = 0; k < compact.size(); k++) {
            ReplayableBook.Entry e = whole.get(k);
            assertEquals(e, compact.get(k), "position " + k);
            if (e == null) {
                empty++;
                assertNull(compact.contactId(k));
            } else {
                assertSameCommand(e.command(), compact.get(k).command());
                assertEquals(e.contactId(), compact.contactId(k));
                assertSame(e.at(), compact.get(k).at());
            }
        }
        assertTrue(empty > 10, empty + " positions without an entry");
    }

    /** Equal, and the same in what equality does not look at: orders, kinds of change, numbers' scales, hashes. */
    static void assertSameCommand(UpsertCommand c, UpsertCommand again) {
        assertEquals(c, again);
        assertEquals(c.toString(), again.toString());
        assertEquals(c.hashCode(), again.hashCode());
        assertEquals(c.identifiers(), again.identifiers());
        assertArrayEquals(c.identifierHashes(), again.identifierHashes());
        assertEquals(List.copyOf(c.attributes().keySet()), List.copyOf(again.attributes().keySet()), c::toString);
        assertEquals(c.attributeCount(), again.attributeCount());
        for (int k = 0; k < c.attributeCount(); k++) {
            assertEquals(c.attributeName(k), again.attributeName(k));
            assertExactly(c.attributeValue(k), again.attributeValue(k));
        }
        assertEquals(c.setNames() == null, again.setNames() == null);
        assertEquals(c.removeIdentifiers(), again.removeIdentifiers());
        assertEquals(c.addToLists(), again.addToLists());
        assertEquals(c.removeFromLists(), again.removeFromLists());
        assertEquals(c.addToAccounts(), again.addToAccounts());
        assertEquals(c.removeFromAccounts(), again.removeFromAccounts());
        assertEquals(c.owner(), again.owner());
        assertEquals(c.language(), again.language());
        assertEquals(c.strategy(), again.strategy());
        assertEquals(c.hasValueChanges(), again.hasValueChanges());
        assertEquals(c.hasMembershipChanges(), again.hasMembershipChanges());
        assertEquals(c.hasTextChanges(), again.hasTextChanges());
        assertEquals(c.hasRemovals(), again.hasRemovals());
    }

    /** The same value, of the same kind, a number with the same scale (a {@link AttributeValue.Num} equals by value alone). */
    private static void assertExactly(AttributeValue a, AttributeValue b) {
        if (a == null) {
            assertNull(b);
            return;
        }
        assertEquals(a.getClass(), b.getClass());
        assertEquals(a, b);
        if (a instanceof AttributeValue.Num n) {
            assertEquals(n.value().unscaledValue(), ((AttributeValue.Num) b).value().unscaledValue());
            assertEquals(n.value().scale(), ((AttributeValue.Num) b).value().scale());
        } else if (a instanceof AttributeValue.Multi m) {
            for (int i = 0; i < m.values().size(); i++) {
                assertExactly(m.values().get(i), ((AttributeValue.Multi) b).values().get(i));
            }
        } else if (a instanceof AttributeValue.Struct s) {
            assertEquals(List.copyOf(s.fields().keySet()), List.copyOf(((AttributeValue.Struct) b).fields().keySet()));
            s.fields().forEach((name, v) -> assertExactly(v, ((AttributeValue.Struct) b).fields().get(name)));
        }
    }

    static String text(Random random, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder();
        // half the texts Latin-1 alone, as most are
        int alphabet = random.nextBoolean() ? 9 : ALPHABET.length;
        while (s.length() < n) {
            s.append(ALPHABET[random.nextInt(alphabet)]);
        }
        return s.toString();
    }

    private static AttributeValue scalar(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return AttributeValue.of(text(random, 0, 30));
            case 1: {
                BigInteger unscaled = new BigInteger(1 + random.nextInt(120), random);
                return AttributeValue.of(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(40) - 20));
            }
            case 2:
                return AttributeValue.of(random.nextBoolean());
            default:
                return AttributeValue.of(random.nextInt(3) - 1);
        }
    }

    private static AttributeValue value(Random random, int depth) {
        int kind = random.nextInt(10);
        if (kind < 6 || depth > 1) {
            return scalar(random);
        }
        if (kind < 8) {
            List<AttributeValue> values = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                values.add(scalar(random));
            }
            return AttributeValue.of(values);
        }
        if (kind == 8) {
            Map<String, AttributeValue> fields = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i >= 0; i--) {
                fields.put(text(random, 1, 6), value(random, depth + 1));
            }
            return new AttributeValue.Struct(fields);
        }
        return AttributeValue.Null.INSTANCE;
    }

    private static String key(Random random) {
        return KEYS[random.nextInt(KEYS.length)];
    }

    static UpsertCommand command(Random random) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.values()[random.nextInt(Strategy.values().length)]);
        for (int i = random.nextInt(5); i > 0; i--) {
            // keys as a file's rows give them: strings of their own, equal to the constants
            b.identifier(new String(key(random)), text(random, 1, 40));
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            String name = random.nextInt(3) == 0 ? text(random, 1, 12) : List.of("firstName", "lastName", "city", "score").get(random.nextInt(4));
            if (random.nextInt(5) == 0) {
                b.remove(name);
            } else {
                b.set(name, value(random, 0));
            }
        }
        if (random.nextInt(3) == 0) {
            for (int i = random.nextInt(3); i > 0; i--) {
                b.removeIdentifier(key(random), text(random, 1, 20));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                b.addToList(text(random, 0, 8));
            }
            for (int i = random.nextInt(2); i > 0; i--) {
                b.removeFromList(text(random, 0, 8));
            }
            for (int i = random.nextInt(2); i > 0; i--) {
                b.addToAccount(text(random, 0, 8));
            }
            for (int i = random.nextInt(2); i > 0; i--) {
                b.removeFromAccount(text(random, 0, 8));
            }
            int owner = random.nextInt(3);
            if (owner > 0) {
                b.owner(owner == 1 ? null : text(random, 0, 10));
            }
            int language = random.nextInt(3);
            if (language > 0) {
                b.language(language == 1 ? null : text(random, 0, 5));
            }
        }
        // made as a built command carried elsewhere is: kept as given, not normalized (what the history must keep)
        return b.rebuildChecked();
    }

    private static ReplayableBook.Entry entry(Random random) {
        long number = switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> 1 + random.nextInt(1_000_000);
        };
        ReplayableBook.Kind kind = ReplayableBook.Kind.values()[random.nextInt(ReplayableBook.Kind.values().length)];
        Instant at = Instant.ofEpochSecond(random.nextInt(1_000_000), random.nextInt(1_000_000_000));
        List<SkippedIdentifier> held = new ArrayList<>();
        List<Contact> limitedBy = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            for (int i = random.nextInt(3); i >= 0; i--) {
                String owner = "c" + random.nextInt(9);
                held.add(new SkippedIdentifier(new Identifier(key(random), text(random, 1, 9)), owner,
                        SkippedIdentifier.Reason.values()[random.nextInt(SkippedIdentifier.Reason.values().length)]));
                if (random.nextBoolean()) {
                    limitedBy.add(Contact.builder(owner, "ws", at).identifier(new Identifier(Identifier.EMAIL, text(random, 1, 9))).build());
                }
            }
        }
        return new ReplayableBook.Entry(number, kind, command(random), kind == ReplayableBook.Kind.UPDATE || random.nextInt(9) == 0 ? "t" + random.nextInt(99) : null,
                at, "c" + random.nextInt(99), random.nextBoolean(), held, limitedBy);
    }
}
