package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The values a {@link ContactTable} keeps flat (the shortcut: a contact whose values one command set, in the arena, with
 * no object of their own) against the full path, one {@link ContactValues} object per contact written by every command:
 * the same answer to "did it change", the same names, values, stamps, memberships, owner and language after every step,
 * through merges (absorb), deletions and restorations.
 */
class ContactTableValuesTest {

    private static final String[] NAMES = {"a", "b", "c", "d"};

    @Test
    void flatValuesMatchOneObjectPerContactThroughRandomWrites() {
        for (int seed = 1; seed <= 20; seed++) {
            run(new SplittableRandom(seed), 3_000);
        }
    }

    private static void run(SplittableRandom random, int steps) {
        int contacts = 12;
        // small, so that the table and its arena grow during the run
        ContactTable table = new ContactTable(4);
        List<ContactValues> full = new ArrayList<>();
        ContactValues scratch = new ContactValues();
        long stamp = 0;
        for (int step = 0; step < steps; step++) {
            while (table.count < contacts) {
                table.add(Fixtures.T0);
                full.add(null);
            }
            int c = random.nextInt(contacts);
            int what = random.nextInt(20);
            if (what == 0) {
                // a merge: c absorbs another contact's values, which are then dropped (ContactWrites.absorb)
                int gone = random.nextInt(contacts);
                if (gone != c) {
                    ContactValues absorbed = table.values(gone);
                    if (absorbed != null) {
                        table.valuesToWrite(c).absorb(absorbed);
                        table.setValues(gone, null);
                    }
                    ContactValues expectedGone = full.get(gone);
                    if (expectedGone != null) {
                        if (full.get(c) == null) {
                            full.set(c, new ContactValues());
                        }
                        full.get(c).absorb(expectedGone);
                        full.set(gone, null);
                    }
                }
            } else if (what == 1) {
                // a deletion, or a restoration with values of a contact read elsewhere
                if (random.nextBoolean()) {
                    table.setValues(c, null);
                    full.set(c, null);
                } else {
                    Contact restored = Contact.builder("r", "ws", Fixtures.T0).attribute("b", new AttributeValue.Text("r"))
                            .lists(java.util.Set.of("l0")).build();
                    table.setValues(c, ContactValues.of(restored));
                    full.set(c, ContactValues.of(restored));
                }
            } else {
                UpsertCommand command = command(random);
                if (command.hasValueChanges()) {
                    stamp++;
                    boolean flat = table.applyPatch(c, command, stamp);
                    if (full.get(c) == null) {
                        full.set(c, new ContactValues());
                    }
                    boolean object = full.get(c).applyPatch(command, stamp);
                    assertEquals(object, flat, "changed, step " + step);
                }
            }
            for (int k = 0; k < contacts; k++) {
                String expected = describe(full.get(k));
                assertEquals(expected, describe(table.values(k)), "contact " + k + ", step " + step);
                assertEquals(expected, describe(table.values(k, scratch)), "contact " + k + " read in place, step " + step);
            }
        }
    }

    private static UpsertCommand command(SplittableRandom random) {
        List<String> order = new ArrayList<>(List.of(NAMES));
        Collections.shuffle(order, new Random(random.nextLong()));
        if (random.nextInt(3) > 0) {
            // the columns most commands of a file set, in the file's order
            order = List.of("a", "b", "c");
        }
        List<String> patch = order.subList(0, 1 + random.nextInt(order.size()));
        boolean removes = random.nextInt(8) == 0;
        int extra = random.nextInt(12);
        String[] values = new String[patch.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = removes && k == values.length - 1 ? null : "v" + random.nextInt(3);
        }
        boolean noAttributes = random.nextInt(15) == 0;
        Consumer<UpsertCommand.Builder> rest = b -> {
            if (!noAttributes) {
                for (int k = 0; k < values.length; k++) {
                    if (values[k] == null) {
                        b.remove(patch.get(k));
                    } else {
                        b.set(patch.get(k), values[k]);
                    }
                }
            }
            switch (extra) {
                case 0 -> b.addToList("l" + (extra & 1));
                case 1 -> b.removeFromList("l0");
                case 2 -> b.owner("o" + random.nextInt(2));
                case 3 -> b.language("en");
                case 4 -> b.addToAccount("acc");
                default -> { }
            }
        };
        return cmd(Strategy.MERGE, rest, email("x@x.io"));
    }

    /** Everything a reader of the values sees, in order. */
    private static String describe(ContactValues v) {
        if (v == null) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.attributePlaces(); i++) {
            s.append(v.nameAt(i)).append('=').append(v.valueAt(i)).append('@').append(v.stampAt(i)).append(' ');
        }
        s.append(v.stamps()).append(" lists=").append(v.listsOrNull()).append(" accounts=").append(v.accountsOrNull())
                .append(" owner=").append(v.ownerStamped()).append(" language=").append(v.languageStamped());
        return s.toString();
    }

    @Test
    void aContactWhoseValuesOneCommandSetKeepsNoObjectOfItsOwn() {
        ContactTable table = new ContactTable(4);
        int c = table.add(Fixtures.T0);
        UpsertCommand first = cmd(Strategy.MERGE, b -> b.set("a", "1").set("b", "2"), email("x@x.io"));
        assertEquals(true, table.applyPatch(c, first, 1));
        ContactValues scratch = new ContactValues();
        assertSame(scratch, table.values(c, scratch), "read in place, into the reader's scratch");
        UpsertCommand same = cmd(Strategy.MERGE, b -> b.set("a", "1").set("b", "2"), email("x@x.io"));
        assertEquals(false, table.applyPatch(c, same, 2), "the same values again: no change");
        assertEquals(2, table.values(c).stampAt(1));
        ContactValues written = table.valuesToWrite(c);
        assertSame(written, table.values(c), "once written as an object, the object is kept");
        assertSame(written, table.values(c, scratch));
        table.setValues(c, null);
        assertNull(table.values(c));
    }
}
