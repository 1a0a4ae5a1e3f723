package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: invalid bytes are an error, never a replacement character. Unlike
 * {@link java.io.InputStreamReader}, it first hands out every character before the invalid bytes and
 * fails only on the read after, so the parser above knows which record holds them.
 */
final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private CharacterCodingException pending;
    private boolean eof;
    private boolean flushed;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pending != null) {
            throw pending;
        }
        if (flushed) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (out.position() == off) {
            if (!bytes.hasRemaining() && !eof) {
                fill();
            }
            CoderResult r = decoder.decode(bytes, out, eof);
            if (r.isError()) {
                pending = new java.nio.charset.MalformedInputException(r.length());
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
                        throw new java.nio.charset.MalformedInputException(f.length());
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
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
