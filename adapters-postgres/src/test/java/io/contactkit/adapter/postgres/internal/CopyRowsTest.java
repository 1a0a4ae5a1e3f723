package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows in COPY's binary format: each field its length and its bytes, unescaped, whichever way it was written. */
class CopyRowsTest {

    private static final String AWKWARD = "a\tb\\c\nd\re é 中 \uD83D\uDE00 \uD800";

    @Test
    void binaryRowsHoldEachFieldAsItsLengthAndBytes() throws IOException {
        CopyRows parts = CopyRows.binary(8);
        OutputStream column = parts.text("UPSERT").text(AWKWARD).column();
        column.write('{');
        column.write("\"k\":\"\\t\"".getBytes(StandardCharsets.UTF_8), 0, 8);
        column.write('}');
        parts.column();   // an empty document
        int end = parts.endPart();

        CopyRows rows = CopyRows.binary(8).header();
        rows.row(7).encoded(CopyRows.encodeBinary("wé")).number(-3).raw(parts.array(), 0, end).encoded(CopyRows.encodeBinary(1L << 40)).endRow();
        rows.row(3).text(null).number(Long.MAX_VALUE).text("").endRow().trailer();
        assertEquals(2, rows.rows());

        ByteBuffer in = ByteBuffer.wrap(rows.toByteArray());
        byte[] signature = new byte[11];
        in.get(signature);
        assertArrayEquals(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0}, signature);
        assertEquals(0, in.getInt());   // flags
        assertEquals(0, in.getInt());   // header extension
        List<Object> read = new ArrayList<>();
        for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
            read.add((int) fields);
            for (int f = 0; f < fields; f++) {
                int length = in.getInt();
                byte[] value = length < 0 ? null : new byte[length];
                if (value != null) {
                    in.get(value);
                }
                read.add(value == null ? null : length == 8 && f == 1 ? ByteBuffer.wrap(value).getLong() : new String(value, StandardCharsets.UTF_8));
            }
        }
        assertEquals(0, in.remaining());
        String expectedAwkward = AWKWARD.replace('\uD800', '\uFFFD');   // a lone surrogate cannot be encoded: the replacement character
        assertEquals(List.of(7, "wé", -3L, "UPSERT", expectedAwkward, "{\"k\":\"\\t\"}", ""), read.subList(0, 7));
        assertEquals(bigint(1L << 40), read.get(7));
        assertEquals(3, read.get(8));
        assertNull(read.get(9));
        assertEquals(Long.MAX_VALUE, read.get(10));
        assertEquals("", read.get(11));
    }

    @Test
    void timeStampsAreMicrosecondsSince2000() {
        assertEquals(1_000_001L, bigintOf(CopyRows.binary(8).timestamp(Instant.parse("2000-01-01T00:00:01.000001Z"))));
        assertEquals(-1L, bigintOf(CopyRows.binary(8).timestamp(Instant.parse("1999-12-31T23:59:59.999999Z"))));
        // rounded to the nearest microsecond, as the server rounds a finer text
        assertEquals(2L, bigintOf(CopyRows.binary(8).timestamp(Instant.parse("2000-01-01T00:00:00.000001500Z"))));
        assertEquals(1L, bigintOf(CopyRows.binary(8).timestamp(Instant.parse("2000-01-01T00:00:00.000001499Z"))));
        assertEquals(815_329_696_000_000L + 123_456L, bigintOf(CopyRows.binary(8).timestamp(Instant.parse("2025-11-01T16:28:16.123456Z"))));
        assertThrows(IllegalStateException.class, () -> new CopyRows(8).timestamp(Instant.EPOCH));
    }

    private static long bigintOf(CopyRows field) {
        ByteBuffer in = ByteBuffer.wrap(field.toByteArray());
        assertEquals(8, in.getInt());
        return in.getLong();
    }

    @Test
    void theHeaderAndTrailerBelongToTheBinaryFormatOnly() {
        assertThrows(IllegalStateException.class, () -> new CopyRows(8).header());
        assertThrows(IllegalStateException.class, () -> new CopyRows(8).trailer());
        // a text row ignores the field count
        assertEquals("a\t1\n", new String(new CopyRows(8).row(2).text("a").number(1).endRow().toByteArray(), StandardCharsets.UTF_8));
    }

    /** A bigint field's bytes as the test's reader decodes a field that is not the second of its row: as text. */
    private static String bigint(long v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataOutputStream(out).writeLong(v);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
