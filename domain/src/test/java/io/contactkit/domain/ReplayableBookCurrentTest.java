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
