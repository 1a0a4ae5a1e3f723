package io.contactkit.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path template such as {@code /workspaces/{workspace}/contacts/{id}}: literal segments, named
 * variables ({@code {name}}, one segment each), unnamed single segments ({@code *}) and, last, an
 * optional {@code **} for zero or more further segments (for prefixes). Matching is by raw segments
 * (still percent-encoded); {@link PathVariables} decodes on request.
 */
public final class PathTemplate {

    private final String text;
    /** One entry per segment: the literal, or {@code null} for a variable or {@code *}. */
    private final List<String> literals = new ArrayList<>();
    /** The variable's name per segment, or {@code null} for a literal or {@code *}. */
    private final List<String> names = new ArrayList<>();
    private final boolean openEnded;

    private PathTemplate(String text) {
        this.text = text;
        List<String> parts = PathCodec.segments(text);
        boolean tail = !parts.isEmpty() && parts.get(parts.size() - 1).equals("**");
        for (String part : tail ? parts.subList(0, parts.size() - 1) : parts) {
            if (part.equals("**")) {
                throw new IllegalArgumentException("** may only end a template: " + text);
            }
            boolean variable = part.startsWith("{") && part.endsWith("}");
            literals.add(variable || part.equals("*") ? null : part);
            names.add(variable ? part.substring(1, part.length() - 1) : null);
        }
        this.openEnded = tail;
    }

    public static PathTemplate of(String text) {
        return new PathTemplate(text);
    }

    /** The raw values of the variables when the path matches, or {@code null} when it does not. */
    public PathVariables match(List<String> segments) {
        int n = literals.size();
        if (openEnded ? segments.size() < n : segments.size() != n) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String literal = literals.get(i);
            if (literal != null && !literal.equals(segments.get(i))) {
                return null;
            }
            if (names.get(i) != null) {
                values.put(names.get(i), segments.get(i));
            }
        }
        return new PathVariables(values);
    }

    /**
     * Whether this template is more specific than another matching the same path: at the first
     * segment where one has a literal and the other does not, the one with the literal.
     */
    boolean moreSpecificThan(PathTemplate other) {
        for (int i = 0; i < Math.min(literals.size(), other.literals.size()); i++) {
            boolean mine = literals.get(i) != null;
            boolean theirs = other.literals.get(i) != null;
            if (mine != theirs) {
                return mine;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
