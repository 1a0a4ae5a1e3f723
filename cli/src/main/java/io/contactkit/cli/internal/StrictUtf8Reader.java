package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: invalid bytes are an error, never a replacement character. Unlike
 * {@link java.io.InputStreamReader}, it first hands out every character before the invalid bytes and
 * fails only on the read after, so the parser above knows which record holds them. At the start of an
 * input, a UTF-8 byte-order mark (as spreadsheets write before a CSV's header) is dropped here, before
 * any parser sees it, so that it cannot stick to the first field (a quoted {@code "Record ID"} stays a
 * quoted field).
 *
 * <p>Before a failure, a carriage return handed out last is followed by a line feed: the CSV parser counts a line that a
 * CR alone ends (old Mac files) only once it has seen the character after it, which might be CRLF's LF, so the read that
 * fails would otherwise come while that line is not counted yet, and the failure would be said of the record the CR ended,
 * a line too early. As CRLF the line is counted, the record ended, and the failure is said of the line it is on. Nothing
 * more is read after it, so the LF is never part of a record. Whether the last character was a CR is noted once per read,
 * not per row or per character.
 */
final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private IOException pending;
    // whether the last character handed out is a CR: a failure then hands out an LF first (see above)
    private boolean lastCr;
    private boolean eof;
    private boolean flushed;
    // whether the first bytes were looked at, and whether they are a UTF-16 byte-order mark
    private boolean started;
    private boolean utf16;

    /** An input read from its start: a UTF-8 byte-order mark there is dropped. */
    StrictUtf8Reader(InputStream in) {
        this(in, true);
    }

    /**
     * @param start true when {@code in} is the input's start; false for a part after it, whose first
     *              character (U+FEFF in a cell there is data) is kept
     */
    StrictUtf8Reader(InputStream in, boolean start) {
        this.in = in;
        this.started = !start;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pending != null) {
            return failed(buf, off);
        }
        if (flushed) {
            return -1;
        }
        int n;
        try {
            n = decode(buf, off, len);
        } catch (IOException e) {
            pending = e;
            return failed(buf, off);
        }
        if (n > 0) {
            lastCr = buf[off + n - 1] == '\r';
        }
        return n;
    }

    /** The read at a failure: an LF when the last character handed out is a CR, else the failure. */
    private int failed(char[] buf, int off) throws IOException {
        if (lastCr) {
            lastCr = false;
            buf[off] = '\n';
            return 1;
        }
        throw pending;
    }

    private int decode(char[] buf, int off, int len) throws IOException {
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (out.position() == off) {
            if (!bytes.hasRemaining() && !eof) {
                fill();
            }
            CoderResult r = decoder.decode(bytes, out, eof);
            if (r.isError()) {
                int bad = bytes.get(bytes.position()) & 0xff;
                // a sequence that starts well but the input ends inside: a cut, not a byte of another encoding
                boolean cut = eof && bad >= 0xc2 && bad <= 0xf4 && bytes.position() + r.length() == bytes.limit();
                pending = new NotUtf8(cut ? -1 : bad, utf16);
                if (out.position() == off) {
                    throw pending;
                }
                break;
            }
            if (r.isOverflow()) {
                break;
            }
            if (eof) {
                if (!flushed) {
                    CoderResult f = decoder.flush(out);
                    flushed = !f.isOverflow();
                    if (f.isError()) {
                        throw new NotUtf8(-1, utf16);
                    }
                }
                return out.position() == off && flushed ? -1 : out.position() - off;
            }
            if (bytes.hasRemaining() && out.position() == off) {
                // an incomplete sequence at the end of the buffer: keep it and read more
                fill();
            }
        }
        return out.position() - off;
    }

    private void fill() throws IOException {
        readMore();
        if (!started) {
            start();
            if (pending != null) {
                throw pending;
            }
        }
    }

    private void readMore() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /**
     * The input's first bytes, eight of them or all there are: a byte-order mark dropped, a UTF-16 one noted, and a file
     * of another format (a spreadsheet's workbook, gzip data compressed twice, a PDF) refused as a whole.
     */
    private void start() throws IOException {
        while (bytes.remaining() < 8 && !eof) {
            readMore();
        }
        started = true;
        int b0 = at(0);
        int b1 = at(1);
        utf16 = b0 == 0xff && b1 == 0xfe || b0 == 0xfe && b1 == 0xff;
        if (b0 == 0xef && b1 == 0xbb && at(2) == 0xbf) {
            bytes.position(3);
        }
        String format = b0 == 'P' && b1 == 'K' && at(2) == 3 && at(3) == 4
                ? "a ZIP archive, as an Excel (.xlsx) or OpenDocument (.ods) workbook is: save the sheet as CSV UTF-8 and give that file"
                : b0 == 0xd0 && b1 == 0xcf && at(2) == 0x11 && at(3) == 0xe0 && at(4) == 0xa1 && at(5) == 0xb1 && at(6) == 0x1a && at(7) == 0xe1
                ? "an Excel 97-2003 workbook (.xls): save the sheet as CSV UTF-8 and give that file"
                : b0 == 0x1f && b1 == 0x8b ? "gzip data inside gzip data (compressed twice): decompress it once first"
                : b0 == '%' && b1 == 'P' && at(2) == 'D' && at(3) == 'F' && at(4) == '-' ? "a PDF document"
                : null;
        if (format != null) {
            pending = new NotUtf8(format);
        }
    }

    /** The input's byte at {@code i} from its start (before any is decoded), or -1 past its end. */
    private int at(int i) {
        return bytes.remaining() > i ? bytes.get(i) & 0xff : -1;
    }

    /**
     * Input that is not UTF-8, said so that its user knows what to do: a UTF-16 file (as some spreadsheets save
     * "Unicode text") by its byte-order mark, anything else by its first bad byte, with the usual conversion.
     */
    static final class NotUtf8 extends java.nio.charset.CharacterCodingException {
        private static final long serialVersionUID = 1L;

        private final int badByte;
        private final boolean utf16;
        // the input's format, when it is one that is not text at all
        private final String format;

        NotUtf8(int badByte, boolean utf16) {
            this.badByte = badByte;
            this.utf16 = utf16;
            this.format = null;
        }

        NotUtf8(String format) {
            this.badByte = -1;
            this.utf16 = false;
            this.format = format;
        }

        /** Whether this is a problem of the whole input (its format), not of a record in it. */
        boolean wholeInput() {
            return format != null;
        }

        @Override
        public String getMessage() {
            if (format != null) {
                return "not CSV or NDJSON text: the input is " + format;
            }
            if (utf16) {
                return "invalid UTF-8: the input is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
                        + " (a spreadsheet's \"CSV UTF-8\") or convert it with iconv -f UTF-16 -t UTF-8";
            }
            return "invalid UTF-8" + (badByte < 0 ? " (a sequence cut short at the end)" : String.format(java.util.Locale.ROOT, ": byte 0x%02X", badByte))
                    + " (the input must be UTF-8 encoded; one saved as Windows-1252 or Latin-1 converts with iconv -f WINDOWS-1252 -t UTF-8)";
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
