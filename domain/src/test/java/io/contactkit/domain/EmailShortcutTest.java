package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The e-mail address's one pass (trimmed bounds, check, lower case and copy in one walk over the value as entered) against
 * the way normalization went before it, kept here as the reference: trim (a copy when padded), the earlier one-pass check
 * of the trimmed text, then its lower case (a second walk and a copy), else the control-character scan and the full way.
 * Both answers are compared, identifiers and violations with their messages, on generated values of every shape the rules
 * name.
 */
class EmailShortcutTest {

    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";
    private static final IdentifierPolicy POLICY = IdentifierPolicy.defaults();

    /** What {@code normalize(emailaddress, raw)} answered before: the identifier, or the violation. */
    static Object reference(String raw) {
        if (raw == null) {
            return Violation.of("value", "missing_value", "identifier emailaddress has no value");
        }
        String value = referenceTrim(raw);
        if (value.isEmpty()) {
            return Violation.of("value", "missing_value", "identifier emailaddress has an empty value");
        }
        String canonical = referencePlainAscii(value);
        if (canonical != null) {
            return new Identifier(Identifier.EMAIL, canonical);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return Violation.of("value", "control_character", "identifier emailaddress contains a control character");
            }
        }
        if (value.length() > 254) {
            return Violation.of("value", "invalid_email", "e-mail address is longer than 254 characters");
        }
        String lower = value.chars().allMatch(c -> c < 0x80) ? value.toLowerCase(Locale.ROOT)
                : Normalizer.normalize(Normalizer.normalize(value, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        String problem = EmailSyntax.problem(lower);
        if (problem != null) {
            String quoted = value.length() <= 64 ? value : value.substring(0, 61) + "...";
            return Violation.of("value", "invalid_email", "'" + quoted + "' is not a valid e-mail address: " + problem);
        }
        return new Identifier(Identifier.EMAIL, EmailSyntax.unicodeDomain(lower));
    }

    private static String referenceTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && blank(s.charAt(start))) {
            start++;
        }
        while (end > start && blank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF';
    }

