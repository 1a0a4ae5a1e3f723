package io.contactkit.cli.internal;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The top-level {@code contactkit} command: only subcommands. */
@Command(name = "contactkit",
        mixinStandardHelpOptions = true,
        versionProvider = ContactKitCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Contacts across contact-management providers: deduplicate a contact file offline, "
                + "sync it to Bird or Bridge, export a workspace, generate test data, or run a local provider simulator.",
        footer = {"", "Examples:",
                "  contactkit dedupe examples/contacts.csv",
                "  contactkit generate --rows 1000000 --seed 7 --output big.csv",
                "  contactkit dedupe --strategy merge --region US --output contacts.ndjson \\",
                "      big.csv",
                "  CONTACTKIT_BIRD_ACCESS_KEY=... contactkit sync --provider bird \\",
                "      --workspace WS examples/contacts.csv",
                "  CONTACTKIT_POSTGRES_URL=postgresql://... contactkit db migrate",
                "",
                "Exit status: 0 done, 1 bad input or failure, 2 bad usage, 141 standard output closed (as by | head).",
                "Credentials come only from the environment: CONTACTKIT_BIRD_ACCESS_KEY, CONTACTKIT_BRIDGE_API_KEY,"
                        + " CONTACTKIT_BRIDGE_SIGNING_SECRET, CONTACTKIT_POSTGRES_URL."})
public final class ContactKitCommand implements Runnable {

    /**
     * The subcommands, in the order the help lists them. They are registered when the command line is built, not
     * declared in the annotation: picocli reads every registered command's options by reflection, which took a
     * short run's main thread a good part of its start-up, so a line that names its command registers that one alone.
     */
    private static final List<String> COMMANDS = List.of("dedupe", "split", "sync", "export", "generate", "simulate", "db", "help");

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces and library logs on failure.")
    boolean verbose;

