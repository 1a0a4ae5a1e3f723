package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a store outside the book reads from it: write stamps, creation positions, and pages that keep nothing. */
class ContactBookStampsTest {

    @Test
    void stampsNameTheLastCommandThatWroteEachValueAcrossAMerge() {
        ContactBook book = ContactBook.sequential("ws", "c");
        book.decide(cmd(Strategy.MERGE, b -> b.set("first", "Ann").set("city", "Oslo"), email("a@x.io")), t(1));        // 1
        book.decide(cmd(Strategy.MERGE, b -> b.set("city", "Bergen").owner("o1"), email("b@x.io")), t(2));              // 2
        book.decide(cmd(Strategy.MERGE, b -> b.remove("first"), email("a@x.io")), t(3));                                 // 3
        Decision merged = book.decide(cmd(Strategy.MERGE, b -> b.set("last", "Lee"), email("a@x.io"), email("b@x.io")), t(4)).get(); // 4

        assertEquals(4, book.commandsApplied());
        assertEquals(List.of("c2"), merged.contactsMerged());
        ValueStamps s = book.stampsOf("c1").orElseThrow();
        // the removal of "first" (3) is kept with its stamp; "city" from the merged contact (2) is newer than Oslo (1)
        assertEquals(Map.of("first", 3L, "city", 2L, "last", 4L), s.attributes());
        assertEquals(2, s.owner());
        assertEquals(-1, s.language());
        assertEquals(Optional.empty(), book.stampsOf("c2"), "merged away: not live");
        assertEquals(1, book.positionOf("c2"), "positions stay with contacts merged away");
        assertEquals(0, book.positionOf("c1"));
        assertEquals(-1, book.positionOf("nobody"));
    }

    @Test
    void valuesWrittenAgainInTheirOrderHoldWhatWritingEachGives() {
        // a command setting exactly a contact's attributes in their order takes the command's arrays as they are; against
        // a model writing each change in turn: values, removals, order of first write, stamps and the update time
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        String[] names = {"a", "b", "c"};
        ContactBook book = ContactBook.sequential("ws", "c");
        Map<String, java.util.LinkedHashMap<String, Object[]>> model = new java.util.HashMap<>();
        Map<String, Instant> updated = new java.util.HashMap<>();
        Map<String, String> ids = new java.util.HashMap<>();
        for (int r = 1; r <= 4_000; r++) {
            String who = "p" + random.nextInt(40) + "@x.io";
            List<String> order = new java.util.ArrayList<>(List.of(names));
            java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
            if (random.nextInt(3) == 0) {
                order = List.of(names);   // the order most contacts were made with
            }
            List<String> patch = order.subList(0, 1 + random.nextInt(order.size()));
            boolean removes = random.nextInt(6) == 0;
            String[] values = new String[patch.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = removes && k == 0 ? null : "v" + random.nextInt(3);
            }
            UpsertCommand command = cmd(Strategy.MERGE, b -> {
                for (int k = 0; k < values.length; k++) {
                    if (values[k] == null) {
                        b.remove(patch.get(k));
                    } else {
                        b.set(patch.get(k), values[k]);
                    }
                }
            }, email(who));
            Decision d = book.decide(command, t(r)).get();
            java.util.LinkedHashMap<String, Object[]> held = model.computeIfAbsent(who, k -> new java.util.LinkedHashMap<>());
            boolean created = !ids.containsKey(who);
            ids.putIfAbsent(who, d.contactId());
            boolean changed = false;
            for (int k = 0; k < values.length; k++) {
                Object[] place = held.get(patch.get(k));
                if (place != null) {
                    changed |= !java.util.Objects.equals(place[0], values[k]);
                    held.put(patch.get(k), new Object[] {values[k], (long) r});
                } else if (values[k] != null) {
                    held.put(patch.get(k), new Object[] {values[k], (long) r});
                    changed = true;
                }
            }
            if (created) {
                updated.put(who, t(r));
            } else if (changed) {
                updated.put(who, t(r));
            }
        }
        for (Map.Entry<String, java.util.LinkedHashMap<String, Object[]>> e : model.entrySet()) {
            String id = ids.get(e.getKey());
            Map<String, AttributeValue> attributes = new java.util.LinkedHashMap<>();
            Map<String, Long> stamps = new java.util.LinkedHashMap<>();
            e.getValue().forEach((name, place) -> {
                if (place[0] != null) {
                    attributes.put(name, AttributeValue.of((String) place[0]));
                }
                stamps.put(name, (Long) place[1]);
            });
            Contact contact = book.get(id).orElseThrow();
            assertEquals(List.copyOf(attributes.entrySet()), List.copyOf(contact.attributes().entrySet()), id);
            assertEquals(List.copyOf(stamps.entrySet()), List.copyOf(book.stampsOf(id).orElseThrow().attributes().entrySet()), id);
            assertEquals(updated.get(e.getKey()), contact.updatedAt(), id);
        }
    }