    // the earlier one-pass check, of the trimmed text, lower-cased after it (as it was, table included)
    private static final byte LOCAL = 1;
    private static final byte DOMAIN = 2;
    private static final byte UPPER = 4;
    private static final byte DIGIT = 8;
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LOCAL | DOMAIN;
            ASCII[Character.toUpperCase(c)] = LOCAL | DOMAIN | UPPER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = LOCAL | DOMAIN | DIGIT;
        }
        for (char c : ATEXT_SYMBOLS.toCharArray()) {
            ASCII[c] |= LOCAL;
        }
        ASCII['-'] |= DOMAIN;
        ASCII['.'] = LOCAL | DOMAIN;
    }

    private static String referencePlainAscii(String value) {
        int n = value.length();
        if (n > 254) {
            return null;
        }
        byte[] table = ASCII;
        boolean upper = false;
        int at = -1;
        char previous = '.';
        int labelStart = 0;
        boolean numericLabel = true;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128) {
                return null;
            }
            int kind = table[c];
            if (at < 0) {
                if (c == '@') {
                    if (i == 0 || i > 64 || previous == '.') {
                        return null;
                    }
                    at = i;
                    labelStart = i + 1;
                    previous = '@';
                    continue;
                }
                if ((kind & LOCAL) == 0 || (c == '.' && previous == '.')) {
                    return null;
                }
            } else if (c == '.') {
                if (i == labelStart || i - labelStart > 63 || previous == '-' || idna(value, labelStart, i)) {
                    return null;
                }
                labelStart = i + 1;
                numericLabel = true;
            } else {
                if ((kind & DOMAIN) == 0 || (c == '-' && i == labelStart)) {
                    return null;
                }
                numericLabel &= (kind & DIGIT) != 0;
            }
            upper |= (kind & UPPER) != 0;
            previous = c;
        }
        if (at < 0 || n - at - 1 > 253 || labelStart == at + 1 || n == labelStart || n - labelStart > 63 || previous == '-'
                || numericLabel || idna(value, labelStart, n)) {
            return null;
        }
        return upper ? value.toLowerCase(Locale.ROOT) : value;
    }

    private static boolean idna(String value, int start, int end) {
        return end - start >= 4 && value.regionMatches(true, start, "xn--", 0, 4);
    }

    private static final String[] PADDING = {" ", "  ", "\t", "\u00a0", "\u200b", "\ufeff", "\u2003", "\u3000", "\n", "\r\n", ""};
    /** Characters beyond printable ASCII: accented letters, dotted capital I, a combining mark, CJK, a surrogate pair. */
    private static final String[] FOREIGN = {"\u00e9", "\u00c9", "\u00d6", "\u0130", "\u0301", "\u4e2d", "\ud83d\ude00", "\u00df",
            "\u212a", "\u00a0", "\u200b"};
    private static final String[] CONTROL = {"\u0000", "\u0001", "\t", "\n", "\r", "\u001f", "\u007f", "\u0085", "\u009f"};
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LOCAL_EXTRA = ATEXT_SYMBOLS + "..\"(),:;<>[]\\ @";
    private static final String DOMAIN_EXTRA = "-.-._!+ @";

    /** A value in the shape of an address, mutated now and then in one of the ways the rules name. */
    private static String generate(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int local = switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 62 + random.nextInt(5);
            default -> 1 + random.nextInt(14);
        };
        for (int k = 0; k < local; k++) {
            s.append(random.nextInt(8) == 0 ? LOCAL_EXTRA.charAt(random.nextInt(LOCAL_EXTRA.length())) : PLAIN.charAt(random.nextInt(PLAIN.length())));
        }
        int shape = random.nextInt(30);
        if (shape != 0) {
            s.append('@');
        }
        if (shape == 1) {
            s.append("x@");
        }
        int labels = random.nextInt(15) == 0 ? 1 + random.nextInt(6) : 2 + random.nextInt(3);
        if (random.nextInt(25) == 0) {
            labels = 1;
        }
        boolean longDomain = random.nextInt(30) == 0;
        if (longDomain) {
            labels = 4 + random.nextInt(2);
        }
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                s.append('.');
            }
            if (random.nextInt(20) == 0) {
                s.append(random.nextBoolean() ? "xn--" : "XN--");
            }
            int n = longDomain ? 60 + random.nextInt(4) : random.nextInt(15) == 0 ? 61 + random.nextInt(5) : random.nextInt(9);
            boolean digits = random.nextInt(6) == 0;
            for (int k = 0; k < n; k++) {
                String from = digits ? "0123456789" : random.nextInt(10) == 0 ? DOMAIN_EXTRA : PLAIN;
                s.append(from.charAt(random.nextInt(from.length())));
            }
        }
        // a character beyond ASCII or a control character, anywhere
        if (random.nextInt(12) == 0) {
            s.insert(random.nextInt(s.length() + 1), FOREIGN[random.nextInt(FOREIGN.length)]);
        }
        if (random.nextInt(20) == 0) {
            s.insert(random.nextInt(s.length() + 1), CONTROL[random.nextInt(CONTROL.length)]);
        }
        switch (random.nextInt(10)) {
            case 0 -> s.replace(0, s.length(), s.toString().toUpperCase(Locale.ROOT));
            case 1 -> s.replace(0, s.length(), s.toString().toLowerCase(Locale.ROOT));
            case 2 -> s.append("y".repeat(random.nextInt(4) == 0 ? 300 : 190 + random.nextInt(70)));
            default -> {
            }
        }
        if (random.nextInt(4) == 0) {
            s.insert(0, PADDING[random.nextInt(PADDING.length)]).append(PADDING[random.nextInt(PADDING.length)]);
        }
        if (random.nextInt(200) == 0) {
            s.setLength(0);
            s.append(PADDING[random.nextInt(PADDING.length)]);
        }
        return s.toString();
    }

    @Test
    void theOnePassAnswersAsTheEarlierWayOnGeneratedValues() {
        SplittableRandom random = new SplittableRandom(1815);
        Set<String> reasons = new TreeSet<>();
        int valid = 0;
        int lowered = 0;
        int padded = 0;
        for (int i = 0; i < 300_000; i++) {
            String raw = generate(random);
            Object expected = reference(raw);
            Object actual = POLICY.normalized(Identifier.EMAIL, raw);
            assertEquals(expected, actual, () -> "'" + raw + "'");
            assertEquals(expected, POLICY.normalize(Identifier.EMAIL, raw).fold(v -> v, id -> id), () -> "'" + raw + "'");
            // and the one pass itself takes exactly the addresses the earlier one took (no more left to the full way)
            int start = 0;
            while (start < raw.length() && blank(raw.charAt(start))) {
                start++;
            }
            String trimmed = referenceTrim(raw);
            assertEquals(referencePlainAscii(trimmed), EmailSyntax.plainAscii(raw, start, start + trimmed.length()), () -> "'" + raw + "'");
            if (expected instanceof Identifier id) {
                valid++;
                lowered += id.value().equals(referenceTrim(raw)) ? 0 : 1;
                padded += raw.length() != referenceTrim(raw).length() ? 1 : 0;
                if (id.value().equals(raw) && referencePlainAscii(raw) != null) {
                    // plain ASCII, already canonical and unpadded: answered without a copy
                    assertSame(raw, ((Identifier) actual).value(), () -> "'" + raw + "'");
                }
            } else {
                Violation v = (Violation) expected;
                int colon = v.message().lastIndexOf(": ");
                String reason = colon < 0 ? v.message() : v.message().substring(colon + 2);
                reasons.add(v.code() + (v.code().equals("invalid_email") ? ": " + reason.replaceAll("^character '.*' is", "character 'x' is") : ""));
            }
        }
        assertTrue(valid > 20_000, "valid: " + valid);
        assertTrue(lowered > 5_000 && padded > 5_000, lowered + " lower-cased, " + padded + " padded");
        // every rule's violation was reached (but the domain's 253 characters, which only lower-casing beyond ASCII can
        // reach from within 254)
        Set<String> required = new TreeSet<>(Set.of(
                "control_character",
                "invalid_email: e-mail address is longer than 254 characters",
                "invalid_email: a domain label is longer than 63 characters",
                "invalid_email: a domain label starts or ends with '-'",
                "invalid_email: character 'x' is not allowed before '@'",
                "invalid_email: character 'x' is not allowed in the domain",
                "invalid_email: misplaced '.' before '@'",
                "invalid_email: misplaced '.' in the domain",
                "invalid_email: more than one '@'",
                "invalid_email: no '@'",
                "invalid_email: nothing after '@'",
                "invalid_email: nothing before '@'",
                "invalid_email: the domain has no '.'",
                "invalid_email: the part before '@' is longer than 64 characters",
                "invalid_email: the top-level domain is numeric",
                "missing_value"));
        required.removeAll(reasons);
        assertEquals(Set.of(), required, () -> "not reached: " + required);
    }

    @Test
    void theOnePassReadsTheTrimmedRangeOnly() {
        assertEquals("ann.lee@example.com", EmailSyntax.plainAscii("  Ann.Lee@Example.COM\u00a0", 2, 21));
        assertEquals("ann@example.com", EmailSyntax.plainAscii("(ann@example.com)", 1, 16));
        assertEquals(null, EmailSyntax.plainAscii("(ann@example.com)", 0, 16));
        assertEquals(null, EmailSyntax.plainAscii("(ann@example.com)", 1, 17));
        String plain = "ann@example.com";
        assertSame(plain, EmailSyntax.plainAscii(plain, 0, plain.length()));
        assertEquals(null, EmailSyntax.plainAscii("a@b." + "c".repeat(250), 0, 254));
        assertEquals("a@b." + "c".repeat(63), EmailSyntax.plainAscii("  a@b." + "C".repeat(63) + "  ", 2, 69));
    }
}
