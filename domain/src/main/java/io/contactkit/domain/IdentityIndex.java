package io.contactkit.domain;

import java.util.Optional;

/**
 * Who owns an identifier. Lookups are by canonical value, in constant expected time.
 * Reading never changes what the index answers; an implementation may still tidy its internal
 * structure while reading (compressing merge chains), so one that is not thread-safe needs its reads
 * serialized like its writes.
 */
public interface IdentityIndex {

    /**
     * The contact that owns an identifier.
     *
     * @param identifier the identifier
     * @return the owner's id; empty when nobody owns it
     */
    Optional<String> ownerOf(Identifier identifier);

    /** {@return how many identifiers are owned in all} */
    int identifierCount();
}
