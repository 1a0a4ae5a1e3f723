package io.contactkit.adapter.postgres.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspaces whose recorded rules this store instance has found to be its own, at most {@code capacity} of them. Only a
 * shortcut: each write checks the rules again under a lock, so a workspace forgotten costs one more look at its rules row.
 * A service that writes to ever more workspaces (one per tenant, say) keeps a bounded set: past the capacity, the set
 * starts again empty, and the workspaces still written to are claimed again as they come.
 */
public final class ClaimedWorkspaces {

    private final int capacity;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    /** @param capacity how many workspaces to remember at most (at least 1) */
    public ClaimedWorkspaces(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** {@return whether the workspace's rules were found to be this store's} */
    public boolean contains(String workspace) {
        return claimed.contains(workspace);
    }

    /** Remembers that the workspace's rules are this store's. */
    public void add(String workspace) {
        if (claimed.size() >= capacity && !claimed.contains(workspace)) {
            claimed.clear();
        }
        claimed.add(workspace);
    }

    /** Forgets a workspace, whose rules a split changed. */
    public void remove(String workspace) {
        claimed.remove(workspace);
    }

    /** {@return how many workspaces are remembered now} */
    public int size() {
        return claimed.size();
    }
}
