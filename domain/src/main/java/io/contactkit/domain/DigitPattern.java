package io.contactkit.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A regular expression over decimal digits compiled once into a deterministic automaton: whether a string of
 * digits matches it (as {@code Matcher.matches}) or starts with a match (as {@code Matcher.lookingAt}) is then
 * one table step per digit, with no matcher and no backtracking.
 *
 * <p>Takes the subset of {@code java.util.regex} that libphonenumber's metadata patterns are written in: digits,
 * {@code \d}, classes of digits and digit ranges ({@code [2-9]}, {@code [02-9]}, {@code [\d]}), groups
 * ({@code (...)}, {@code (?:...)}), alternation, and the greedy quantifiers {@code ?}, {@code *}, {@code +},
 * {@code {n}}, {@code {n,}}, {@code {n,m}}. A pattern with anything else (anchors, {@code .}, negated classes,
 * other characters, lazy or possessive quantifiers, look-around, back references), or whose automaton would be
 * too large, is refused with {@link IllegalArgumentException}: the caller then matches with {@code java.util.regex}.
 * Every string such a pattern accepts is made of digits only, so a string with any other character
 * matches nothing (and {@link #lookingAt} looks no further than the digits before it). Immutable and
 * thread-safe.
 */
final class DigitPattern {

    private static final int DIGITS = 10;
    private static final int ANY_DIGIT = (1 << DIGITS) - 1;
    private static final int DEAD = -1;
    /** Bounds on the automata built, far above what libphonenumber's patterns need. */
    private static final int MAX_NFA_STATES = 200_000;
    private static final int MAX_DFA_STATES = 20_000;

    /** {@code next[state * 10 + digit]}: the next state, or {@link #DEAD}; state 0 is the start. */
    private final int[] next;
    private final boolean[] accepting;

    private DigitPattern(int[] next, boolean[] accepting) {
        this.next = next;
        this.accepting = accepting;
    }

    /**
     * The automaton of a pattern.
     *
     * @throws IllegalArgumentException when the pattern is outside the subset described above, or too large
     */
    static DigitPattern compile(String regex) {
        Parser parser = new Parser(regex);
        Node tree = parser.alternation();
        if (parser.at < regex.length()) {
            throw new IllegalArgumentException("unsupported at " + parser.at + ": " + regex);
        }
        Nfa nfa = new Nfa();
        int end = nfa.state();
        int start = nfa.build(tree, end);
        return nfa.determinize(start, end);
    }

    /** Whether the whole string matches, as {@code Matcher.matches}. */
    boolean matches(String s) {
        return matches(s, 0);
    }

    /**
     * {@link #matches(String)} of the characters of {@code s} from {@code from} on. (A {@code String}, not a
     * {@code CharSequence}: its {@code charAt} is then a direct call the client compiler inlines, not an interface call.)
     */
    boolean matches(String s, int from) {
        int state = 0;
        for (int i = from, n = s.length(); i < n && state != DEAD; i++) {
            state = step(state, s.charAt(i));
        }
        return state != DEAD && accepting[state];
    }

    /** Whether some prefix of the string (the empty one included) matches, as {@code Matcher.lookingAt}. */
    boolean lookingAt(String s) {
        return lookingAt(s, 0);
    }

    /** {@link #lookingAt(String)} of the characters of {@code s} from {@code from} on. */
    boolean lookingAt(String s, int from) {
        int state = 0;
        for (int i = from, n = s.length(); !accepting[state]; i++) {
            if (i == n || (state = step(state, s.charAt(i))) == DEAD) {
                return false;
            }
        }
        return true;
    }

    /** The state after one more character ({@link #DEAD} for anything but a digit). */
    private int step(int state, char c) {
        int d = c - '0';
        return d < 0 || d >= DIGITS ? DEAD : next[state * DIGITS + d];
    }

    /**
     * One automaton for libphonenumber's validity of a national significant number for a region ({@code
     * getNumberTypeHelper != UNKNOWN}, each description tested as {@code isNumberMatchingDesc}: a possible length when it
     * lists any, then its whole pattern): {@link #matches} of it is true exactly when the first part matches and has the
     * number's length among its possible lengths, and so does at least one of the others. The parts run side by side in
     * one walk over the digits (the product of their automata, with the number of digits read so far, capped above every
     * possible length listed), instead of one walk per description. For {@link #matches} only ({@link #lookingAt} of it
     * means nothing).
     *
     * @param parts   the general description's automaton first, then the number types' (null for one without a pattern,
     *                which matches nothing)
     * @param lengths per part, its possible lengths; empty for any length
     * @return the automaton, or null when it would have more than {@value #MAX_DFA_STATES} states
     */
    static DigitPattern validity(DigitPattern[] parts, int[][] lengths) {
        int k = parts.length;
        int cap = 0;
        for (int[] listed : lengths) {
            for (int length : listed) {
                cap = Math.max(cap, length);
            }
        }
        // a count of digits above every listed length is in no list: all such counts are one
        cap++;
        // a state: the count of digits read, then each part's state (DEAD for a part that can no longer match)
        List<int[]> states = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        int[] start = new int[k + 1];
        for (int i = 0; i < k; i++) {
            start[i + 1] = parts[i] == null ? DEAD : 0;
        }
        if (k == 0 || parts[0] == null) {
            // nothing is valid without the general description
            return new DigitPattern(new int[] {DEAD, DEAD, DEAD, DEAD, DEAD, DEAD, DEAD, DEAD, DEAD, DEAD}, new boolean[1]);
        }
        states.add(start);
        index.put(Arrays.toString(start), 0);
        List<int[]> rows = new ArrayList<>();
        for (int q = 0; q < states.size(); q++) {
            int[] from = states.get(q);
            int[] row = new int[DIGITS];
            for (int d = 0; d < DIGITS; d++) {
                int[] to = new int[k + 1];
                to[0] = Math.min(from[0] + 1, cap);
                boolean anyType = false;
                for (int i = 0; i < k; i++) {
                    to[i + 1] = from[i + 1] == DEAD ? DEAD : parts[i].next[from[i + 1] * DIGITS + d];
                    anyType |= i > 0 && to[i + 1] != DEAD;
                }
                if (to[1] == DEAD || !anyType) {
                    // the general description, or every type, can no longer match: no longer valid, whatever follows
                    row[d] = DEAD;
                    continue;
                }
                String key = Arrays.toString(to);
                Integer known = index.get(key);
                if (known == null) {
                    if (states.size() >= MAX_DFA_STATES) {
                        return null;
                    }
                    known = states.size();
                    states.add(to);
                    index.put(key, known);
                }
                row[d] = known;
            }
            rows.add(row);
        }
        int[] next = new int[states.size() * DIGITS];
        boolean[] accepting = new boolean[states.size()];
        for (int q = 0; q < states.size(); q++) {
            System.arraycopy(rows.get(q), 0, next, q * DIGITS, DIGITS);
            int[] state = states.get(q);
            boolean anyType = false;
            for (int i = 1; i < k; i++) {
                anyType |= matchesAt(parts[i], state[i + 1], lengths[i], state[0]);
            }
            accepting[q] = matchesAt(parts[0], state[1], lengths[0], state[0]) && anyType;
        }
        return new DigitPattern(next, accepting);
    }

    /** Whether a part in this state, after this many digits, matches ({@code isNumberMatchingDesc}). */
    private static boolean matchesAt(DigitPattern part, int state, int[] lengths, int count) {
        if (state == DEAD || !part.accepting[state]) {
            return false;
        }
        if (lengths.length == 0) {
            return true;
        }
        for (int length : lengths) {
            if (length == count) {
                return true;
            }
        }
        return false;
    }

    /** The number of states of the automaton (for tests). */
    int states() {
        return accepting.length;
    }

    // ---- the pattern's tree

    private sealed interface Node permits Digits, Sequence, Choice, Repeat {
    }

    /** One digit out of a set (bit d for digit d). */
    private record Digits(int mask) implements Node {
    }

    private record Sequence(List<Node> parts) implements Node {
    }

    private record Choice(List<Node> options) implements Node {
    }

    /** {@code max} negative for no upper bound. */
    private record Repeat(Node body, int min, int max) implements Node {
    }

    /** Recursive descent over the subset; anything else is refused where it is met. */
    private static final class Parser {

        private final String regex;
        private int at;

        Parser(String regex) {
            this.regex = regex;
        }

        Node alternation() {
            List<Node> options = new ArrayList<>();
            options.add(sequence());
            while (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                options.add(sequence());
            }
            return options.size() == 1 ? options.get(0) : new Choice(options);
        }

        private Node sequence() {
            List<Node> parts = new ArrayList<>();
            while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
                parts.add(quantified(atom()));
            }
            return parts.size() == 1 ? parts.get(0) : new Sequence(parts);
        }

        private Node atom() {
            char c = regex.charAt(at);
            if (c >= '0' && c <= '9') {
                at++;
                return new Digits(1 << (c - '0'));
            }
            if (c == '\\') {
                expect("\\d");
                return new Digits(ANY_DIGIT);
            }
            if (c == '[') {
                return digitClass();
            }
            if (c == '(') {
                at++;
                if (regex.startsWith("?", at)) {
                    expect("?:");
                }
                Node inner = alternation();
                expect(")");
                return inner;
            }
            throw unsupported();
        }

        private Node digitClass() {
            at++;
            int mask = 0;
            boolean first = true;
            while (at < regex.length() && (first || regex.charAt(at) != ']')) {
                first = false;
                char c = regex.charAt(at);
                if (c == '\\') {
                    expect("\\d");
                    mask |= ANY_DIGIT;
                } else if (c >= '0' && c <= '9') {
                    at++;
                    int low = c - '0';
                    int high = low;
                    if (at + 1 < regex.length() && regex.charAt(at) == '-' && regex.charAt(at + 1) != ']') {
                        char h = regex.charAt(at + 1);
                        if (h < '0' || h > '9' || h < c) {
                            throw unsupported();
                        }
                        high = h - '0';
                        at += 2;
                    }
                    for (int d = low; d <= high; d++) {
                        mask |= 1 << d;
                    }
                } else {
                    throw unsupported();   // '^' (negation), '&&', '[' nesting, other characters
                }
            }
            expect("]");
            return new Digits(mask);
        }

        private Node quantified(Node atom) {
            if (at == regex.length()) {
                return atom;
            }
            char c = regex.charAt(at);
            int min;
            int max;
            if (c == '?') {
                at++;
                min = 0;
                max = 1;
            } else if (c == '*') {
                at++;
                min = 0;
                max = -1;
            } else if (c == '+') {
                at++;
                min = 1;
                max = -1;
            } else if (c == '{') {
                at++;
                min = number();
                max = min;
                if (regex.startsWith(",", at)) {
                    at++;
                    max = regex.startsWith("}", at) ? -1 : number();
                }
                expect("}");
                if (max >= 0 && max < min) {
                    throw unsupported();
                }
            } else {
                return atom;
            }
            if (at < regex.length() && "?+*{".indexOf(regex.charAt(at)) >= 0) {
                throw unsupported();   // lazy, possessive, or a quantifier on a quantifier
            }
            return new Repeat(atom, min, max);
        }

        private int number() {
            int start = at;
            while (at < regex.length() && regex.charAt(at) >= '0' && regex.charAt(at) <= '9' && at - start < 4) {
                at++;
            }
            if (at == start || (at < regex.length() && Character.isDigit(regex.charAt(at)))) {
                throw unsupported();
            }
            return Integer.parseInt(regex, start, at, 10);
        }

        private void expect(String text) {
            if (!regex.startsWith(text, at)) {
                throw unsupported();
            }
            at += text.length();
        }

        private IllegalArgumentException unsupported() {
            return new IllegalArgumentException("unsupported at " + at + ": " + regex);
        }
    }

    // ---- Thompson's construction, then the subset construction

    private static final class Nfa {

        /** Per state: the digits of its one digit transition (0 for none), its target, its empty transitions. */
        private int[] mask = new int[64];
        private int[] target = new int[64];
        private int[][] empty = new int[64][];
        private int size;

        int state() {
            if (size == MAX_NFA_STATES) {
                throw new IllegalArgumentException("automaton too large");
            }
            if (size == mask.length) {
                mask = Arrays.copyOf(mask, size * 2);
                target = Arrays.copyOf(target, size * 2);
                empty = Arrays.copyOf(empty, size * 2);
            }
            empty[size] = new int[0];
            return size++;
        }

        private void epsilon(int from, int to) {
            int[] e = empty[from];
            e = Arrays.copyOf(e, e.length + 1);
            e[e.length - 1] = to;
            empty[from] = e;
        }

        /** States for {@code node} leading to {@code end}; returns the start state. */
        int build(Node node, int end) {
            if (node instanceof Digits d) {
                int s = state();
                mask[s] = d.mask();
                target[s] = end;
                return s;
            }
            if (node instanceof Sequence seq) {
                int next = end;
                for (int i = seq.parts().size() - 1; i >= 0; i--) {
                    next = build(seq.parts().get(i), next);
                }
                return next;
            }
            if (node instanceof Choice choice) {
                int s = state();
                for (Node option : choice.options()) {
                    epsilon(s, build(option, end));
                }
                return s;
            }
            Repeat r = (Repeat) node;
            int next = end;
            if (r.max() < 0) {
                // body* before end: a hub that either enters the body (which returns to it) or leaves
                int hub = state();
                epsilon(hub, build(r.body(), hub));
                epsilon(hub, end);
                next = hub;
            } else {
                // (body (body (...)?)?)? for the optional copies, nested from the last
                for (int i = r.min(); i < r.max(); i++) {
                    int s = state();
                    epsilon(s, build(r.body(), next));
                    epsilon(s, end);
                    next = s;
                }
            }
            for (int i = 0; i < r.min(); i++) {
                next = build(r.body(), next);
            }
            return next;
        }

        private BitSet closure(BitSet states) {
            int[] stack = new int[Math.max(16, states.cardinality())];
            int top = 0;
            for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
                stack[top++] = s;
            }
            while (top > 0) {
                int s = stack[--top];
                for (int t : empty[s]) {
                    if (!states.get(t)) {
                        states.set(t);
                        if (top == stack.length) {
                            stack = Arrays.copyOf(stack, top * 2);
                        }
                        stack[top++] = t;
                    }
                }
            }
            return states;
        }

        DigitPattern determinize(int start, int end) {
            BitSet first = new BitSet(size);
            first.set(start);
            List<BitSet> sets = new ArrayList<>();
            Map<BitSet, Integer> ids = new HashMap<>();
            sets.add(closure(first));
            ids.put(sets.get(0), 0);
            int[] next = new int[DIGITS * 16];
            for (int i = 0; i < sets.size(); i++) {
                BitSet set = sets.get(i);
                if (next.length < (i + 1) * DIGITS) {
                    next = Arrays.copyOf(next, next.length * 2);
                }
                for (int d = 0; d < DIGITS; d++) {
                    BitSet moved = new BitSet(size);
                    for (int s = set.nextSetBit(0); s >= 0; s = set.nextSetBit(s + 1)) {
                        if ((mask[s] & (1 << d)) != 0) {
                            moved.set(target[s]);
                        }
                    }
                    if (moved.isEmpty()) {
                        next[i * DIGITS + d] = DEAD;
                        continue;
                    }
                    closure(moved);
                    Integer id = ids.get(moved);
                    if (id == null) {
                        if (sets.size() == MAX_DFA_STATES) {
                            throw new IllegalArgumentException("automaton too large");
                        }
                        id = sets.size();
                        sets.add(moved);
                        ids.put(moved, id);
                    }
                    next[i * DIGITS + d] = id;
                }
            }
            boolean[] accepting = new boolean[sets.size()];
            for (int i = 0; i < accepting.length; i++) {
                accepting[i] = sets.get(i).get(end);
            }
            return new DigitPattern(Arrays.copyOf(next, sets.size() * DIGITS), accepting);
        }
    }
}
