package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.IDN;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3492 decoding: known labels, the JDK's own encoding of many generated ones, and input that is not punycode. */
class PunycodeTest {

    @ParameterizedTest
    @CsvSource({
        "xn--strae-oqa, straße",
        "xn--bcher-kva, bücher",
        "xn--n3h, ☃",
        "xn--ls8h, 💩",
        "xn--9-3ga, 9÷",
        "xn--mnchen-ost-9db, münchen-ost",
        "xn--hxargifdar, ελληνικά",
        "xn--h1alffa9f, россия",
        "xn--wgv71a119e, 日本語",
        "xn--fa-hia, faß",
        "xn--lja, ǆ",
        // RFC 3492, section 7.1: (A) Arabic (Egyptian), (L) 3<nen>B<gumi><kinpachi><sensei>
        "xn--egbpdaj6bu4bxfgehfvwxn, ليهمابتكلموشعربي؟",
        "xn--3B-ww4c5e180e575a65lsy2b, 3年B組金八先生",
    })
    void decodesKnownLabels(String label, String unicode) {
        assertEquals(unicode, Punycode.decode(label, 4));
    }

    @Test
    void decodesWhatTheJdkEncodes() {
        SplittableRandom random = new SplittableRandom(3492);
        // letters of several scripts, digits, '-', and characters beyond the basic plane
        int[][] ranges = {{'a', 'z'}, {'0', '9'}, {0xE0, 0xFF}, {0x3B1, 0x3C9}, {0x430, 0x44F}, {0x4E00, 0x4FFF}, {0x1F600, 0x1F64F}};
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                int[] r = ranges[random.nextInt(ranges.length)];
                s.appendCodePoint(r[0] + random.nextInt(r[1] - r[0] + 1));
            }
            String label = s.toString();
            String ascii;
            try {
                ascii = IDN.toASCII(label, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                continue;   // not a label IDNA2003 encodes (too long once encoded, say)
            }
            // the JDK maps some characters first (nameprep): compare only labels it encodes as they are
            if (ascii.startsWith("xn--") && IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED).equals(label)) {
                assertEquals(label, Punycode.decode(ascii, 4), ascii);
                compared++;
            }
        }
        assertEquals(true, compared > 10_000, "compared " + compared);
    }

    @Test
    void refusesWhatIsNotPunycode() {
        assertNull(Punycode.decode("xn--zz", 4));            // a number left unfinished
        assertNull(Punycode.decode("xn--ab_c", 4));          // not a digit
        assertNull(Punycode.decode("xn--é-kva", 4));         // a basic part beyond ASCII
        assertNull(Punycode.decode("xn--99999999999", 4));   // overflow
        assertNull(Punycode.decode("xn--" + "9".repeat(40) + "a", 4));
        assertEquals("abc", Punycode.decode("xn--abc-", 4)); // ASCII alone: the caller keeps such a label as written
    }
}
