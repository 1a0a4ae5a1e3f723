package io.contactkit.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds hubs in a batch of records: identifier values carried by records of more than {@code threshold}
 * otherwise separate contacts — a shared office line, a placeholder e-mail address, a test id — the
 * values that glue unrelated people into one giant contact.
 *
 * <p>"Otherwise separate" is measured without the frequent values: the records are joined into
 * contacts through every value carried by at most {@code threshold} records (a value carried by fewer
 * records cannot join more contacts than that), and a frequent value is a hub when its records fall
 * into more than {@code threshold} of those contacts. A record left with no value to join by counts as
 * a contact of its own. Values the identity rules block are left out, as the engine leaves them out.
 * Not thread-safe.
 */
public final class HubFinder {

    /**
     * A hub.
     *
     * @param identifier the value
     * @param contacts   the otherwise separate contacts its records belong to
     * @param records    the records that carry it
     */
    public record Hub(Identifier identifier, int contacts, int records) {
    }

    private final IdentityRules rules;
    private final Map<Identifier, Integer> numbers = new HashMap<>();
    private final List<Identifier> values = new ArrayList<>();
    private int[] carriedBy = new int[16];
    private final List<int[]> records = new ArrayList<>();

    /** @param rules the rules whose blocked values are left out ({@link IdentityRules#NONE} for none) */
    public HubFinder(IdentityRules rules) {
        this.rules = rules;
    }

    /**
     * Adds one record's identifiers.
     *
     * @param identifiers the record's identifiers
     */
    public void add(List<Identifier> identifiers) {
        int[] ids = new int[identifiers.size()];
        int n = 0;
        for (Identifier i : identifiers) {
            if (rules.isBlocked(i)) {
                continue;
            }
            Integer number = numbers.get(i);
            if (number == null) {
                number = values.size();
                numbers.put(i, number);
                values.add(i);
                if (number == carriedBy.length) {
                    carriedBy = Arrays.copyOf(carriedBy, number * 2);
                }
            }
            boolean repeated = false;
            for (int k = 0; k < n; k++) {
                repeated |= ids[k] == number;
            }
            if (!repeated) {
                ids[n++] = number;
                carriedBy[number]++;
            }
        }
        records.add(n == ids.length ? ids : Arrays.copyOf(ids, n));
    }

    /**
     * The hubs, most contacts first (then by key and value).
     *
     * @param threshold the fewest records an identifier must join to count as a hub
     * @return the hubs
     */
    public List<Hub> hubs(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the hub threshold must be 1 or more, got " + threshold);
        }
        int v = values.size();
        int[] parent = new int[v];
        for (int i = 0; i < v; i++) {
            parent[i] = i;
        }
        for (int[] r : records) {
            int first = -1;
            for (int id : r) {
                if (carriedBy[id] <= threshold) {
                    if (first < 0) {
                        first = id;
                    } else {
                        union(parent, first, id);
                    }
                }
            }
        }
        Map<Integer, Set<Integer>> contactsOf = new HashMap<>();
        for (int k = 0; k < records.size(); k++) {
            int[] r = records.get(k);
            int contact = -1;
            for (int id : r) {
                if (carriedBy[id] <= threshold) {
                    contact = find(parent, id);
                    break;
                }
            }
            // a record joined by frequent values only is a contact of its own: numbered past the values
            int label = contact >= 0 ? contact : v + k;
            for (int id : r) {
                if (carriedBy[id] > threshold) {
                    contactsOf.computeIfAbsent(id, x -> new HashSet<>()).add(label);
                }
            }
        }
        List<Hub> out = new ArrayList<>();
        contactsOf.forEach((id, contacts) -> {
            if (contacts.size() > threshold) {
                out.add(new Hub(values.get(id), contacts.size(), carriedBy[id]));
            }
        });
        out.sort(Comparator.comparingInt(Hub::contacts).reversed()
                .thenComparing(h -> h.identifier().key()).thenComparing(h -> h.identifier().value()));
        return out;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static int find(int[] parent, int c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    }
}
