package io.contactkit.cli.internal;

import io.contactkit.cli.engine.DedupeEngine;
import io.contactkit.cli.engine.DedupeJob;
import io.contactkit.cli.engine.RawRow;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;

/** {@code dedupe --engine NAME} for an engine other than the in-memory one: found on the class path, fed the records as read. */
final class EngineRun {

    private EngineRun() {
    }

    static int run(DedupeCommand command, Io io, IdentityRules rules) {
        DedupeEngine engine = find(command);
        if (command.outputDir != null && (command.output != null || command.rejects != null)) {
            throw command.usage("--output-dir writes contacts and rejects itself: give it without --output and --rejects");
        }
        // no rejects file and no output directory: the rejects are counted, and said before the summary
        RejectTally tally = command.rejects == null && command.outputDir == null ? new RejectTally() : null;
        try (RecordReader reader = command.records.open(io);
             OutputTarget out = command.outputDir != null ? null : OutputTarget.open(command.output, io);
             OutputTarget rejected = command.rejects == null ? null : OutputTarget.open(command.rejects, io);
             OutputTarget audited = command.audit == null ? null : OutputTarget.open(command.audit, io);
             OutputTarget hubs = command.hubsFile == null ? null : OutputTarget.open(command.hubsFile, io)) {
            RecordMapping mapping = mapping(command, reader);
            // an engine reads the file itself (in parts) only when it is comma-separated and not compressed; otherwise it takes
            // the rows read here
            String file = command.records.input.equals("-") || command.records.separator() != ',' || reader.compressed()
                    ? null : command.records.input;
            DedupeJob job = new DedupeJob(rows(reader), file, mapping, rules, command.master, command.outputDir,
                    out == null ? null : out.stream(), rejected == null ? tally : rejected.stream(),
                    audited == null ? null : audited.stream(), hubs == null ? null : hubs.stream(), io.err(), command.root.verbose);
            String summary;
            try {
                summary = engine.run(job);
            } catch (IllegalArgumentException e) {
                // the engine refused what it was given (a setting, a master): one line, the details with --verbose
                throw new CliFailure("dedupe --engine " + engine.name() + ": " + e.getMessage(), e);
            }
            OutputTarget.commitAll(out, rejected, audited, hubs);
            DedupeCommand.tell(io, tally);
            io.err().println(summary);
        }
        return 0;
    }

    private static DedupeEngine find(DedupeCommand command) {
        List<String> names = new ArrayList<>();
        for (DedupeEngine e : ServiceLoader.load(DedupeEngine.class)) {
            if (e.name().equals(command.engine)) {
                return e;
            }
            names.add(e.name());
        }
        if (command.engine.equals("spark")) {
            throw new CliFailure("--engine spark: Spark is not on the class path; run through the contactkit launcher"
                    + " (it adds the spark module when --engine spark is given) or with spark-submit (see the README)");
        }
        names.add(0, "memory");
        if (!names.contains("spark")) {
            // the launcher brings Spark in for --engine spark, so it is a choice even when not on this class path
            names.add("spark");
        }
        throw command.usage("unknown engine '" + Field.abbreviate(command.engine) + "': use " + String.join(" or ", names));
    }

    private static RecordMapping mapping(DedupeCommand command, RecordReader reader) {
        RecordOptions o = command.records;
        Field[] columns = reader.columns();
        if (columns == null) {
            return RecordMapping.ndjson(command.strategy, o.region, o.priority);
        }
        List<String> header = new ArrayList<>(columns.length);
        for (Field f : columns) {
            header.add(f.name());
        }
        return RecordMapping.csv(header, command.strategy, o.region, o.priority);
    }

    /** The records as read, for the engine to pull; a failure of the whole input surfaces from {@code next}. */
    private static Iterator<RawRow> rows(RecordReader reader) {
        return new Iterator<>() {
            private RawRecord next = reader.next();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RawRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RawRecord r = next;
                next = reader.next();
                return r instanceof RawRecord.Cells c ? new RawRow(c.number(), c.cells(), null)
                        : new RawRow(r.number(), null, ((RawRecord.JsonLine) r).text());
            }
        };
    }
}
