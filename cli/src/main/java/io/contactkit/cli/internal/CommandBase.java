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
