package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte-order mark at an input's start, however the bytes arrive, and nowhere else. */
class StrictUtf8ReaderTest {

    private static final String BOM = "\uFEFF";

    @Test
    void aByteOrderMarkAtTheStartIsDroppedBeforeAnyParserSeesIt() throws IOException {
        assertEquals("\"Record ID\",email\n", text(new StrictUtf8Reader(bytes(BOM + "\"Record ID\",email\n"))));
        assertEquals("", text(new StrictUtf8Reader(bytes(BOM))));
        assertEquals("ab", text(new StrictUtf8Reader(bytes("ab"))), "shorter than a mark");
        assertEquals("", text(new StrictUtf8Reader(bytes(""))));
    }

    @Test
    void itIsDroppedWhenTheBytesArriveOneByOneAsFromAPipe() throws IOException {
        assertEquals("email\nann@example.com\n", text(new StrictUtf8Reader(trickle(BOM + "email\nann@example.com\n"))));
        assertEquals("é,x", text(new StrictUtf8Reader(trickle("é,x"))));
    }

    @Test
    void onlyOneMarkAndOnlyAtTheStartOfTheInputAreDropped() throws IOException {
        assertEquals(BOM + "email\n", text(new StrictUtf8Reader(bytes(BOM + BOM + "email\n"))));
        assertEquals("a," + BOM + "b\n", text(new StrictUtf8Reader(bytes("a," + BOM + "b\n"))));
        // a part of a file after its start: a U+FEFF there is a cell's data
        assertEquals(BOM + "ann@example.com\n", text(new StrictUtf8Reader(bytes(BOM + "ann@example.com\n"), false)));
    }

    @Test
    void aUtf16MarkIsStillNamedAsSuch() {
        byte[] utf16 = (BOM + "email\n").getBytes(StandardCharsets.UTF_16LE);
        StrictUtf8Reader.NotUtf8 e = assertThrows(StrictUtf8Reader.NotUtf8.class,
                () -> text(new StrictUtf8Reader(new ByteArrayInputStream(utf16))));
        assertTrue(e.getMessage().contains("the input is UTF-16"), e.getMessage());
    }

    @Test
    void aWorkbookIsRefusedAsAWholeHoweverItsBytesArriveAndOnlyAtTheStart() throws IOException {
        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0};
        InputStream oneByOne = new ByteArrayInputStream(xlsx) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        StrictUtf8Reader.NotUtf8 e = assertThrows(StrictUtf8Reader.NotUtf8.class, () -> text(new StrictUtf8Reader(oneByOne)));
        assertTrue(e.wholeInput());
        assertTrue(e.getMessage().startsWith("not CSV or NDJSON text: the input is a ZIP archive"), e.getMessage());
        // text that merely starts alike, and the same bytes in a part after the start, are read as text
        assertEquals("PK,email\n", text(new StrictUtf8Reader(bytes("PK,email\n"))));
        assertEquals("%PDF\n", text(new StrictUtf8Reader(bytes("%PDF\n"))));
        assertEquals("PK\u0003\u0004", text(new StrictUtf8Reader(new ByteArrayInputStream(new byte[] {'P', 'K', 3, 4}), false)));
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of {@code s}, one per read. */
    private static InputStream trickle(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static String text(Reader r) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[7];
        int n;
        while ((n = r.read(buf, 0, buf.length)) >= 0) {
            b.append(buf, 0, n);
        }
        return b.toString();
    }
}
