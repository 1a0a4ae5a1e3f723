package io.contactkit.domain;

import java.util.Optional;

/**
 * Who owns an identifier. Lookups are by canonical value, in constant expected time.
 * Reading never changes anything.
 */
public interface IdentityIndex {

    /** The id of the contact that owns the identifier. */
    Optional<String> ownerOf(Identifier identifier);

    /** How many identifiers are owned in all. */
    int identifierCount();
}
