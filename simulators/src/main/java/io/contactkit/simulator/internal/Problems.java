package io.contactkit.simulator.internal;

import io.contactkit.domain.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects field problems of a request before answering 422. */
public final class Problems {

    private final Map<String, List<String>> byField = new LinkedHashMap<>();

    public Problems add(String field, String message) {
        byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
        return this;
    }

    public Problems addAll(Iterable<Violation> violations, Map<String, String> renames) {
        for (Violation v : violations) {
            String field = v.field();
            for (Map.Entry<String, String> r : renames.entrySet()) {
                if (field.startsWith(r.getKey())) {
                    field = r.getValue() + field.substring(r.getKey().length());
                    break;
                }
            }
            add(field, v.message());
        }
        return this;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public Map<String, List<String>> byField() {
        return byField;
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        byField.forEach((f, ms) -> ms.forEach(m -> s.append(s.length() == 0 ? "" : "; ").append(f).append(": ").append(m)));
        return s.toString();
    }
}
