package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command line that names its command registers that one alone; everything else parses with every command registered. */
class CommandRegistrationTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        int status = ContactKitCommand.execute(io, args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandNamedFirstIsTheOnlyOneRegistered() {
        assertEquals("dedupe", ContactKitCommand.named("dedupe", "--strategy", "merge", "in.csv"));
        assertEquals("dedupe", ContactKitCommand.named("--verbose", "dedupe", "in.csv"));
        assertEquals("db", ContactKitCommand.named("db", "migrate"));
        for (String command : List.of("dedupe", "split", "sync", "export", "generate", "simulate", "db")) {
            assertEquals(command, ContactKitCommand.named(command));
        }
    }

    @Test
    void helpTheVersionAndMistakesRegisterEveryCommand() {
        assertNull(ContactKitCommand.named());
        assertNull(ContactKitCommand.named("help", "dedupe"));
        assertNull(ContactKitCommand.named("-h", "dedupe"));
        assertNull(ContactKitCommand.named("--help"));
        assertNull(ContactKitCommand.named("--version"));
        assertNull(ContactKitCommand.named("dedup", "in.csv"));
        assertNull(ContactKitCommand.named("Dedupe"));
        assertNull(ContactKitCommand.named("--", "dedupe"));
        assertNull(ContactKitCommand.named("--verbose"));
    }

    @Test
    void theTopHelpListsEveryCommandInItsOrder() {
        Run top = run("--help");
        assertEquals(0, top.status());
        List<Integer> at = new ArrayList<>();
        for (String command : List.of("dedupe", "split", "sync", "export", "generate", "simulate", "db", "help")) {
            int i = top.out().indexOf("\n  " + command + " ");
            assertTrue(i >= 0, command + " listed in\n" + top.out());
            at.add(i);
        }
        List<Integer> sorted = new ArrayList<>(at);
        sorted.sort(null);
        assertEquals(sorted, at, top.out());
    }

    @Test
    void aCommandRegisteredAloneParsesAsAmongTheOthers() {
        // the inherited --verbose, before and after the command's name; its help and errors name the whole command line
        Run verboseFirst = run("--verbose", "generate", "--help");
        assertEquals(0, verboseFirst.status(), verboseFirst.err());
        assertTrue(verboseFirst.out().contains("Usage: contactkit generate"), verboseFirst.out());
        assertEquals(verboseFirst, run("generate", "--verbose", "--help"));
        assertEquals(verboseFirst.out(), run("help", "generate").out());
        Run unknown = run("generate", "--rows", "1", "--no-such-option");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("Unknown option: '--no-such-option'"), unknown.err());
        assertTrue(unknown.err().contains("Usage: contactkit generate"), unknown.err());
        Run typo = run("generat");
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("generate"), "the suggestion names the command: " + typo.err());
    }
}
