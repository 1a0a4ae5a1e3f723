package io.contactkit.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * A setting a client's or the store's builder refuses, told in the application's terms. The builders name their own
 * fields ({@code maxConnections must be 1-10000}); a service's start-up names the property instead
 * ({@code contactkit.bird.max-connections}), as an {@link InvalidConfigurationPropertyValueException}, whose failure
 * analysis also says where the value was set. A property whose value may hold a secret (a credential, a URL) is named in
 * an {@link IllegalStateException} without its value, set or missing. A refusal naming no property, or naming one that is
 * not set (the value came from a customizer or is the builder's default), is left as the builder said it.
 */
final class PropertyFailures {

    private final String prefix;
    private final List<Named> names = new ArrayList<>();

    /** One name a builder's messages use, and the property it stands for. */
    private record Named(String name, String property, Supplier<?> value, boolean secret, boolean replaced) {
        // value: the property's bound value, null when unset
    }

    private PropertyFailures(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param prefix the properties' prefix, such as {@code contactkit.bird}
     * @return no names yet
     */
    static PropertyFailures of(String prefix) {
        return new PropertyFailures(prefix);
    }

    /**
     * A builder field set from a property.
     *
     * @param name   the field's name in the builder's messages ({@code maxConnections})
     * @param suffix the property after the prefix ({@code max-connections})
     * @param value  the property's bound value, {@code null} when it is not set
     * @return this
     */
    PropertyFailures field(String name, String suffix, Supplier<?> value) {
        names.add(new Named(name, prefix + "." + suffix, value, false, true));
        return this;
    }

    /**
     * A builder field set from a property whose value is never repeated (a credential, or a URL that may hold one).
     *
     * @param name   the field's name in the builder's messages
     * @param suffix the property after the prefix
     * @param value  the property's bound value, {@code null} when it is not set
     * @return this
     */
    PropertyFailures secret(String name, String suffix, Supplier<?> value) {
        names.add(new Named(name, prefix + "." + suffix, value, true, true));
        return this;
    }

    /**
     * Words of a builder's message about a secret property that name no field ({@code PostgreSQL URL}): they say which
     * property it is about, and stay in the message.
     *
     * @param words  the words
     * @param suffix the property after the prefix
     * @param value  the property's bound value, {@code null} when it is not set
     * @return this
     */
    PropertyFailures secretWords(String words, String suffix, Supplier<?> value) {
        names.add(new Named(words, prefix + "." + suffix, value, true, false));
        return this;
    }

    /**
     * Runs a builder's work, telling a refusal in terms of the properties.
     *
     * @param work the builder's work
     * @param <T>  what it makes
     * @return what it made
     */
    <T> T build(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw translated(e);
        }
    }

    /**
     * @param refused what a builder threw
     * @return the failure to start with: the property named, or {@code refused} itself
     */
    RuntimeException translated(IllegalArgumentException refused) {
        String message = refused.getMessage();
        if (message == null) {
            return refused;
        }
        // the names the message holds, in the order it names them (the longer of two at one place)
        List<Named> found = new ArrayList<>();
        for (Named n : names) {
            if (wordAt(message, n.name(), 0) >= 0) {
                found.add(n);
            }
        }
        found.sort(Comparator.comparingInt((Named n) -> wordAt(message, n.name(), 0)).thenComparing(n -> -n.name().length()));
        String reason = named(message);
        for (Named n : found) {
            if (n.secret()) {
                // set or missing (a credential the chosen API needs), it is named; its value never is. The builder's own
                // refusal is not kept as the cause: it says the same in the builder's words, and would be the root cause
                return new IllegalStateException(reason.contains(n.property()) ? reason : n.property() + ": " + reason);
            }
            Object value = n.value().get();
            if (value != null) {
                String why = reason.startsWith(n.property() + " ") ? reason.substring(n.property().length() + 1) : reason;
                return new InvalidConfigurationPropertyValueException(n.property(), value, why);
            }
        }
        return refused;
    }

    /** The message with each field name replaced by its property, the longest names first. */
    private String named(String message) {
        List<Named> byLength = new ArrayList<>(names);
        byLength.sort(Comparator.comparingInt((Named n) -> n.name().length()).reversed());
        String out = message;
        for (Named n : byLength) {
            if (!n.replaced()) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            int from = 0;
            for (int i = wordAt(out, n.name(), 0); i >= 0; i = wordAt(out, n.name(), from)) {
                b.append(out, from, i).append(n.property());
                from = i + n.name().length();
            }
            out = b.append(out, from, out.length()).toString();
        }
        return out;
    }

    /** Where {@code word} stands as a whole word in {@code text} from {@code from}, else -1. */
    private static int wordAt(String text, String word, int from) {
        for (int i = text.indexOf(word, from); i >= 0; i = text.indexOf(word, i + 1)) {
            boolean before = i == 0 || !wordChar(text.charAt(i - 1));
            int end = i + word.length();
            boolean after = end == text.length() || !wordChar(text.charAt(end));
            if (before && after) {
                return i;
            }
        }
        return -1;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }
}
