package io.contactkit.reliability.support;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quicktheories.core.Gen;

/**
 * Hostile text for every boundary of the library: pieces that change a URL's meaning ({@code /},
 * {@code ..}, {@code %} and ready-made escapes, {@code ?}, {@code #}, {@code ;}, {@code &}, {@code =}),
 * line breaks, NUL and other controls, lone surrogates, non-ASCII letters and emoji, glued together,
 * sometimes padded past every length limit. {@link #tally} counts which kinds a run really produced.
 */
public final class Hostile {

    static final List<String> PIECES = List.of("/", "..", ".", "%", "%2F", "%2e%2e", "%00", "%zz", "?", "#", "\r", "\n", "\r\n",
            "\u0000", "\t", " ", "+", "@", ";", "&", "=", "\\", "é", "日本", "😀", "\uD800", "İ", "a", "Z", "0", "-", "_", "~");

    private Hostile() {
    }

    /** Short hostile strings (1-16 pieces), mixed with long ones (500-3000 characters) carrying a piece. */
    public static Gen<String> text() {
        Gen<String> piece = arbitrary().pick(PIECES);
        Gen<String> shortOnes = lists().of(piece).ofSizeBetween(1, 16).map(l -> String.join("", l));
        Gen<String> longOnes = integers().between(500, 3000).zip(piece, (n, p) -> "x".repeat(n / 2) + p + "y".repeat(n - n / 2));
        return shortOnes.mix(longOnes, 15);
    }

    /** Counts the hostile kinds a value contains, per property. */
    public static final class Tally {
        private final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        private final AtomicLong tried = new AtomicLong();

        public void saw(String value) {
            tried.incrementAndGet();
            for (String kind : Hostile.kinds(value)) {
                kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            }
        }

        public long tried() {
            return tried.get();
        }

        public Map<String, Long> kinds() {
            Map<String, Long> out = new TreeMap<>();
            kinds.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        /** Every kind of hostile value was produced at least once. */
        public boolean coversEveryKind() {
            return kinds.keySet().containsAll(ALL_KINDS);
        }
    }

    static final Set<String> ALL_KINDS = Set.of("slash", "dot-dot", "percent", "question", "hash", "cr-lf", "nul", "non-ascii", "long");

    static Set<String> kinds(String v) {
        Set<String> out = new java.util.TreeSet<>();
        if (v.contains("/")) {
            out.add("slash");
        }
        if (v.contains("..")) {
            out.add("dot-dot");
        }
        if (v.contains("%")) {
            out.add("percent");
        }
        if (v.contains("?")) {
            out.add("question");
        }
        if (v.contains("#")) {
            out.add("hash");
        }
        if (v.contains("\r") || v.contains("\n")) {
            out.add("cr-lf");
        }
        if (v.contains("\u0000")) {
            out.add("nul");
        }
        if (v.chars().anyMatch(c -> c > 0x7e)) {
            out.add("non-ascii");
        }
        if (v.length() > 500) {
            out.add("long");
        }
        return out;
    }
}
