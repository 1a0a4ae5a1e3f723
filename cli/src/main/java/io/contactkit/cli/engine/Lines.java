package io.contactkit.cli.engine;

import io.contactkit.cli.internal.NdjsonWriter;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactView;
import io.contactkit.domain.HubFinder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The NDJSON lines {@code dedupe} writes, one at a time, each with its newline. Not thread-safe: one
 * per thread.
 */
public final class Lines {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final NdjsonWriter writer = new NdjsonWriter(buffer);

    /**
     * A contact: id, identifiers, attributes, displayName, anonymous and sourceRecords.
     *
     * @param contact       the merged contact
     * @param sourceRecords the numbers of the records merged into it
     * @return the line, with its newline
     */
    public String contact(Contact contact, long[] sourceRecords) {
        writer.contact(contact, sourceRecords);
        return take();
    }

    /**
     * A contact read in place, as {@link io.contactkit.domain.Deduplicator#viewContacts} hands it over: the same
     * bytes as {@link #contact(Contact, long[])} gives for that contact and its source records, newline included,
     * written to {@code out} as UTF-8 without building the contact or a string.
     *
     * @param view the view, at the contact
     * @param out  receives the line
     * @throws IOException when {@code out} fails
     */
    public void contact(ContactView view, OutputStream out) throws IOException {
        writer.contact(view);
        writer.flush();
        buffer.writeTo(out);
        buffer.reset();
    }

    /**
     * A rejected record: {@code {"record":N,"code":"...","message":"..."}}.
     *
     * @param record  the record's number (from 1)
     * @param code    the rejection code, such as {@code invalid_identifier}
     * @param message why the record was rejected
     * @return the line, with its newline
     */
    public String reject(long record, String code, String message) {
        writer.reject(record, code, message);
        return take();
    }

    /**
     * One record's audit entry, as {@code dedupe --audit} writes it.
     *
     * @param entry the decision taken for the record
     * @return the line, with its newline
     */
    public String audit(AuditEntry entry) {
        writer.audit(entry);
        return take();
    }

    /**
     * A hub, as {@code dedupe --hubs} writes it.
     *
     * @param hub     the identifier value found to join many otherwise separate contacts
     * @param blocked {@code true} when the run blocked it
     * @return the line, with its newline
     */
    public String hub(HubFinder.Hub hub, boolean blocked) {
        writer.hub(hub, blocked);
        return take();
    }

    private String take() {
        writer.flush();
        String line = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return line;
    }
}
