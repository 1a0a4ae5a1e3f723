package io.contactkit.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The syntax check behind {@code emailaddress} normalization: a dot-atom local part (RFC 5322 atext,
 * plus letters beyond ASCII for internationalized addresses), {@code @}, and a host name of at least
 * two labels. Quoted local parts and address literals are not accepted: no contact provider stores them.
 */
final class EmailSyntax {

    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

    private EmailSyntax() {
    }

    // printable ASCII by what it may be: LOCAL before '@' (atext and '.'), DOMAIN after it (letters, digits, '-', '.')
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

    /**
     * The canonical form of a plain ASCII address, found in one pass, or null when the full way must
     * decide: for an address written only in printable ASCII that {@link #problem} finds valid and whose
     * domain has no IDNA label ({@code xn--}), what lower-casing, {@link #problem} and
     * {@link #unicodeDomain} give (the address in lower case); null for anything else (invalid, beyond
     * ASCII, with a control character, or with an {@code xn--} label), which the full way then handles
     * as before, with its reason.
     *
     * @param value the trimmed value, as entered
     */
    static String plainAscii(String value) {
        int n = value.length();
        // the same bounds as the full way: 254 for the address, 64 before '@', 253 after it, 63 per label
        if (n > 254) {
            return null;
        }
        byte[] table = ASCII;
        boolean upper = false;
        int at = -1;
        char previous = '.';   // a leading '.' is misplaced, as after another '.'
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
                // a label ends: not empty, at most 63 characters, no '-' at either end, not "xn--"
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
        // the domain: at most 253 characters with a '.', its last label checked as the others, and not numeric
        if (at < 0 || n - at - 1 > 253 || labelStart == at + 1 || n == labelStart || n - labelStart > 63 || previous == '-'
                || numericLabel || idna(value, labelStart, n)) {
            return null;
        }
        return upper ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** Whether the label from {@code start} to {@code end} (printable ASCII) starts with {@code xn--}, in any case. */
    private static boolean idna(String value, int start, int end) {
        // the case-blind comparison only for a label starting with 'x' or 'X' (of printable ASCII, the only characters
        // whose bit 0x20 set gives 'x'): most labels do not, and the comparison cost a call per character
        return end - start >= 4 && (value.charAt(start) | 0x20) == 'x' && value.regionMatches(true, start, "xn--", 0, 4);
    }

    /** Null when {@code address} is valid, else what is wrong with it. */
    static String problem(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "no '@'";
        }
        if (address.indexOf('@') != at) {
            return "more than one '@'";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            return "nothing before '@'";
        }
        if (local.length() > 64) {
            return "the part before '@' is longer than 64 characters";
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "misplaced '.' before '@'";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c == '.' || Character.isLetterOrDigit(c) || isMark(c) || ATEXT_SYMBOLS.indexOf(c) >= 0)) {
                return "character '" + character(local, i) + "' is not allowed before '@'";
            }
        }
        return domainProblem(domain);
    }

    /** Combining marks belong to the letters before them in internationalized addresses (RFC 6531). */
    private static boolean isMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * The address with every ASCII-encoded domain label ({@code xn--...}, an IDNA A-label) written in Unicode, so
     * {@code jörg@xn--bcher-kva.de} and {@code jörg@bücher.de} are one identifier, as are {@code a@xn--strae-oqa.de} and
     * {@code a@straße.de}. The label is decoded as RFC 3492 punycode, then lower-cased and composed (NFC) as an address
     * written in Unicode is. A label is kept as written when it is not punycode, when it decodes to ASCII alone, or when
     * what it decodes to is not a label this syntax accepts in Unicode (a symbol such as {@code ☃}): so that the canonical
     * value is itself valid and normalizes to itself. Labels already in Unicode are kept as they are (no IDNA2003 mapping,
     * which would fold distinct names such as {@code ß} and {@code ss}). Expects a valid address.
     */
    static String unicodeDomain(String address) {
        int at = address.lastIndexOf('@');
        if (!address.regionMatches(true, at + 1, "xn--", 0, 4) && !address.contains(".xn--")) {
            return address;
        }
        String[] labels = address.substring(at + 1).split("\\.", -1);
        StringBuilder out = new StringBuilder(address.length()).append(address, 0, at + 1);
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(unicodeLabel(labels[i]));
        }
        return out.toString();
    }

    /** An A-label in Unicode when it decodes to a label this syntax accepts, else the label as it is. */
    private static String unicodeLabel(String label) {
        if (!label.startsWith("xn--")) {
            return label;
        }
        String decoded = Punycode.decode(label, 4);
        if (decoded == null || decoded.chars().allMatch(c -> c < 0x80)) {
            return label;
        }
        String canonical = Normalizer.normalize(Normalizer.normalize(decoded, Normalizer.Form.NFC).toLowerCase(Locale.ROOT),
                Normalizer.Form.NFC);
        return labelProblem(canonical, 0, canonical.length()) == null ? canonical : label;
    }

    private static String domainProblem(String domain) {
        if (domain.isEmpty()) {
            return "nothing after '@'";
        }
        if (domain.length() > 253) {
            return "the domain is longer than 253 characters";
        }
        if (domain.indexOf('.') < 0) {
            return "the domain has no '.'";
        }
        // label by label, in place: [start, end) between dots
        int n = domain.length();
        boolean numericLabel = false;
        for (int start = 0; start <= n; ) {
            int end = domain.indexOf('.', start);
            if (end < 0) {
                end = n;
            }
            String problem = labelProblem(domain, start, end);
            if (problem != null) {
                return problem;
            }
            numericLabel = true;
            for (int i = start; i < end && numericLabel; i++) {
                numericLabel = Character.isDigit(domain.charAt(i));
            }
            start = end + 1;
        }
        // the last label checked is the top-level domain
        if (numericLabel) {
            return "the top-level domain is numeric";
        }
        return null;
    }

    /** Null when the label from {@code start} to {@code end} of {@code domain} is valid, else what is wrong with it. */
    private static String labelProblem(String domain, int start, int end) {
        if (end == start) {
            return "misplaced '.' in the domain";
        }
        if (end - start > 63) {
            return "a domain label is longer than 63 characters";
        }
        if (domain.charAt(start) == '-' || domain.charAt(end - 1) == '-') {
            return "a domain label starts or ends with '-'";
        }
        for (int i = start; i < end; i++) {
            char c = domain.charAt(i);
            if (!(c == '-' || Character.isLetterOrDigit(c) || isMark(c))) {
                return "character '" + character(domain, i) + "' is not allowed in the domain";
            }
        }
        return null;
    }

    /** The character at {@code i}, whole: both halves of a surrogate pair (an emoji, say), not one. */
    private static String character(String s, int i) {
        return new String(Character.toChars(s.codePointAt(i)));
    }
}
