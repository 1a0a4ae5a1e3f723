package io.contactkit.ports;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The messages {@link ProviderSettings#requireKnownNames} gives for names a provider does not know. */
final class SettingNames {

    private static final int LONGEST_QUOTED = 40;

    private SettingNames() {
    }

    static void unknown(String provider, String kind, Collection<String> given, Collection<String> valid,
                        Collection<String> otherKind, List<String> problems) {
        for (String name : given) {
            if (valid.contains(name)) {
                continue;
            }
            StringBuilder m = new StringBuilder("provider ").append(provider).append(" has no ").append(kind)
                    .append(" '").append(quoted(name)).append("'");
            if (otherKind.contains(name)) {
                m.append(": ").append(name).append(" is a ").append(kind.equals("option") ? "secret" : "option")
                        .append(", give it with ").append(kind.equals("option") ? "secret" : "option").append("(...)");
            } else {
                String closest = closest(name, valid);
                if (closest != null) {
                    m.append(": did you mean ").append(closest).append("?");
                }
            }
            m.append(valid.isEmpty() ? " (it takes no " + kind + "s)" : " (its " + kind + "s: " + String.join(", ", new TreeSet<>(valid)) + ")");
            problems.add(m.toString());
        }
    }

    /** The valid name nearest to the given one: equal but for case, else within a few edits; null when none is near. */
    static String closest(String name, Collection<String> valid) {
        String given = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(valid)) {
            int d = distance(given, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static String quoted(String name) {
        return name.length() <= LONGEST_QUOTED ? name : name.substring(0, LONGEST_QUOTED) + "...";
    }
}
