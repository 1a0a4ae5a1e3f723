package io.contactkit.cli.internal;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code contactkit generate}: reproducible messy contact CSV, e.g. for the 1,000,000-row benchmark. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate a messy contact CSV, deterministically: the same --rows and --seed always give the same bytes.",
                "",
                "Columns email,phone,firstName,lastName,company. About 30%% of the rows repeat an earlier person with part"
                        + " of their identifiers; e-mail addresses in mixed case, sometimes with surrounding spaces; US phones in"
                        + " mixed national and international formats (so use --region US when deduplicating); one row in fifty"
                        + " carries another person's phone (a shared line); one in two hundred an invalid phone.",
                ""},
        footer = {"", "Examples:",
                "  contactkit generate --rows 1000 --seed 42",
                "  contactkit generate --rows 1000000 --seed 7 --output big.csv && contactkit dedupe --strategy merge --region US --output /dev/null big.csv"})
public final class GenerateCommand extends CommandBase implements Callable<Integer> {

    @Option(names = "--rows", required = true, paramLabel = "N", description = "How many rows after the header.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "The seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (default: standard output).")
    String output;

    @Override
    public Integer call() {
        if (rows < 0) {
            throw usage("--rows must not be negative, got " + rows);
        }
        Io io = io();
        try (OutputTarget out = OutputTarget.open(output, io)) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8), 1 << 16);
            new ContactGenerator(seed).write(w, rows);
            w.flush();
            out.commit();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new CliFailure((output == null ? "<stdout>" : output) + ": cannot write: " + e.getMessage(), e);
        }
        return 0;
    }
}
