package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.simulator.internal.Ids;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One Bird workspace: its contacts and what Bird keeps beside them. Guarded by its own monitor. */
final class BirdWorkspace {

    final ContactBook book;
    /** The properties sent with each identifier. */
    final Map<Identifier, JsonNode> properties = new HashMap<>();
    /** The company references given when each contact was created (the domain contact has no such field). */
    final Map<String, List<String>> companyRefs = new HashMap<>();

    BirdWorkspace(String id) {
        this.book = new ContactBook(id, Ids::uuid);
    }
}
