package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ContactBook#prefetch} is a hint: every decision, audit entry and contact is what it is without it. */
class ContactBookPrefetchTest {

    @Test
    void readingAheadChangesNoDecision() {
        for (Strategy strategy : Strategy.values()) {
            // a few people with few identifiers each, so commands repeat, share identifiers and merge
            SplittableRandom random = new SplittableRandom(11);
            UpsertCommand[] commands = new UpsertCommand[2_000];
            for (int i = 0; i < commands.length; i++) {
                int n = 1 + random.nextInt(4);
                Identifier[] ids = new Identifier[n];
                for (int k = 0; k < n; k++) {
                    int person = random.nextInt(1_000);
                    ids[k] = random.nextBoolean() ? email("p" + person + "@x.io") : phone("+316" + (10_000_000 + person * 7 + random.nextInt(2)));
                }
                commands[i] = cmd(strategy, ids);
            }
            ContactBook plain = ContactBook.sequential("ws", "c");
            ContactBook ahead = ContactBook.sequential("ws", "c");
            for (int i = 0; i < commands.length; i += 7) {
                int to = Math.min(commands.length, i + 7);
                ahead.prefetch(commands, i, to);
                for (int j = i; j < to; j++) {
                    assertEquals(plain.decide(commands[j], t(j)), ahead.decide(commands[j], t(j)), strategy + ", command " + j);
                    assertEquals(plain.lastAudit(j), ahead.lastAudit(j), strategy + ", command " + j);
                }
            }
            assertEquals(plain.contacts(), ahead.contacts(), strategy.toString());
        }
    }

    @Test
    void readingAheadChecksItsRange() {
        ContactBook book = ContactBook.sequential("ws", "c");
        UpsertCommand[] commands = {cmd(Strategy.MERGE, email("a@x.io")), null};
        assertThrows(IndexOutOfBoundsException.class, () -> book.prefetch(commands, 1, 3));
        assertThrows(NullPointerException.class, () -> book.prefetch(commands, 0, 2));
        book.prefetch(commands, 0, 1);
        book.prefetch(commands, 1, 1);
        assertEquals(List.of(), book.contacts());
    }
}
