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

    /**
     * Copies the sets.
     *
     * @param operations     the operations the provider implements
     * @param strategies     the upsert strategies it applies itself
     * @param upsertKeys     the identifier keys an upsert can be keyed on; empty means any key
     * @param lists          whether it has list memberships
     * @param accounts       whether it has account memberships
     * @param reverseListing whether lists can be read newest first
     * @param paging         how its lists page
     * @param maxPageSize    the largest page it serves
     * @throws IllegalArgumentException when {@code maxPageSize} is below 1
     */
    public Capabilities {
        operations = Collections.unmodifiableSet(operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations));
        strategies = Collections.unmodifiableSet(strategies.isEmpty() ? EnumSet.noneOf(Strategy.class) : EnumSet.copyOf(strategies));
        upsertKeys = Collections.unmodifiableSet(new LinkedHashSet<>(upsertKeys));
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("maxPageSize must be at least 1");
        }
    }

    /**
     * Whether the provider implements an operation natively.
     *
     * @param operation the operation
     * @return true when it does
     */
    public boolean supports(Operation operation) {
        return operations.contains(operation);
    }

    /**
     * Whether the provider applies an upsert strategy itself.
     *
     * @param strategy the strategy
     * @return true when it does
     */
    public boolean supports(Strategy strategy) {
        return strategies.contains(strategy);
    }

    /**
     * Whether an upsert can be keyed on identifiers of this key.
     *
     * @param identifierKey an identifier key such as {@code emailaddress}
     * @return true when it can (always, when the provider names no keys)
     */
    public boolean canKeyOn(String identifierKey) {
        return upsertKeys.isEmpty() || upsertKeys.contains(identifierKey);
    }
}
