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
        description = {"Generate a messy contact CSV, deterministically: the same --rows, --seed and --profile always give the same bytes.",
                "",
                "Profile simple (the default): columns email,phone,firstName,lastName,company. About 30%% of the rows repeat an earlier person with part"
                        + " of their identifiers; e-mail addresses in mixed case, sometimes with surrounding spaces; US phones in"
                        + " mixed national and international formats (so use --region US when deduplicating); one row in fifty"
                        + " carries another person's phone (a shared line); one in two hundred an invalid phone.",
                "Profile crm: columns email,phone,visitor_id,id:crm_id,firstName,lastName,city; about 35%% of the rows repeat"
                        + " an earlier person with a random part of their identifiers; US phones as 1-415-209-8994, (650) 352-5601,"
                        + " \" 6503525601 \", +1 415-377-9519 and more; upper-case and padded e-mail addresses; accented names and"
                        + " cities; one row in fifty with another person's phone; 1.5%% of the rows with an invalid e-mail or phone.",
                ""},
        footer = {"", "Examples:",
                "  contactkit generate --rows 1000 --seed 42",
                "  contactkit generate --rows 1000000 --seed 7 --profile crm --output crm.csv",
                "  contactkit generate --rows 1000000 --seed 7 --output big.csv &&",
                "      contactkit dedupe --strategy merge --region US --output /dev/null big.csv"})
public final class GenerateCommand extends CommandBase implements Callable<Integer> {

    @Option(names = "--rows", required = true, paramLabel = "N", description = "How many rows after the header.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "The seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "simple",
            description = "simple (default) or crm: which kind of file (see above).")
    String profile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (default: standard output).")
    String output;

    @Override
    public Integer call() {
        if (rows < 0) {
            throw usage("--rows must not be negative, got " + rows);
        }
        ContactGenerator.Profile shape = switch (profile.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "simple" -> ContactGenerator.Profile.SIMPLE;
            case "crm" -> ContactGenerator.Profile.CRM;
            default -> throw usage("--profile must be simple or crm, got '" + Field.abbreviate(profile) + "'");
        };
        Io io = io();
        try (OutputTarget out = OutputTarget.open(output, io)) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8), 1 << 16);
            new ContactGenerator(seed, shape).write(w, rows);
            w.flush();
            out.commit();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new CliFailure((output == null ? "<stdout>" : output) + ": cannot write: " + e.getMessage(), e);
        }
        return 0;
    }
}
