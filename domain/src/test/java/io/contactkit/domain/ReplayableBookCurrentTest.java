package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.ok;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The live contact an id of a replayable book stands for: itself, its survivor after merges, or none. */
class ReplayableBookCurrentTest {

    private static final Identifier A = email("a@x.io");
    private static final Identifier B = phone("+31612345678");
    private static final Identifier C = email("c@x.io");

    /**
     * The ids a split looks its contacts' history up by: for random books (merges, merges of survivors, deletions, splits)
     * and random sets of live contacts, an id is among those standing for the set exactly when the contact it now stands
     * for is in the set.
     */
    @Test
    void theIdsStandingForSomeContactsAreThoseWhoseCurrentContactIsOneOfThem() {
        java.util.Random random = new java.util.Random(20261207);
        int members = 0;
        for (int round = 0; round < 40; round++) {
            java.util.concurrent.atomic.AtomicInteger fresh = new java.util.concurrent.atomic.AtomicInteger();
            ReplayableBook book = new ReplayableBook(ContactBook.sequential("ws", "c"), () -> "fresh-" + fresh.incrementAndGet());
            for (int i = 0; i < 120; i++) {
                Identifier a = email("p" + random.nextInt(60) + "@x.io");
                Identifier b = email("p" + random.nextInt(60) + "@x.io");
                if (random.nextInt(12) == 0 && !book.book().contacts().isEmpty()) {
                    List<Contact> live = book.book().contacts();
                    book.delete(live.get(random.nextInt(live.size())).id());
                } else {
                    book.upsert(cmd(Strategy.MERGE, a, b), t(i));
                }
                if (random.nextInt(40) == 0 && !book.book().contacts().isEmpty()) {
                    List<Contact> live = book.book().contacts();
                    book.split(List.of(live.get(random.nextInt(live.size())).id()),
                            IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", a.value()).build());
                }
            }
            ContactBook b = book.book();
            List<Contact> live = b.contacts();
            java.util.Set<String> chosen = new java.util.HashSet<>();
            for (Contact c : live) {
                if (random.nextInt(3) == 0) {
                    chosen.add(c.id());
                }
            }
            java.util.Set<String> standing = b.standingFor(chosen);
            for (int c = 0; c < b.numbered(); c++) {
                String id = b.id(c);
                String now = book.current(id);
                assertEquals(now != null && chosen.contains(now), standing.contains(id), id + " stands for " + now);
            }
            members += standing.size() - chosen.size();
            // the split's index of the history by contact (made by the first split, kept up to date by the later ones and by
            // every command after them) finds exactly what a pass over the history finds
            List<ReplayableBook.Entry> entries = book.entries();
            for (int c = 0; c < b.numbered(); c++) {
                String id = b.id(c);
                List<Integer> scanned = new java.util.ArrayList<>();
                for (int k = 0; k < entries.size(); k++) {
                    if (entries.get(k) != null && entries.get(k).contactId().equals(id)) {
                        scanned.add(k);
                    }
                }
                assertEquals(scanned, java.util.Arrays.stream(book.positionsOf(java.util.Set.of(id))).boxed().toList(), id);
            }
            List<Integer> all = new java.util.ArrayList<>();
            for (int k = 0; k < entries.size(); k++) {
                if (entries.get(k) != null && standing.contains(entries.get(k).contactId())) {
                    all.add(k);
                }
            }
            assertEquals(all, java.util.Arrays.stream(book.positionsOf(standing)).boxed().toList());
            // and the history of the chosen contacts is the entries a pass finds going to them now
            List<ReplayableBook.Entry> theirs = book.history().stream().filter(e -> chosen.contains(book.current(e.contactId()))).toList();
            assertEquals(theirs, book.historyOf(chosen));
        }
        // the comparison means something: contacts merged into chosen ones stand for them
        org.junit.jupiter.api.Assertions.assertTrue(members > 40, "merged-away ids standing for a chosen contact: " + members);
    }

    @Test
    void aLiveContactStandsForItselfAMergedOneForItsSurvivorADeletedOneForNone() {
        ReplayableBook book = new ReplayableBook(ContactBook.sequential("ws", "c"), () -> "fresh");
        String first = ok(book.upsert(cmd(Strategy.MERGE, A), t(1))).contact().id();
        String second = ok(book.upsert(cmd(Strategy.MERGE, B), t(2))).contact().id();
        String third = ok(book.upsert(cmd(Strategy.MERGE, C), t(3))).contact().id();
        assertEquals(first, book.current(first));

        // A and B together merge the second contact into the first, then C and A the third into the first
        String survivor = ok(book.upsert(cmd(Strategy.MERGE, A, B), t(4))).contact().id();
        assertEquals(survivor, ok(book.upsert(cmd(Strategy.MERGE, C, A), t(5))).contact().id());
        for (String id : List.of(first, second, third)) {
            assertEquals(survivor, book.current(id), id);
        }

        assertEquals(survivor, book.delete(survivor).get().id());
        for (String id : List.of(first, second, third)) {
            assertNull(book.current(id), id);
        }
        assertNull(book.current("never-seen"));
        assertThrows(NullPointerException.class, () -> book.current(null));
    }
}