    @Test
    void oneCommandCreatingContactsInTwoBooksLeavesThemApartWhenOneChanges() {
        // a new contact takes over the command's attribute arrays as they are: a later write must not reach the other book
        UpsertCommand first = cmd(Strategy.MERGE, b -> b.set("first", "Ann").set("city", "Oslo"), email("a@x.io"));
        ContactBook one = ContactBook.sequential("ws", "c");
        ContactBook two = ContactBook.sequential("ws", "c");
        one.decide(first, t(1));
        two.decide(first, t(1));
        one.decide(cmd(Strategy.MERGE, b -> b.set("city", "Bergen"), email("a@x.io")), t(2));
        one.decide(cmd(Strategy.MERGE, b -> b.set("last", "Lee").remove("first"), email("a@x.io")), t(3));

        Contact changed = one.get("c1").orElseThrow();
        Contact kept = two.get("c1").orElseThrow();
        assertEquals(Map.of("city", AttributeValue.of("Bergen"), "last", AttributeValue.of("Lee")), changed.attributes());
        assertEquals(Map.of("first", AttributeValue.of("Ann"), "city", AttributeValue.of("Oslo")), kept.attributes());
        assertEquals(Map.of("first", 3L, "city", 2L, "last", 3L), one.stampsOf("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", 1L, "city", 1L), two.stampsOf("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", AttributeChange.set(AttributeValue.of("Ann")), "city", AttributeChange.set(AttributeValue.of("Oslo"))),
                first.attributes(), "the command itself is unchanged");
    }

