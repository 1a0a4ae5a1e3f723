package io.contactkit.cli.internal;

import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

/** What every subcommand has: the top-level command (and through it the streams) and its own spec. */
abstract class CommandBase {

    @ParentCommand
    ContactKitCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Io io() {
        return root.io();
    }

    /** A usage error (status 2) with this message. */
    CommandLine.ParameterException usage(String message) {
        return usage(spec, message);
    }

    /**
     * Refuses, as a usage error before anything is read or written, an output that names a file the run reads: it would
     * replace that file at the end.
     *
     * @param inputs  pairs of what reads a file (null for the input file, else its option) and the file's name (null: not given)
     * @param outputs pairs of option and file name (null: not given; {@code -}: standard output)
     */
    void refuseReplacingInputs(String[] inputs, String... outputs) {
        String replacing = OutputTarget.namesInput(inputs, outputs);
        if (replacing != null) {
            throw usage(replacing + ", which it would replace: give another file");
        }
    }

    /**
     * The ids a {@code --contacts} list names, each without the white space around it ({@code "c1, c7"}). Refuses, as a
     * usage error before anything is read, a list that names an empty contact id ({@code --contacts ''}, as an unset shell
     * variable gives, or {@code c1,,c7}): no contact has that id, and the split would only say so after reading the whole
     * input (or opening a transaction on the store).
     */
    static java.util.List<String> contactIds(CommandLine.Model.CommandSpec spec, java.util.List<String> ids) {
        if (ids.stream().anyMatch(String::isBlank)) {
            throw usage(spec, "--contacts names an empty contact id: give the ids separated by commas, e.g. --contacts c1,c7");
        }
        // "c1, c7" as a user types a list: no contact id begins or ends with white space
        return ids.stream().map(String::strip).toList();
    }

    /**
     * A usage error (status 2) with this message for the command of {@code spec}. A command {@link DedupeLine} made has no
     * spec: the line then goes to picocli, which parses it again and reports the error ({@link DedupeLine.Refused}).
     */
    static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        if (spec == null) {
            throw DedupeLine.refused();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
