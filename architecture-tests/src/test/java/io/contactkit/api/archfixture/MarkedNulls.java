package io.contactkit.api.archfixture;

import org.jspecify.annotations.Nullable;

/** Every null it can hand out is marked, and what it only keeps to itself needs no mark. */
public class MarkedNulls {

    private @Nullable String cached;

    public static @Nullable String maybe(boolean found) {
        return found ? "x" : null;
    }

    public byte @Nullable [] bytes() {
        return null;
    }

    public @Nullable String cached() {
        return cached;
    }

    public String orDefault() {
        String c = cached;
        return c == null ? "none" : c;
    }

    String packagePrivate() {
        return null;
    }

    public Pair pair() {
        return new Pair("a", null);
    }

    /** A published record whose second component may be null. */
    public record Pair(String first, @Nullable String second) {
    }
}
