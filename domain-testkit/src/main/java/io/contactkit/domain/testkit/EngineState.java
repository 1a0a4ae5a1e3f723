package io.contactkit.domain.testkit;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.Identifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an engine shows from outside, as one comparable value: its live contacts (with timestamps)
 * in creation order, how many there are and how many identifiers they own, who owns each identifier of
 * a pool, and what each contact id of a list resolves to ({@code get} and {@code survivorOf}).
 */
public record EngineState(List<Contact> contacts, int size, int identifierCount, Map<Identifier, Optional<String>> owners,
                          Map<String, Optional<Contact>> byId, Map<String, Optional<String>> survivors) {

    /**
     * What an engine holds now.
     *
     * @param engine the engine
     * @param pool the identifiers whose owners are read
     * @param contactIds the contact ids read by id
     * @return the state
     */
    public static EngineState of(ContactEngine engine, List<Identifier> pool, List<String> contactIds) {
        Map<Identifier, Optional<String>> owners = new LinkedHashMap<>();
        pool.forEach(i -> owners.put(i, engine.ownerOf(i)));
        Map<String, Optional<Contact>> byId = new LinkedHashMap<>();
        Map<String, Optional<String>> survivors = new LinkedHashMap<>();
        for (String id : contactIds) {
            byId.put(id, engine.get(id));
            survivors.put(id, engine.survivorOf(id));
        }
        return new EngineState(List.copyOf(engine.contacts()), engine.size(), engine.identifierCount(), owners, byId, survivors);
    }

    /**
     * The same contacts, ignoring timestamps.
     *
     * @param o the other state
     * @return true when the contacts are equal but for timestamps
     */
    public boolean sameContentAs(EngineState o) {
        if (contacts.size() != o.contacts.size()) {
            return false;
        }
        for (int i = 0; i < contacts.size(); i++) {
            if (!contacts.get(i).sameContentAs(o.contacts.get(i))) {
                return false;
            }
        }
        return size == o.size && identifierCount == o.identifierCount && owners.equals(o.owners) && survivors.equals(o.survivors);
    }
}
