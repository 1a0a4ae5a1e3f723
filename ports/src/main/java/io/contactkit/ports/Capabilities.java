package io.contactkit.ports;

import io.contactkit.domain.Strategy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a provider supports natively. The facade emulates what is missing where emulation is sound
 * and otherwise fails with {@link UnsupportedCapabilityException}; adapters fail the same way when
 * asked directly for something they cannot do.
 *
 * @param operations     the operations the provider implements
 * @param strategies     the upsert strategies it applies itself
 * @param upsertKeys     the identifier keys an upsert can be keyed on; empty means any key
 * @param lists          whether it has list memberships
 * @param accounts       whether it has account memberships
 * @param reverseListing whether lists can be read newest first
 * @param paging         how its lists page
 * @param maxPageSize    the largest page it serves
 */
public record Capabilities(Set<Operation> operations, Set<Strategy> strategies, Set<String> upsertKeys,
                           boolean lists, boolean accounts, boolean reverseListing, PagingStyle paging, int maxPageSize) {

    public Capabilities {
        operations = Collections.unmodifiableSet(operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations));
        strategies = Collections.unmodifiableSet(strategies.isEmpty() ? EnumSet.noneOf(Strategy.class) : EnumSet.copyOf(strategies));
        upsertKeys = Collections.unmodifiableSet(new LinkedHashSet<>(upsertKeys));
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("maxPageSize must be at least 1");
        }
    }

    public boolean supports(Operation operation) {
        return operations.contains(operation);
    }

    public boolean supports(Strategy strategy) {
        return strategies.contains(strategy);
    }

    /** Whether an upsert can be keyed on identifiers of this key. */
    public boolean canKeyOn(String identifierKey) {
        return upsertKeys.isEmpty() || upsertKeys.contains(identifierKey);
    }
}
