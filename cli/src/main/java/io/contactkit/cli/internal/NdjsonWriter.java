package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.Warning;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes NDJSON with Jackson's streaming generator: one object per line, UTF-8, nothing held.
 * Not thread-safe.
 */
public final class NdjsonWriter implements AutoCloseable {

    private static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator((String) null).build();

    private final JsonGenerator gen;

    public NdjsonWriter(OutputStream out) {
        this.gen = JSON.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * A contact: {@code id}, canonical {@code identifiers}, {@code attributes}, {@code displayName},
     * {@code anonymous}, and {@code sourceRecords} when given.
     */
    public void contact(Contact c, long[] sourceRecords) {
        gen.writeStartObject();
        gen.writeStringProperty("id", c.id());
        gen.writeName("identifiers");
        gen.writeStartArray();
        boolean anonymous = true;
        for (Identifier i : c.identifiers()) {
            if (RecordMapper.isRecordKey(i)) {
                continue;
            }
            anonymous &= i.isVisitor();
            gen.writeStartObject();
            gen.writeStringProperty("key", i.key());
            gen.writeStringProperty("value", i.value());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeName("attributes");
        gen.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : c.attributes().entrySet()) {
            gen.writeName(e.getKey());
            value(e.getValue());
        }
        gen.writeEndObject();
        String name = c.displayName().orElse(null);
        if (name == null) {
            gen.writeNullProperty("displayName");
        } else {
            gen.writeStringProperty("displayName", name);
        }
        gen.writeBooleanProperty("anonymous", anonymous);
        if (sourceRecords != null) {
            gen.writeName("sourceRecords");
            gen.writeArray(sourceRecords, 0, sourceRecords.length);
        }
        gen.writeEndObject();
        newline();
    }

    private void value(AttributeValue v) {
        if (v instanceof AttributeValue.Text t) {
            gen.writeString(t.value());
        } else if (v instanceof AttributeValue.Num n) {
            gen.writeNumber(n.value());
        } else if (v instanceof AttributeValue.Bool b) {
            gen.writeBoolean(b.value());
        } else if (v instanceof AttributeValue.Multi m) {
            gen.writeStartArray();
            for (AttributeValue item : m.values()) {
                value(item);
            }
            gen.writeEndArray();
        } else if (v instanceof AttributeValue.Struct s) {
            gen.writeStartObject();
            for (Map.Entry<String, AttributeValue> e : s.fields().entrySet()) {
                gen.writeName(e.getKey());
                value(e.getValue());
            }
            gen.writeEndObject();
        } else {
            gen.writeNull();
        }
    }

    /** A rejected record: {@code {"record":N,"code":"...","message":"..."}}. */
    public void reject(long record, String code, String message) {
        gen.writeStartObject();
        gen.writeNumberProperty("record", record);
        gen.writeStringProperty("code", code);
        gen.writeStringProperty("message", message);
        gen.writeEndObject();
        newline();
    }

    /**
     * One sync result: {@code record}, {@code status}, and {@code contactId} and {@code warnings} on
     * success or {@code error} on failure.
     */
    public void result(long record, String status, String contactId, String errorCode, String errorMessage, List<Warning> warnings) {
        gen.writeStartObject();
        gen.writeNumberProperty("record", record);
        gen.writeStringProperty("status", status);
        if (contactId != null) {
            gen.writeStringProperty("contactId", contactId);
        }
        if (errorCode != null) {
            gen.writeName("error");
            gen.writeStartObject();
            gen.writeStringProperty("code", errorCode);
            gen.writeStringProperty("message", errorMessage);
            gen.writeEndObject();
        }
        gen.writeName("warnings");
        gen.writeStartArray();
        for (Warning w : warnings) {
            gen.writeStartObject();
            gen.writeStringProperty("code", w.code());
            gen.writeStringProperty("message", w.message());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        newline();
    }

    private void newline() {
        gen.writeRaw('\n');
    }

    /** Hands buffered output to the stream underneath. */
    public void flush() {
        gen.flush();
    }

    /** Flushes; the stream underneath stays open (its owner closes it). */
    @Override
    public void close() {
        gen.flush();
    }
}
