package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.postgres.internal.LogReplay;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.ports.ListQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Invariants of a stored workspace, and its equality with the sequential replay of its log. */
final class StoreChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StoreChecks() {
    }

    /** Every contact as stored, in creation order. */
    static List<Contact> stored(PostgresContactProvider store, String workspace) {
        return store.list(workspace, ListQuery.builder().pageSize(500).build()).collectList().block(TIMEOUT);
    }

    /** No identifier has two owners, and every identifier's search finds the contact that lists it. */
    static void assertIdentifiersUnique(PostgresContactProvider store, String workspace, List<Contact> contacts) {
        Map<Identifier, String> owner = new HashMap<>();
        for (Contact c : contacts) {
            for (Identifier i : c.identifiers()) {
                String before = owner.put(i, c.id());
                assertNull(before, i + " is owned by " + before + " and " + c.id());
            }
        }
        for (Map.Entry<Identifier, String> e : owner.entrySet()) {
            List<Contact> found = store.search(workspace, e.getKey()).collectList().block(TIMEOUT);
            assertEquals(1, found.size(), "search of " + e.getKey());
            assertEquals(e.getValue(), found.get(0).id(), "owner of " + e.getKey());
        }
    }

    /**
     * Replays the log, in log order, through the in-memory engine and returns the book: the same
     * commands, instants and ids, each under the identity rules it was decided under, must give
     * exactly the stored contacts.
     */
    static ContactBook replay(PostgresContactProvider store, String workspace) {
        LogReplay replay = new LogReplay(workspace, () -> {
            throw new IllegalStateException("a logged split draws only the ids it logged");
        });
        for (LoggedCommand e : store.log(workspace).collectList().block(TIMEOUT)) {
            replay.apply(e);
        }
        return replay.book().book();
    }

    /**
     * The identity rules hold on the stored contacts and in the log: no blocked value sits on a
     * contact, no contact holds more identifiers of a key than allowed, no merge joined more contacts
     * than allowed, and no contact absorbed more contacts over its life than allowed.
     */
    static void assertRulesHold(PostgresContactProvider store, String workspace, List<Contact> stored, IdentityRules rules) {
        for (Contact c : stored) {
            Map<String, Integer> perKey = new HashMap<>();
            for (Identifier i : c.identifiers()) {
                assertFalse(rules.isBlocked(i), "blocked " + i + " sits on " + c.id());
                perKey.merge(i.key(), 1, Integer::sum);
            }
            perKey.forEach((key, n) -> {
                int max = rules.maxPerContact(key);
                assertTrue(max == 0 || n <= max, c.id() + " holds " + n + " identifiers of " + key + ", more than " + max);
            });
        }
        Map<String, Integer> absorbed = new HashMap<>();
        for (LoggedCommand e : store.log(workspace).collectList().block(TIMEOUT)) {
            if (e.audit() == null || e.audit().contactsMerged().isEmpty()) {
                continue;
            }
            List<String> merged = e.audit().contactsMerged();
            rules.maxContactsPerMerge().ifPresent(max -> assertTrue(merged.size() + 1 <= max, "merge " + e.seq() + " joined " + (merged.size() + 1)));
            int total = absorbed.getOrDefault(e.contactId(), 0) + merged.size();
            for (String m : merged) {
                total += absorbed.getOrDefault(m, 0);
            }
            absorbed.put(e.contactId(), total);
            int now = total;
            rules.maxMergesPerContact().ifPresent(max -> assertTrue(now <= max, e.contactId() + " absorbed " + now + " contacts, more than " + max));
        }
    }

    /** The stored state equals the replay of the log; every merged-away contact leads to its survivor. */
    static void assertReplayEqual(PostgresContactProvider store, String workspace, List<Contact> stored) {
        assertReplayEqual(store, workspace, stored, false);
    }

    /**
     * As {@link #assertReplayEqual(PostgresContactProvider, String, List)}; {@code withoutIdentifiers}
     * allows contacts without identifiers (a create whose identifiers the rules all block makes one, in
     * the engine as in the store).
     */
    static void assertReplayEqual(PostgresContactProvider store, String workspace, List<Contact> stored, boolean withoutIdentifiers) {
        ContactBook book = replay(store, workspace);
        List<Contact> replayed = book.contacts();
        assertEquals(replayed.size(), stored.size(), "contacts stored and replayed");
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(replayed.get(i), stored.get(i), "contact " + i + " in creation order");
        }
        for (LoggedCommand e : store.log(workspace).collectList().block(TIMEOUT)) {
            if (e.audit() != null) {
                for (String gone : e.audit().contactsMerged()) {
                    // a survivor since deleted (or replaced by a split) is found by neither
                    assertEquals(book.survivorOf(gone).filter(s -> book.get(s).isPresent()).orElse(null), store.survivorOf(workspace, gone).block(TIMEOUT),
                            "survivor of " + gone);
                }
            }
        }
        assertFalse(!withoutIdentifiers && stored.stream().anyMatch(c -> c.identifiers().isEmpty()), "a contact without identifiers");
    }
}
