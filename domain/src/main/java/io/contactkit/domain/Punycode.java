package io.contactkit.domain;

/**
 * Punycode decoding (RFC 3492, section 6.2), the encoding of an internationalized domain label's A-label after its
 * {@code xn--} prefix. Only the decoding, with no IDNA mapping: {@code java.net.IDN} implements IDNA2003, whose
 * round-trip check gives back the label undecoded for names IDNA2008 writes as they are ({@code ß}, {@code ς}), and the
 * domain's only dependencies are Vavr and libphonenumber.
 */
final class Punycode {

    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Punycode() {
    }

    /**
     * Decodes {@code text} from {@code from} on.
     *
     * @param text the text: {@code xn--} and the punycode, say, with {@code from} 4
     * @param from where the punycode starts
     * @return the decoded text, or null when it is not valid punycode (a basic part beyond ASCII, a digit that is none,
     *         a number left unfinished, an overflow, or a code point that is no character)
     */
    static String decode(String text, int from) {
        int length = text.length() - from;
        int[] out = new int[length];
        int count = 0;
        // the basic code points, up to the last delimiter, are copied as they are
        int delimiter = text.lastIndexOf('-');
        int in = from;
        if (delimiter >= from) {
            for (int j = from; j < delimiter; j++) {
                char c = text.charAt(j);
                if (c >= 0x80) {
                    return null;
                }
                out[count++] = c;
            }
            in = delimiter + 1;
        }
        int n = INITIAL_N;
        int bias = INITIAL_BIAS;
        int i = 0;
        while (in < text.length()) {
            int old = i;
            int w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= text.length()) {
                    return null;
                }
                int digit = digit(text.charAt(in++));
                if (digit < 0 || digit > (Integer.MAX_VALUE - i) / w) {
                    return null;
                }
                i += digit * w;
                int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                if (digit < t) {
                    break;
                }
                if (w > Integer.MAX_VALUE / (BASE - t)) {
                    return null;
                }
                w *= BASE - t;
            }
            bias = adapt(i - old, count + 1, old == 0);
            if (i / (count + 1) > Integer.MAX_VALUE - n) {
                return null;
            }
            n += i / (count + 1);
            i %= count + 1;
            if (n > Character.MAX_CODE_POINT || (n >= Character.MIN_SURROGATE && n <= Character.MAX_SURROGATE) || count == out.length) {
                return null;
            }
            System.arraycopy(out, i, out, i + 1, count - i);
            out[i++] = n;
            count++;
        }
        return new String(out, 0, count);
    }

    private static int digit(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }

    private static int adapt(int delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
    }
}
