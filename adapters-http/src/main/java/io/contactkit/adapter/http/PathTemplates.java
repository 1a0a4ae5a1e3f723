package io.contactkit.adapter.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An adapter's endpoints as path templates, such as {@code /workspaces/{workspaceId}/contacts/{contactId}},
 * so that logs and observations name a request's path without its values. A request path is matched
 * segment by segment; a {@code {name}} segment matches any one segment, and when several templates
 * match, the one with the most literal segments wins. Of the variables, only {@code workspaceId} and
 * {@code contactId} are kept (as sent, percent-encoded), for high-cardinality observation keys;
 * every other value (an identifier in a path, say) is dropped.
 */
public final class PathTemplates {

    /** The template reported for a path no template matches: its values stay unseen. */
    public static final String UNMATCHED = "[unmatched]";

    /** No templates: every path is {@value #UNMATCHED}. */
    public static final PathTemplates NONE = new PathTemplates(List.of());

    private final List<String[]> templates;
    private final List<String> texts;

    private PathTemplates(List<String> templates) {
        this.texts = List.copyOf(templates);
        this.templates = new ArrayList<>();
        for (String t : texts) {
            if (!t.startsWith("/")) {
                throw new IllegalArgumentException("a path template must start with /: " + t);
            }
            this.templates.add(segments(t));
        }
    }

    /**
     * The provider's endpoints.
     *
     * @param templates paths such as {@code /workspaces/{ws}/contacts/{id}}
     * @return the templates
     * @throws IllegalArgumentException when a template does not start with {@code /}
     */
    public static PathTemplates of(String... templates) {
        return new PathTemplates(Arrays.asList(templates));
    }

    /**
     * The template that fits the encoded path (without query).
     *
     * @param path the encoded path
     * @return the route of the best fitting template, or {@value #UNMATCHED}
     */
    public Route match(String path) {
        Objects.requireNonNull(path, "path");
        String[] actual = segments(path);
        int best = -1;
        int bestLiterals = -1;
        for (int i = 0; i < templates.size(); i++) {
            int literals = literalsMatched(templates.get(i), actual);
            if (literals > bestLiterals) {
                best = i;
                bestLiterals = literals;
            }
        }
        if (best < 0) {
            return new Route(UNMATCHED, null, null);
        }
        String[] template = templates.get(best);
        String workspace = null;
        String contact = null;
        for (int s = 0; s < template.length; s++) {
            if (template[s].equals("{workspaceId}")) {
                workspace = actual[s];
            } else if (template[s].equals("{contactId}")) {
                contact = actual[s];
            }
        }
        return new Route(texts.get(best), workspace, contact);
    }

    /** -1 when the template does not fit, else how many of its segments are literal. */
    private static int literalsMatched(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return -1;
        }
        int literals = 0;
        for (int s = 0; s < template.length; s++) {
            if (isVariable(template[s])) {
                if (actual[s].isEmpty()) {
                    return -1;
                }
            } else if (template[s].equals(actual[s])) {
                literals++;
            } else {
                return -1;
            }
        }
        return literals;
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    @Override
    public String toString() {
        return "PathTemplates" + texts;
    }

    /**
     * The template a path matched and the workspace and contact ids it named.
     *
     * @param template    the template, or {@value #UNMATCHED}
     * @param workspaceId the {@code {workspaceId}} segment, or {@code null}
     * @param contactId   the {@code {contactId}} segment, or {@code null}
     */
    public record Route(String template, @Nullable String workspaceId, @Nullable String contactId) {
    }
}
