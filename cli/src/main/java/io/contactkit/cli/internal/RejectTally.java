package io.contactkit.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Where rejected records go when no {@code --rejects} file was given: not kept, but counted by code, with the first record
 * of each code, so that the run can say on standard error what was rejected and why (a file of national phone numbers
 * run without {@code --region} would otherwise end in {@code rejected=N} and nothing else). It takes the rejects' NDJSON
 * lines as any engine writes them ({@code {"record":N,"code":"...","message":"..."}}), so that every engine reports alike.
 */
final class RejectTally extends OutputStream {

    private static final int MESSAGE_SHOWN = 160;
    // how the domain ends the rejection of a phone number written without its country code when no region is given
    private static final String NO_REGION = "no default region is configured";

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    // per code, in order of first appearance: how many, and the first one's record and message
    private final Map<String, Code> codes = new LinkedHashMap<>();
    private long total;
    private long withoutRegion;

    private static final class Code {
        long count;
        final long firstRecord;
        final String firstMessage;

        Code(long firstRecord, String firstMessage) {
            this.firstRecord = firstRecord;
            this.firstMessage = firstMessage;
        }
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            take();
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                take();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    private void take() {
        if (line.size() == 0) {
            return;
        }
        long record = -1;
        String code = null;
        String message = null;
        try (JsonParser p = NdjsonWriter.JSON.createParser(ObjectReadContext.empty(), line.toByteArray())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "record" -> record = p.getLongValue();
                        case "code" -> code = p.getString();
                        case "message" -> message = p.getString();
                        default -> p.skipChildren();
                    }
                }
            }
        }
        line.reset();
        add(record, code, message);
    }

    /** Counts one record that did not go through: its number, its code and why. */
    void add(long record, @Nullable String code, @Nullable String message) {
        total++;
        String why = message == null ? "" : message;
        codes.computeIfAbsent(code == null ? "rejected" : code, k -> new Code(record, why)).count++;
        if (why.endsWith(NO_REGION)) {
            withoutRegion++;
        }
    }

    /** How many rejects were counted. */
    long total() {
        return total;
    }

    /**
     * One line for standard error, or null when nothing was rejected: how many, by code (most first), each with its first
     * record and why, e.g. {@code 3 rejected records not kept (--rejects FILE keeps them): invalid_identifier 3, first
     * record 1: '(650) 352-5601' has no country code (+...) and no default region is configured; 3 records have a phone number
     * without its country code: give the country with --region (e.g. --region US)}.
     */
    @Nullable String line() {
        return total == 0 ? null : line(total == 1 ? " rejected record not kept (--rejects FILE keeps them)"
                : " rejected records not kept (--rejects FILE keeps them)");
    }

    /**
     * The same line for {@code sync}'s failed records, e.g. {@code 6 records failed: no_identifier 2, first record 3: ...},
     * or null when none failed.
     *
     * @param kept whether {@code --failed} keeps them; when not, the line says so
     */
    @Nullable String failedLine(boolean kept) {
        return total == 0 ? null : line((total == 1 ? " record failed" : " records failed") + (kept ? "" : " (--failed FILE keeps them to run again)"));
    }

    private String line(String what) {
        List<Map.Entry<String, Code>> byCount = new ArrayList<>(codes.entrySet());
        byCount.sort((a, b) -> Long.compare(b.getValue().count, a.getValue().count));
        StringBuilder s = new StringBuilder("contactkit: ").append(total).append(what).append(": ");
        for (int i = 0; i < byCount.size(); i++) {
            Code c = byCount.get(i).getValue();
            // as the rejects file has it, but shortened, and no control character reaches the terminal
            String message = Field.abbreviate(c.firstMessage, MESSAGE_SHOWN);
            s.append(i == 0 ? "" : "; ").append(byCount.get(i).getKey()).append(' ').append(c.count)
                    .append(", first record ").append(c.firstRecord).append(": ").append(message);
        }
        if (withoutRegion > 0) {
            // the usual cause of a first run's rejects: a file of national numbers, and what to do about it
            s.append("; ").append(withoutRegion).append(withoutRegion == 1 ? " record has" : " records have")
                    .append(" a phone number without its country code: give the country with --region (e.g. --region US)");
        }
        return s.toString();
    }
}
