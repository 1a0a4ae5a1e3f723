package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.Identifier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Identifiers this store instance has seen committed, the most recently used first and at most
 * {@code capacity} of them. An identifier's row, once committed, never leaves the store (a released
 * identifier keeps its row with no owner), so a command naming one of these would fail the
 * group-commit path for new contacts and take a transaction anyway: it takes the transaction at once,
 * a round trip fewer. Forgetting one only costs that round trip again.
 */
public final class StoredIdentifiers {

    private final Map<String, Boolean> recent;

    /** @param capacity how many identifiers to remember at most */
    public StoredIdentifiers(int capacity) {
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether any of the identifiers is known to be stored in the workspace. */
    public synchronized boolean anyStored(String workspace, Collection<Identifier> identifiers) {
        boolean found = false;
        for (Identifier i : identifiers) {
            found |= recent.get(key(workspace, i)) != null;
        }
        return found;
    }

    /** Remembers identifiers whose rows a committed write holds. */
    public synchronized void add(String workspace, Collection<Identifier> identifiers) {
        for (Identifier i : identifiers) {
            recent.put(key(workspace, i), Boolean.TRUE);
        }
    }

    private static String key(String workspace, Identifier i) {
        return workspace + '\u0000' + i.key() + '\u0000' + i.value();
    }
}
