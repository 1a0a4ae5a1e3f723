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

    @Test
    void aFailureRightAfterALoneCarriageReturnComesAfterALineFeedAndOnlyThen() throws IOException {
        // what was handed out before the failure, then the failure: after a CR alone, an LF first, so that the line is counted
        assertEquals("a,b\r\n", before(latin1("a,b\r\u00e9\r")));
        assertEquals("a,b\r\r\n", before(latin1("a,b\r\r\u00e9")));
        assertEquals("a,\"b\r\n", before(latin1("a,\"b\r\u00e9\"")));
        // whatever the reads' sizes, and for a failure of the input below as well
        assertEquals("a,b\r\n", before(oneByOne(latin1("a,b\r\u00e9"))));
        assertEquals("email,b\r\n", before(new java.io.SequenceInputStream(latin1("email,b\r"), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Unexpected end of ZLIB input stream");
            }
        })));
        // no LF where there was none: after an LF, a CRLF, or another character
        assertEquals("a,b\n", before(latin1("a,b\n\u00e9")));
        assertEquals("a,b\r\n", before(latin1("a,b\r\n\u00e9")));
        assertEquals("a,b", before(latin1("a,b\u00e9\r")));
    }

    /** What the reader hands out before it fails, in reads of seven characters at most. */
    private static String before(InputStream in) {
        StringBuilder b = new StringBuilder();
        Reader r = new StrictUtf8Reader(in);
        char[] buf = new char[7];
        assertThrows(IOException.class, () -> {
            int n;
            while ((n = r.read(buf, 0, buf.length)) >= 0) {
                b.append(buf, 0, n);
            }
        });
        return b.toString();
    }

    /** {@code s} in ISO-8859-1: an {@code é} is the lone byte 0xE9, not UTF-8. */
    private static InputStream latin1(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static InputStream oneByOne(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
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
