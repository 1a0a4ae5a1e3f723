package io.contactkit.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures a test measured (requests served, faults injected by kind, inputs tried, records lost),
 * printed and written to {@code target/reliability-figures.txt} (anew for each run of the suite), where
 * RELIABILITY.md's counts come from.
 */
public final class Figures {

    private static final Path FILE = Path.of("target", "reliability-figures.txt");
    private static boolean started;

    private Figures() {
    }

    public static synchronized void record(String area, String line) {
        String text = "[" + area + "] " + line;
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                Files.deleteIfExists(FILE);
                started = true;
            }
            Files.writeString(FILE, text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