    private final Io io;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public ContactKitCommand(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Parses and runs one command line; returns the exit status. */
    public static int execute(Io io, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        quietLogs(verbose);
        ContactKitCommand root = new ContactKitCommand(io);
        DedupeCommand usual = DedupeLine.parse(root, args);
        if (usual != null) {
            try {
                return usual.call();
            } catch (DedupeLine.Refused e) {
                // a usage error, found before anything was read or written: picocli parses the line and reports it
            } catch (Exception e) {
                return failed(io, e, false);
            } catch (OutOfMemoryError e) {
                return outOfMemory(io);
            }
        }
        CommandLine cl = new CommandLine(root);
        String named = named(args);
        for (String name : COMMANDS) {
            if (named == null || named.equals(name)) {
                cl.addSubcommand(name, command(name));
            }
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cl.setExecutionStrategy(parsed -> {
            namesGiven(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> failed(io, e, verbose || verbose(parsed)));
        cl.setParameterExceptionHandler(ContactKitCommand::badUsage);
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) {
            status = outOfMemory(io);
        }
        cl.getOut().flush();
        cl.getErr().flush();
        return status;
    }

    /**
     * A usage error: the problem, picocli's suggestions for a mistyped name, the command's synopsis and where its help is;
     * not the whole help, which would push the problem out of sight. Without a command, the list of commands.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (c.getSubcommands().isEmpty()) {
            err.print(c.getHelp().fullSynopsis());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        } else {
            c.usage(err);
        }
        err.flush();
        return c.getCommandSpec().exitCodeOnInvalidInput();
    }

    static Object command(String name) {
        return switch (name) {
            case "dedupe" -> new DedupeCommand();
            case "split" -> new SplitCommand();
            case "sync" -> new SyncCommand();
            case "export" -> new ExportCommand();
            case "generate" -> new GenerateCommand();
            case "simulate" -> new SimulateCommand();
            case "db" -> new DbCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The subcommand a command line names, when it names one other than {@code help} as its first argument (after
     * {@code --verbose} only); null otherwise (the help, the version, a mistake: every command is registered then, and
     * the line parses as it always did).
     */
    static String named(String... args) {
        int i = 0;
        while (i < args.length && args[i].equals("--verbose")) {
            i++;
        }
        if (i == args.length || args[i].equals("help") || !COMMANDS.contains(args[i])) {
            return null;
        }
        return args[i];
    }

    /**
     * Refuses an empty name for a file or folder ({@code -o ''}, as an unset shell variable gives): a usage error before the
     * command runs, which would otherwise take it for the current folder. The options and parameters that name a file are
     * those labelled {@code FILE}, {@code DIR} or {@code INPUT}, in every command.
     */
    private static void namesGiven(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            List<CommandLine.Model.ArgSpec> named = new java.util.ArrayList<>(p.matchedOptions());
            named.addAll(p.matchedPositionals());
            for (CommandLine.Model.ArgSpec arg : named) {
                String label = arg.paramLabel();
                if (!(label.equals("FILE") || label.equals("DIR") || label.equals("INPUT")) || !arg.stringValues().contains("")) {
                    continue;
                }
                String what = arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : label;
                throw new CommandLine.ParameterException(p.commandSpec().commandLine(), what + " needs a " + (label.equals("DIR") ? "folder" : "file")
                        + " name" + (label.equals("INPUT") ? " (or - for standard input)" : "") + ": the one given is empty");
            }
        }
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    // whether the line was said; a plain field under the class's lock, since an atomic's first use may allocate
    private static boolean memorySaid;
    // the line, made while memory is plentiful (Main does at start), so that saying it when the heap ran out allocates nothing
    private static volatile byte @Nullable [] memoryLine;

    private static synchronized boolean claimMemoryLine() {
        boolean first = !memorySaid;
        memorySaid = true;
        return first;
    }

    /** Makes the out-of-memory line now, with this JVM's heap size, for {@link #outOfMemory} to write without allocating. */
    public static void prepareMemoryLine() {
        memoryLine = memoryLine();
    }

    private static byte[] memoryLine() {
        return memoryLine(Runtime.getRuntime().maxMemory()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The out-of-memory line for a heap of the given maximum size. Its example gives twice that heap, in whole gigabytes,
     * and at least 4 GB: the launcher's heap for a dedupe may already have grown to the JVM's own maximum, so a fixed
     * example could offer less than the run had.
     *
     * @param maxHeapBytes the heap's maximum size, as {@link Runtime#maxMemory()} gives it
     * @return the line, line separator included
     */
    static String memoryLine(long maxHeapBytes) {
        long mb = maxHeapBytes >> 20;
        long gb = Math.max(4, (2 * mb + 1023) / 1024);
        return "contactkit: out of memory: this run needs more than the JVM's heap of " + mb + " MB; give it more with"
                + " CONTACTKIT_JAVA_OPTS, e.g. CONTACTKIT_JAVA_OPTS=-Xmx" + gb + "g (an offline dedupe holds about 150 MB per million"
                + " records), or deduplicate on Spark (--engine spark); no output file was written" + System.lineSeparator();
    }

    /**
     * A run that needed more memory than the JVM's heap: said with the heap's size and how to give more, instead of the
     * JVM's stack trace; once per process, whichever thread ran out first. The temporary files of the outputs are deleted
     * first, without allocating.
     *
     * @param io where to say it
     * @return the exit status, 1
     */
    public static int outOfMemory(Io io) {
        // the run is over: its outputs are not to be committed, and deleted here, as the exit's hooks might not run
        TempFiles.deleteAll();
        if (!claimMemoryLine()) {
            return 1;
        }
        byte[] line = memoryLine;
        try {
            io.err().write(line != null ? line : memoryLine());
            io.err().flush();
        } catch (Throwable stillOut) {
            // nothing more can be said: the exit status tells it
        }
        return 1;
    }

    private static int failed(Io io, Exception e, boolean verbose) {
        if (ClosedOutput.isCause(e)) {
            // like a Unix tool ended by SIGPIPE: no message, nothing committed, the work stopped
            return ClosedOutput.EXIT_STATUS;
        }
        if (e instanceof CliFailure f) {
            io.err().println("contactkit: " + f.getMessage());
            if (verbose && f.getCause() != null) {
                f.getCause().printStackTrace(io.err());
            }
            return f.exitCode();
        }
        io.err().println("contactkit: unexpected failure: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + (verbose ? "" : " (run again with --verbose for details)"));
        if (verbose) {
            e.printStackTrace(io.err());
        }
        return 1;
    }

    /** Libraries log through java.util.logging here; a command line shows their logs only when asked. */
    private static void quietLogs(boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(verbose ? Level.WARNING : Level.OFF);
        if (verbose) {
            java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
            h.setLevel(Level.WARNING);
            root.addHandler(h);
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ContactKitCommand.class.getPackage().getImplementationVersion();
            return new String[] {"contactkit " + (v == null ? "(development build)" : v)};
        }
    }
}
