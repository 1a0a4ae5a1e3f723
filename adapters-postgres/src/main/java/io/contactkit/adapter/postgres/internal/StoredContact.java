package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.Contact;
import java.time.Instant;

/** A live contact row as read inside a transaction: its creation position, timestamps and state. */
public record StoredContact(String id, long seq, Instant createdAt, Instant updatedAt, ContactState state) {

    public Contact toContact(String workspace) {
        return state.toContact(id, workspace, createdAt, updatedAt);
    }
}
