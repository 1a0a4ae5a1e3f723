package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file output: written to a private hidden temporary file, which becomes the file on commit and goes away otherwise. */
class OutputTargetTest {

    @TempDir
    Path dir;

    private final Io io = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(), false);

    @Test
    void aNewFileIsWrittenPrivatelyUnderAHiddenNameAndAppearsOnCommit() throws IOException {
        Path target = dir.resolve("out.ndjson");
        try (OutputTarget out = OutputTarget.open(target.toString(), io)) {
            assertTrue(out.staged());
            out.stream().write("line\n".getBytes(StandardCharsets.UTF_8));
            List<Path> temps = files();
            assertEquals(1, temps.size(), temps::toString);
            String name = temps.get(0).getFileName().toString();
            assertTrue(name.matches("\\.out\\.ndjson\\.[0-9]+\\.tmp"), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temps.get(0))));
            assertFalse(Files.exists(target));
            out.commit();
        }
        assertEquals(List.of(target), files());
        assertEquals("line\n", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndAnUncommittedOutputLeavesNothing() throws IOException {
        Path target = Files.writeString(dir.resolve("out.ndjson"), "before\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
        try (OutputTarget out = OutputTarget.open(target.toString(), io)) {
            out.stream().write("after\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(target), files());
        assertEquals("before\n", Files.readString(target));
        try (OutputTarget out = OutputTarget.open(target.toString(), io)) {
            out.stream().write("after\n".getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
        assertEquals("after\n", Files.readString(target));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void manyOutputsInOneFolderGetNamesOfTheirOwn() throws IOException {
        Path target = dir.resolve("out.ndjson");
        List<OutputTarget> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                open.add(OutputTarget.open(target.toString(), io));
            }
            assertEquals(200, files().size());
        } finally {
            open.forEach(OutputTarget::close);
        }
        assertEquals(List.of(), files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
