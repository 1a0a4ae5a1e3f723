package io.contactkit.cli.internal;

import io.contactkit.domain.Strategy;
import java.util.Optional;

/**
 * The usual offline {@code dedupe} line, run without building picocli's command model: {@code dedupe} followed by
 * {@code --strategy}, {@code --region}, {@code --output} (or {@code -o}) and {@code --rejects}, each at most once
 * with its value as the next argument, and one input file, in any order. Picocli's classes are Java 5 class files,
 * which the class-data archive cannot hold and the old verifier checks on every run; building the model and parsing
 * took about a sixth of a second of a million-row run's single-threaded start-up.
 *
 * <p>Anything else (another option, {@code --name=value}, a value or input that starts with {@code -} or
 * {@code @}, a repeated option, a second input or none, an unknown strategy or region) is left to picocli, so help,
 * mistakes and every other line parse and print exactly as before; so is a usage error the command finds before it
 * reads anything ({@link #refused()}). A line accepted here sets the command's fields to what picocli would set
 * ({@code DedupeLineTest} compares them) and runs the same {@link DedupeCommand#call()}, its failures handled as
 * picocli's execution handler handles them.
 */
final class DedupeLine {

    private DedupeLine() {
    }

    /**
     * Thrown instead of a usage error by a command this class made (it has no picocli model to report one with);
     * it is thrown before the command reads or writes anything, and the line then runs through picocli.
     */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Refused() {
            super(null, null, false, false);
        }
    }

    static Refused refused() {
        return new Refused();
    }

    /** The command for this line with its options set, or {@code null} when picocli should parse it. */
    static DedupeCommand parse(ContactKitCommand root, String... args) {
        if (args.length < 2 || !args[0].equals("dedupe")) {
            return null;
        }
        // --strategy, --region, --output (or -o), --rejects
        String[] options = new String[4];
        String input = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') {
                return null;
            }
            if (a.charAt(0) != '-') {
                if (input != null) {
                    return null;
                }
                input = a;
                continue;
            }
            int option = switch (a) {
                case "--strategy" -> 0;
                case "--region" -> 1;
                case "--output", "-o" -> 2;
                case "--rejects" -> 3;
                default -> -1;
            };
            if (option < 0 || options[option] != null || i + 1 == args.length) {
                return null;
            }
            String value = args[++i];
            if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
                return null;
            }
            options[option] = value;
        }
        if (input == null) {
            return null;
        }
        Optional<Strategy> s = Strategy.parse(options[0] == null ? "strict_alias" : options[0]);
        if (s.isEmpty()) {
            return null;
        }
        DedupeCommand c = new DedupeCommand();
        c.root = root;
        c.strategy = s.get();
        c.records = new RecordOptions();
        c.records.input = input;
        c.records.region = options[1];
        c.output = options[2];
        c.rejects = options[3];
        c.engine = "memory";
        return c;
    }
}
