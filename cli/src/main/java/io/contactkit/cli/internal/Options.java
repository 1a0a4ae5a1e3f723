package io.contactkit.cli.internal;

import io.contactkit.domain.IdentifierPolicy;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of option values picocli cannot make by itself; a bad value is a usage error (status 2). */
final class Options {

    private Options() {
    }

    /** The record options checked (the column separator among them) and the policy they describe. */
    static IdentifierPolicy policy(CommandSpec spec, RecordOptions records) {
        try {
            records.separator();
            return records.policy();
        } catch (IllegalArgumentException e) {
            throw CommandBase.usage(spec, e.getMessage());
        }
    }
}
