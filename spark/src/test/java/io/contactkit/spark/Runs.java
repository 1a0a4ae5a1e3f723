package io.contactkit.spark;

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

    /** What one run left: its exit status, contact lines, reject lines and last line on standard error. */
    record Run(int status, String contacts, String rejects, String summary, String err) {
    }

    private Runs() {
    }

    static Run dedupe(Path dir, String input, String... options) {
        try {
            Path out = Files.createTempFile(dir, "contacts", ".ndjson");
            Path rejects = Files.createTempFile(dir, "rejects", ".ndjson");
            List<String> args = new ArrayList<>(List.of("dedupe", "--output", out.toString(), "--rejects", rejects.toString()));
            args.addAll(List.of(options));
            args.add(input);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
            int status = Main.run(io, args.toArray(new String[0]));
            String e = err.toString(StandardCharsets.UTF_8).strip();
            String last = e.isEmpty() ? "" : e.substring(e.lastIndexOf('\n') + 1);
            return new Run(status, Files.readString(out), Files.readString(rejects), last, e);
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
