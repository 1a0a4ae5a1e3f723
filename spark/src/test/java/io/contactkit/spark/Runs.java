package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.Main;
import io.contactkit.cli.internal.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code contactkit dedupe} in this JVM, with either engine, and keeps what it wrote. */
final class Runs {

    /** What one run left: its exit status, contact, reject, audit and hub lines, and last line on standard error. */
    record Run(int status, String contacts, String rejects, String audit, String hubs, String summary, String err) {
    }

    private Runs() {
    }

    static Run dedupe(Path dir, String input, String... options) {
        return dedupe(dir, false, input, options);
    }

    /**
     * Both engines on one input (with {@code --audit} and {@code --hubs} when {@code audited}): the same
     * bytes out, and the same summary before the Spark engine's own counts. @return the Spark run
     */
    static Run same(Path dir, boolean audited, Path input, String... options) {
        Run memory = dedupe(dir, audited, input.toString(), options);
        List<String> spark = new ArrayList<>(List.of(options));
        spark.addAll(List.of("--engine", "spark"));
        Run distributed = dedupe(dir, audited, input.toString(), spark.toArray(new String[0]));
        assertEquals(0, memory.status(), memory.err());
        assertEquals(0, distributed.status(), distributed.err());
        assertEquals(memory.contacts(), distributed.contacts());
        assertEquals(memory.rejects(), distributed.rejects());
        assertEquals(memory.audit(), distributed.audit());
        assertEquals(memory.hubs(), distributed.hubs());
        assertTrue(distributed.summary().startsWith(memory.summary() + " components="), distributed.summary() + " vs " + memory.summary());
        return distributed;
    }

    /** With {@code --audit} and {@code --hubs} too (the options must then hold hub rules). */
    static Run audited(Path dir, String input, String... options) {
        return dedupe(dir, true, input, options);
    }

    private static Run dedupe(Path dir, boolean audited, String input, String... options) {
        try {
            Path out = Files.createTempFile(dir, "contacts", ".ndjson");
            Path rejects = Files.createTempFile(dir, "rejects", ".ndjson");
            Path audit = Files.createTempFile(dir, "audit", ".ndjson");
            Path hubs = Files.createTempFile(dir, "hubs", ".ndjson");
            List<String> args = new ArrayList<>(List.of("dedupe", "--output", out.toString(), "--rejects", rejects.toString()));
            if (audited) {
                args.addAll(List.of("--audit", audit.toString(), "--hubs", hubs.toString()));
            }
            args.addAll(List.of(options));
            args.add(input);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
            int status = Main.run(io, args.toArray(new String[0]));
            String e = err.toString(StandardCharsets.UTF_8).strip();
            String last = e.isEmpty() ? "" : e.substring(e.lastIndexOf('\n') + 1);
            return new Run(status, Files.readString(out), Files.readString(rejects), Files.readString(audit), Files.readString(hubs), last, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the command line as given: its exit status and standard error. */
    static Run main(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        int status = Main.run(io, args);
        String e = err.toString(StandardCharsets.UTF_8).strip();
        return new Run(status, "", "", "", "", e.isEmpty() ? "" : e.substring(e.lastIndexOf('\n') + 1), e);
    }

    /** The part files of a folder Spark wrote, concatenated in part order. */
    static String parts(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            StringBuilder out = new StringBuilder();
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                out.append(Files.readString(p));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, List<String> lines) {
        try {
            return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
