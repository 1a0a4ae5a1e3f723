package io.contactkit.examples.webflux;

import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import java.util.List;

/** The answer to an upsert: {@code created} or {@code updated}, the contact, and the provider's warnings. */
record UpsertView(String status, ContactView contact, List<Warning> warnings) {

    static UpsertView of(UpsertResult result) {
        return new UpsertView(result.status().wireName(), ContactView.of(result.contact()), result.warnings());
    }
}
