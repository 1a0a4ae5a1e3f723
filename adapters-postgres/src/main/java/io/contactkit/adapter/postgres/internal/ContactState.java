package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps of a contact beyond its row's columns: identifiers in order, attributes, owner
 * and language each with the log sequence of the command that wrote it (a {@code null} value records a
 * removal), and memberships. The sequences are what lets {@code merge} resolve values by last write
 * exactly as the in-memory engine does. {@code merges} counts the contacts merged into this one over its
 * life (directly or through contacts merged into it), for the identity rules' {@code maxMergesPerContact}.
 */
public record ContactState(List<Identifier> identifiers, Map<String, Stamp> attributes, List<String> lists,
                           List<String> accounts, Stamp owner, Stamp language, int merges) {

    /** A value (or {@code null}: removed) and the log sequence of the command that wrote it. */
    public record Stamp(AttributeValue value, long seq) {
    }

    public ContactState {
        identifiers = List.copyOf(identifiers);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        lists = List.copyOf(lists);
        accounts = List.copyOf(accounts);
    }

    /** A state of a contact nothing was merged into. */
    public ContactState(List<Identifier> identifiers, Map<String, Stamp> attributes, List<String> lists, List<String> accounts,
                        Stamp owner, Stamp language) {
        this(identifiers, attributes, lists, accounts, owner, language, 0);
    }

    /** The same state with every write sequence mapped. */
    public ContactState mapSeqs(java.util.function.LongUnaryOperator f) {
        Map<String, Stamp> mapped = new LinkedHashMap<>();
        attributes.forEach((k, v) -> mapped.put(k, new Stamp(v.value(), f.applyAsLong(v.seq()))));
        return new ContactState(identifiers, mapped, lists, accounts, map(owner, f), map(language, f), merges);
    }

    private static Stamp map(Stamp s, java.util.function.LongUnaryOperator f) {
        return s == null ? null : new Stamp(s.value(), f.applyAsLong(s.seq()));
    }

    /** The contact this state describes. */
    public Contact toContact(String id, String workspace, Instant createdAt, Instant updatedAt) {
        Contact.Builder b = Contact.builder(id, workspace, createdAt).updatedAt(updatedAt).identifiers(identifiers);
        attributes.forEach((name, s) -> {
            if (s.value() != null) {
                b.attribute(name, s.value());
            }
        });
        b.lists(lists).accounts(accounts);
        b.owner(text(owner)).language(text(language));
        return b.build();
    }

    private static String text(Stamp s) {
        return s == null || s.value() == null ? null : s.value().toString();
    }
}