    @Test
    void contactsMadeByCommandsNamingTheSameAttributesKeepTheirOwnValuesAndStamps() {
        // commands naming the same attributes share one names array, and a new contact keeps its command's stamp once for
        // all its values until one is written again: writes and merges must still reach one contact alone
        UpsertCommand ann = cmd(Strategy.MERGE, b -> b.set("first", "Ann").set("city", "Oslo"), email("a@x.io"));
        UpsertCommand bo = cmd(Strategy.MERGE, b -> b.set("first", "Bo").set("city", "Rome"), email("b@x.io"));
        assertSame(ann.setNames(), bo.setNames(), "one names array for both commands");
        ContactBook book = ContactBook.sequential("ws", "c");
        book.decide(ann, t(1));                                                                                 // 1
        book.decide(bo, t(2));                                                                                  // 2
        book.decide(cmd(Strategy.MERGE, b -> b.set("last", "Lee").remove("city"), email("a@x.io")), t(3));     // 3

        assertEquals(Map.of("first", AttributeValue.of("Ann"), "last", AttributeValue.of("Lee")), book.get("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", AttributeValue.of("Bo"), "city", AttributeValue.of("Rome")), book.get("c2").orElseThrow().attributes());
        assertEquals(Map.of("first", 1L, "city", 3L, "last", 3L), book.stampsOf("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", 2L, "city", 2L), book.stampsOf("c2").orElseThrow().attributes());
        assertEquals(List.of("first", "city"), List.of(bo.setNames()), "the shared names are unchanged");

        book.decide(cmd(Strategy.MERGE, b -> b.set("zip", "0150"), email("a@x.io"), email("b@x.io")), t(4));  // 4
        // Bo's first name (2) is newer than Ann's (1); the removal of the city (3) is newer than Rome (2)
        assertEquals(Map.of("first", AttributeValue.of("Bo"), "last", AttributeValue.of("Lee"), "zip", AttributeValue.of("0150")),
                book.get("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", 2L, "city", 3L, "last", 3L, "zip", 4L), book.stampsOf("c1").orElseThrow().attributes());

        ContactBook other = ContactBook.sequential("ws", "c");
        other.decide(bo, t(1));
        other.decide(ann, t(2));
        other.decide(cmd(Strategy.MERGE, b -> b.set("zip", "0150"), email("a@x.io"), email("b@x.io")), t(3));
        // neither contact was written after it was made: each value keeps the stamp of the command that made its contact
        assertEquals(Map.of("first", AttributeValue.of("Ann"), "city", AttributeValue.of("Oslo"), "zip", AttributeValue.of("0150")),
                other.get("c1").orElseThrow().attributes());
        assertEquals(Map.of("first", 2L, "city", 2L, "zip", 3L), other.stampsOf("c1").orElseThrow().attributes());
    }

    @Test
    void aRejectedCommandIsNotCounted() {
        ContactBook book = ContactBook.sequential("ws", "c");
        book.decide(cmd(Strategy.STRICT_ALIAS, email("a@x.io")), t(1));
        book.decide(cmd(Strategy.STRICT_ALIAS, email("b@x.io")), t(2));
        assertEquals(true, book.decide(cmd(Strategy.STRICT_ALIAS, email("a@x.io"), email("b@x.io")), t(3)).isLeft());
        assertEquals(2, book.commandsApplied());
    }

    @Test
    void sliceOnceKeepsNothingItBuilds() {
        ContactBook book = ContactBook.sequential("ws", "c");
        book.decide(cmd(Strategy.MERGE, email("a@x.io")), t(1));
        book.decide(cmd(Strategy.MERGE, email("b@x.io")), t(2));
        Contact kept = book.get("c1").orElseThrow();

        ContactBook.Slice once = book.sliceOnce(0, 10);
        assertSame(kept, once.contacts().get(0), "a contact already kept is handed out as kept");
        assertNotSame(once.contacts().get(1), book.sliceOnce(0, 10).contacts().get(1), "built afresh each time: none kept");
        assertEquals(book.slice(0, 10).contacts(), once.contacts());
    }

    @Test
    void rangesOfPositionsGiveTheLiveContactsInOrderAndTogetherAllOfThem() {
        ContactBook book = ContactBook.sequential("ws", "c");
        assertEquals(0, book.positions());
        List<Contact> none = new java.util.ArrayList<>();
        book.forEachContact(0, 10, none::add);
        assertEquals(List.of(), none, "an empty book");
        for (int i = 1; i <= 7; i++) {
            book.decide(cmd(Strategy.MERGE, b -> b.set("n", "v"), email(i + "@x.io")), t(i));
        }
        book.decide(cmd(Strategy.MERGE, email("2@x.io"), email("3@x.io")), t(8));   // c3 merged into c2: position 2 is not live
        assertEquals(7, book.positions());
        List<Contact> walked = new java.util.ArrayList<>();
        for (long from = 0; from < 12; from += 3) {
            book.forEachContact(from, from + 3, walked::add);
        }
        assertEquals(book.contacts(), walked);
        List<Contact> one = new java.util.ArrayList<>();
        book.forEachContact(1, 2, one::add);
        assertEquals(List.of(book.get("c2").orElseThrow()), one);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> book.forEachContact(3, 2, c -> { }));
    }
}
