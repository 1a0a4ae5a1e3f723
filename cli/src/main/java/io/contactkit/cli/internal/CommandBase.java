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
        if (spec == null) {
            // made by DedupeLine, without picocli's model: the line goes to picocli, which reports the error
            throw DedupeLine.refused();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
