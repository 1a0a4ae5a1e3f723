package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help reads as written at the usual 80 columns: picocli prints each line of a description or a footer on its own
 * and wraps one only where it is wider than that, so a sentence spread over several long lines breaks mid-phrase, and an
 * example wider than that (a JSON line, a command) breaks mid-token.
 */
class HelpTextTest {

    private static final int WIDTH = new CommandLine(new ContactKitCommand(null)).getUsageHelpWidth();

    @Test
    void examplesFitTheWidthAndLongLinesAreWholeParagraphs() {
        List<String> problems = new ArrayList<>();
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(new CommandLine(new ContactKitCommand(null)).getCommandSpec());
        for (String name : List.of("dedupe", "split", "sync", "export", "generate", "simulate", "db")) {
            CommandLine c = new CommandLine(ContactKitCommand.command(name));
            specs.add(c.getCommandSpec());
            c.getSubcommands().values().forEach(s -> specs.add(s.getCommandSpec()));
        }
        for (CommandSpec spec : specs) {
            check(spec.qualifiedName() + " description", spec.usageMessage().description(), problems);
            check(spec.qualifiedName() + " footer", spec.usageMessage().footer(), problems);
        }
        assertEquals(List.of(), problems, "at " + WIDTH + " columns");
    }

    private static void check(String where, String[] lines, List<String> problems) {
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean example = line.startsWith(" ");
            boolean last = i + 1 == lines.length || lines[i + 1].isBlank() || lines[i + 1].startsWith(" ");
            if (example && line.length() >= WIDTH) {
                problems.add(where + ", an example wider than the help (" + line.length() + "): " + line);
            } else if (!example && line.length() >= WIDTH && !last && !line.matches(".*[.:)]$")) {
                problems.add(where + ", a long line that stops mid-sentence: " + line);
            }
        }
    }
}
