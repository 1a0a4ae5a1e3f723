package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A contact read in place says what the contact built from the same state says. */
class ContactViewTest {

    @Test
    void aViewReadsWhatTheBuiltContactHoldsUnderEveryStrategy() {
        for (Strategy strategy : Strategy.values()) {
            Deduplicator dedup = run(strategy, 11 + strategy.ordinal());
            List<DedupContact> built = dedup.contacts();
            List<DedupContact> viewed = new ArrayList<>();
            dedup.viewContacts(0, dedup.contactNumbers(), v -> viewed.add(new DedupContact(contact(v), sources(v))));
            assertEquals(built, viewed, strategy.toString());
            List<Boolean> anonymous = new ArrayList<>();
            dedup.viewContacts(0, dedup.contactNumbers(), v -> anonymous.add(v.isAnonymous()));
            assertEquals(built.stream().map(c -> c.contact().isAnonymous()).toList(), anonymous, strategy.toString());
            assertTrue(anonymous.contains(true) && anonymous.contains(false), "both kinds");
        }
    }

    @Test
    void aBooksViewFollowsRestoredIdsDeletionsAndRemovedIdentifiers() {
        ContactBook book = ContactBook.sequential("ws", "c");
        Contact restored = Contact.builder("outside-7", "ws", t(0)).identifier(Identifier.of("crmId", "Ωmega-7"))
                .attribute("firstName", AttributeValue.of("  Zoë ")).build();
        assertTrue(book.restore(restored).isRight());
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < 400; r++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE)
                    .identifier(Identifier.EMAIL, "p" + random.nextInt(150) + "@x.io");
            if (random.nextInt(3) == 0) {
                b.identifier(Identifier.PHONE, "+3161" + (1_000_000 + random.nextInt(150)));
            }
            if (random.nextInt(5) == 0) {
                b.removeIdentifier(Identifier.EMAIL, "p" + random.nextInt(150) + "@x.io");
            }
            if (random.nextInt(4) == 0) {
                b.set("displayName", random.nextBoolean() ? " " : "D" + r);
            }
            assertTrue(book.upsert(b.build(IdentifierPolicy.defaults()).get(), t(r)).isRight());
        }
        assertTrue(book.delete("c3").isRight() || book.get("c3").isEmpty());
        List<Contact> viewed = new ArrayList<>();
        book.viewContacts(0, book.positions(), v -> {
            assertFalse(v.hasSources());
            viewed.add(contact(v));
        });
        List<Contact> expected = book.contacts().stream().map(c -> Contact.builder(c.id(), c.workspace(), t(0))
                .identifiers(c.identifiers()).attributes(c.attributes()).build()).toList();
        assertEquals(expected, viewed);
        assertEquals(book.contacts().stream().map(Contact::displayName).map(o -> o.orElse(null)).toList(),
                collect(book, ContactView::displayName));
        assertEquals(List.of(), collect(book, 5_000, 6_000, ContactView::id));
        assertThrows(IllegalArgumentException.class, () -> book.viewContacts(-1, 2, v -> { }));
        // each view's creation position is the one its id has, and records given to it are its sources until it moves on
        List<String> positioned = new ArrayList<>();
        long[] records = {3, 5, 8};
        book.viewContacts(0, book.positions(), v -> {
            assertFalse(v.hasSources(), "a view moved to a contact has no records until given");
            assertEquals(book.positionOf(v.id()), v.position());
            assertThrows(IndexOutOfBoundsException.class, () -> v.withSources(records, 4));
            v.withSources(records, (int) (v.position() % 3));
            assertTrue(v.hasSources());
            positioned.add(v.position() + ":" + v.sourceCount() + (v.sourceCount() > 0 ? "/" + v.source(v.sourceCount() - 1) : ""));
        });
        assertEquals(book.contacts().stream().map(c -> {
            long p = book.positionOf(c.id());
            int n = (int) (p % 3);
            return p + ":" + n + (n > 0 ? "/" + records[n - 1] : "");
        }).toList(), positioned);
    }

    @Test
    void aViewReadsTheValuesAndStampsABuiltContactAndItsStampsHold() {
        ContactBook book = ContactBook.sequential("ws", "c");
        SplittableRandom random = new SplittableRandom(11);
        for (int r = 0; r < 300; r++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.EMAIL, "p" + random.nextInt(60) + "@x.io");
            switch (random.nextInt(8)) {
                case 0 -> b.set("city", "C" + r);
                case 1 -> b.remove("city");
                case 2 -> b.addToList("l" + random.nextInt(4));
                case 3 -> b.removeFromList("l" + random.nextInt(4));
                case 4 -> b.addToAccount("a" + random.nextInt(3));
                case 5 -> b.owner("o" + r);
                case 6 -> b.language(random.nextBoolean() ? "fr" : "de");
                default -> b.set("n" + random.nextInt(3), AttributeValue.of(r));
            }
            assertTrue(book.upsert(b.build(IdentifierPolicy.defaults()).get(), t(r)).isRight());
        }
        List<String> viewed = new ArrayList<>();
        book.viewContacts(0, book.positions(), v -> {
            Map<String, Long> stamps = new LinkedHashMap<>();
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            for (int i = 0; i < v.attributePlaces(); i++) {
                stamps.put(v.attributeNameAt(i), v.attributeStampAt(i));
                if (v.attributeValueAt(i) != null) {
                    values.put(v.attributeNameAt(i), v.attributeValueAt(i));
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> v.attributeNameAt(v.attributePlaces()));
            viewed.add(v.id() + " " + v.createdAt() + " " + v.updatedAt() + " " + values + " " + List.copyOf(v.lists()) + " "
                    + List.copyOf(v.accounts()) + " " + v.owner() + " " + v.language() + " " + new ValueStamps(stamps, v.ownerStamp(), v.languageStamp()));
        });
        List<String> built = book.contacts().stream().map(c -> c.id() + " " + c.createdAt() + " " + c.updatedAt() + " " + c.attributes() + " "
                + c.lists() + " " + c.accounts() + " " + c.owner().orElse(null) + " " + c.language().orElse(null) + " "
                + book.stampsOf(c.id()).orElseThrow()).toList();
        assertEquals(built, viewed);
        assertTrue(built.stream().anyMatch(l -> l.contains("city") && l.contains("[l")), "contacts with attributes and lists: " + built);
    }

    @Test
    void latin1ValuesAndDerivedIdsGiveWhatTheValueAndTheIdGive() {
        ContactBook book = ContactBook.sequential("ws", "c");
        String[] values = {"plain-1", "Zo\u00eb\u00ff\u00e9", "\u03a9mega", "a\u0100", "x\"y\\z"};
        for (int r = 0; r < values.length; r++) {
            assertTrue(book.upsert(UpsertCommand.builder().identifier("crmId", values[r]).identifier(Identifier.EMAIL, "p" + r + "@x.io")
                    .build(IdentifierPolicy.defaults()).get(), t(r)).isRight());
        }
        List<String> read = new ArrayList<>();
        book.viewContacts(0, book.positions(), v -> {
            assertEquals("c", v.derivedIdPrefix());
            assertEquals(v.id(), v.derivedIdPrefix() + (v.position() + 1));
            while (v.nextIdentifier()) {
                byte[] into = new byte[3 + Identifier.MAX_VALUE_LENGTH];
                int n = v.latin1Value(into, 3);
                String value = v.value();
                if (value.chars().allMatch(c -> c < 0x100)) {
                    assertEquals(value, new String(into, 3, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                } else {
                    assertEquals(-1, n);
                    assertEquals(0, into[3]);
                }
                read.add(value);
            }
        });
        assertTrue(read.containsAll(List.of(values)), read.toString());
        // an id from outside: ids are stored from then on, and none is derived
        Contact restored = Contact.builder("outside-7", "ws", t(0)).identifier(Identifier.of("crmId", "r7")).build();
        assertTrue(book.restore(restored).isRight());
        book.viewContacts(0, book.positions(), v -> assertEquals(null, v.derivedIdPrefix()));
    }

    @Test
    void aCursorOutsideItsItemsSaysSo() {
        ContactBook book = ContactBook.sequential("ws", "c");
        book.upsert(UpsertCommand.builder().identifier(Identifier.EMAIL, "a@x.io").build(IdentifierPolicy.defaults()).get(), t(0));
        book.viewContacts(0, 1, v -> {
            assertThrows(IllegalStateException.class, v::key);
            assertThrows(IllegalStateException.class, v::attributeName);
            assertTrue(v.nextIdentifier());
            char[] small = new char[3];
            assertThrows(IndexOutOfBoundsException.class, () -> v.value(small));
            assertEquals("a@x.io", v.value());
            assertFalse(v.nextIdentifier());
            assertThrows(IllegalStateException.class, v::key);
            assertFalse(v.nextAttribute());
            assertEquals(0, v.sourceCount());
            assertThrows(IndexOutOfBoundsException.class, () -> v.source(0));
        });
    }

    private static <T> List<T> collect(ContactBook book, java.util.function.Function<ContactView, T> read) {
        return collect(book, 0, book.positions(), read);
    }

    private static <T> List<T> collect(ContactBook book, long from, long to, java.util.function.Function<ContactView, T> read) {
        List<T> out = new ArrayList<>();
        book.viewContacts(from, to, v -> out.add(read.apply(v)));
        return out;
    }

    /** A contact made of what the view reads, stamped as a deduplication run stamps them. */
    private static Contact contact(ContactView v) {
        Contact.Builder b = Contact.builder(v.id(), "ws", t(0));
        char[] chars = new char[Identifier.MAX_VALUE_LENGTH];
        while (v.nextIdentifier()) {
            String value = new String(chars, 0, v.value(chars));
            assertEquals(v.value(), value);
            assertEquals(Identifier.VISITOR.equals(v.key()), v.isVisitor());
            b.identifier(Identifier.of(v.key(), value));
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        while (v.nextAttribute()) {
            attributes.put(v.attributeName(), v.attributeValue());
        }
        Contact c = b.attributes(attributes).build();
        assertEquals(c.displayName().orElse(null), v.displayName());
        return c;
    }

    private static List<Long> sources(ContactView v) {
        assertTrue(v.hasSources());
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < v.sourceCount(); k++) {
            out.add(v.source(k));
        }
        return out;
    }

    /** Records joining, merging and conflicting: e-mail, phone, visitor and wide custom identifiers, attributes written and removed. */
    private static Deduplicator run(Strategy strategy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Deduplicator dedup = new Deduplicator("ws", t(0));
        for (int r = 1; r <= 1_500; r++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
            int people = 600;
            switch (random.nextInt(5)) {
                case 0 -> b.identifier(Identifier.VISITOR, "v" + random.nextInt(people));
                case 1 -> b.identifier(Identifier.EMAIL, "p" + random.nextInt(people) + "@x.io")
                        .identifier(Identifier.PHONE, "+3161" + (1_000_000 + random.nextInt(people)));
                case 2 -> b.identifier("crmId", "Ωmega-" + random.nextInt(people));
                case 3 -> { }
                default -> b.identifier(Identifier.PHONE, "+3161" + (1_000_000 + random.nextInt(people)));
            }
            switch (random.nextInt(6)) {
                case 0 -> b.set("firstName", " Ann" + random.nextInt(9) + " ");
                case 1 -> b.remove("firstName");
                case 2 -> b.set("displayName", "");
                case 3 -> b.set("score", AttributeValue.of(random.nextInt(100)));
                default -> { }
            }
            dedup.accept(r, b.build(IdentifierPolicy.defaults()));
        }
        return dedup;
    }
}
