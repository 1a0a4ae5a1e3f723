package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactView;
import io.contactkit.domain.Identifier;
import io.contactkit.ports.Warning;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes NDJSON with Jackson's streaming generator: one object per line, UTF-8, nothing held.
 * Not thread-safe.
 */
public final class NdjsonWriter implements AutoCloseable {

    /** The factory of every generator here (and of {@link ContactLineBuffer}'s escapes): no separator between lines but the newline. */
    static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator((String) null).build();

    // property names quoted and encoded once, not per contact
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString IDENTIFIERS = new SerializedString("identifiers");
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString ATTRIBUTES = new SerializedString("attributes");
    private static final SerializedString DISPLAY_NAME = new SerializedString("displayName");
    private static final SerializedString ANONYMOUS = new SerializedString("anonymous");
    private static final SerializedString SOURCE_RECORDS = new SerializedString("sourceRecords");
    private static final SerializedString RECORD = new SerializedString("record");
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString CONTACT_ID = new SerializedString("contactId");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString WARNINGS = new SerializedString("warnings");

    private final JsonGenerator gen;
    // an identifier's value, copied here from the engine's state to be written without a string
    private final char[] valueChars = new char[Identifier.MAX_VALUE_LENGTH];

    public NdjsonWriter(OutputStream out) {
        this.gen = JSON.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * A contact: {@code id}, canonical {@code identifiers}, {@code attributes}, {@code displayName},
     * {@code anonymous}, and {@code sourceRecords} when given.
     */
    public void contact(Contact c, long[] sourceRecords) {
        gen.writeStartObject();
        gen.writeName(ID);
        gen.writeString(c.id());
        gen.writeName(IDENTIFIERS);
        gen.writeStartArray();
        boolean anonymous = true;
        for (Identifier i : c.identifiers()) {
            anonymous &= i.isVisitor();
            gen.writeStartObject();
            gen.writeName(KEY);
            gen.writeString(i.key());
            gen.writeName(VALUE);
            gen.writeString(i.value());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeName(ATTRIBUTES);
        gen.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : c.attributes().entrySet()) {
            gen.writeName(e.getKey());
            value(e.getValue());
        }
        gen.writeEndObject();
        nameAndAnonymity(c.displayName().orElse(null), anonymous);
        if (sourceRecords != null) {
            gen.writeName(SOURCE_RECORDS);
            gen.writeArray(sourceRecords, 0, sourceRecords.length);
        }
        gen.writeEndObject();
        newline();
    }

    /**
     * A contact read in place ({@link ContactView}): exactly the bytes {@link #contact(Contact, long[])} writes
     * for the contact the view is at, with its source records when the walk gives them, building none of it.
     */
    public void contact(ContactView v) {
        gen.writeStartObject();
        gen.writeName(ID);
        gen.writeString(v.id());
        gen.writeName(IDENTIFIERS);
        gen.writeStartArray();
        boolean anonymous = true;
        char[] chars = valueChars;
        while (v.nextIdentifier()) {
            String key = v.key();
            anonymous &= Identifier.VISITOR.equals(key);
            gen.writeStartObject();
            gen.writeName(KEY);
            gen.writeString(key);
            gen.writeName(VALUE);
            gen.writeString(chars, 0, v.value(chars));
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeName(ATTRIBUTES);
        gen.writeStartObject();
        while (v.nextAttribute()) {
            gen.writeName(v.attributeName());
            value(v.attributeValue());
        }
        gen.writeEndObject();
        nameAndAnonymity(v.displayName(), anonymous);
        if (v.hasSources()) {
            gen.writeName(SOURCE_RECORDS);
            gen.writeStartArray();
            for (int k = 0, n = v.sourceCount(); k < n; k++) {
                gen.writeNumber(v.source(k));
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        newline();
    }

    private void nameAndAnonymity(String displayName, boolean anonymous) {
        gen.writeName(DISPLAY_NAME);
        if (displayName == null) {
            gen.writeNull();
        } else {
            gen.writeString(displayName);
        }
        gen.writeName(ANONYMOUS);
        gen.writeBoolean(anonymous);
    }

    private void value(AttributeValue v) {
        value(gen, v);
    }

    /** Writes an attribute value with {@code gen}: text, number, boolean, array or object. */
    static void value(JsonGenerator gen, AttributeValue v) {
        if (v instanceof AttributeValue.Text t) {
            gen.writeString(t.value());
        } else if (v instanceof AttributeValue.Num n) {
            gen.writeNumber(n.value());
        } else if (v instanceof AttributeValue.Bool b) {
            gen.writeBoolean(b.value());
        } else if (v instanceof AttributeValue.Multi m) {
            gen.writeStartArray();
            for (AttributeValue item : m.values()) {
                value(gen, item);
            }
            gen.writeEndArray();
        } else if (v instanceof AttributeValue.Struct s) {
            gen.writeStartObject();
            for (Map.Entry<String, AttributeValue> e : s.fields().entrySet()) {
                gen.writeName(e.getKey());
                value(gen, e.getValue());
            }
            gen.writeEndObject();
        } else {
            gen.writeNull();
        }
    }

    /** A rejected record: {@code {"record":N,"code":"...","message":"..."}}. */
    public void reject(long record, String code, String message) {
        gen.writeStartObject();
        gen.writeName(RECORD);
        gen.writeNumber(record);
        gen.writeName(CODE);
        gen.writeString(code);
        gen.writeName(MESSAGE);
        gen.writeString(message);
        gen.writeEndObject();
        newline();
    }

    /**
     * One record's audit entry: {@code record}, {@code action}, and for an applied record {@code contactId},
     * {@code matched}, {@code added}, {@code skipped} (each with {@code reason} and, when another contact
     * holds it, {@code owner}), {@code merged} and {@code rules}; for a rejected one {@code code} and {@code message}.
     */
    public void audit(io.contactkit.domain.AuditEntry e) {
        gen.writeStartObject();
        gen.writeName(RECORD);
        gen.writeNumber(e.record());
        gen.writeStringProperty("action", e.action().name().toLowerCase(java.util.Locale.ROOT));
        if (e.isRejected()) {
            gen.writeStringProperty("code", e.code());
            gen.writeStringProperty("message", e.message());
        } else {
            gen.writeStringProperty("contactId", e.contactId());
            identifiers("matched", e.matchedBy());
            identifiers("added", e.identifiersAdded());
            gen.writeName("skipped");
            gen.writeStartArray();
            for (io.contactkit.domain.SkippedIdentifier s : e.identifiersSkipped()) {
                gen.writeStartObject();
                gen.writeStringProperty("key", s.identifier().key());
                gen.writeStringProperty("value", s.identifier().value());
                gen.writeStringProperty("reason", s.reason().wireName());
                if (s.ownerId() != null) {
                    gen.writeStringProperty("owner", s.ownerId());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            strings("merged", e.contactsMerged());
            strings("rules", e.rulesFired());
        }
        gen.writeEndObject();
        newline();
    }

    /** A hub: {@code key}, {@code value}, {@code contacts}, {@code records}, and whether the run blocked it. */
    public void hub(io.contactkit.domain.HubFinder.Hub h, boolean blocked) {
        gen.writeStartObject();
        gen.writeStringProperty("key", h.identifier().key());
        gen.writeStringProperty("value", h.identifier().value());
        gen.writeNumberProperty("contacts", h.contacts());
        gen.writeNumberProperty("records", h.records());
        gen.writeBooleanProperty("blocked", blocked);
        gen.writeEndObject();
        newline();
    }

    private void identifiers(String name, List<Identifier> ids) {
        gen.writeName(name);
        gen.writeStartArray();
        for (Identifier i : ids) {
            gen.writeStartObject();
            gen.writeStringProperty("key", i.key());
            gen.writeStringProperty("value", i.value());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private void strings(String name, List<String> values) {
        gen.writeName(name);
        gen.writeStartArray();
        for (String v : values) {
            gen.writeString(v);
        }
        gen.writeEndArray();
    }

    /**
     * One sync result: {@code record}, {@code status}, and {@code contactId} and {@code warnings} on
     * success or {@code error} on failure.
     */
    public void result(long record, String status, String contactId, String errorCode, String errorMessage, List<Warning> warnings) {
        gen.writeStartObject();
        gen.writeName(RECORD);
        gen.writeNumber(record);
        gen.writeName(STATUS);
        gen.writeString(status);
        if (contactId != null) {
            gen.writeName(CONTACT_ID);
            gen.writeString(contactId);
        }
        if (errorCode != null) {
            gen.writeName(ERROR);
            gen.writeStartObject();
            gen.writeName(CODE);
            gen.writeString(errorCode);
            gen.writeName(MESSAGE);
            gen.writeString(errorMessage);
            gen.writeEndObject();
        }
        gen.writeName(WARNINGS);
        gen.writeStartArray();
        for (Warning w : warnings) {
            gen.writeStartObject();
            gen.writeName(CODE);
            gen.writeString(w.code());
            gen.writeName(MESSAGE);
            gen.writeString(w.message());
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
