package io.contactkit.cli.internal;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.Contact;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contactkit export}: every contact of a workspace as NDJSON, paged lazily. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream every contact of a workspace as NDJSON, in the shape of dedupe's output without sourceRecords:",
                "  {\"id\":\"...\",\"identifiers\":[...],\"attributes\":{...},\"displayName\":\"...\",",
                "   \"anonymous\":false}",
                "Pages are fetched only as the output is written, so memory stays flat however many contacts there are.",
                "",
                "Credentials only from the environment: CONTACTKIT_BIRD_ACCESS_KEY or CONTACTKIT_BIRD_ACCESS_TOKEN (bird: an access key,"
                        + " sent as AccessKey, or an access token, sent as Bearer), CONTACTKIT_BRIDGE_API_KEY (bridge),"
                        + " and CONTACTKIT_BRIDGE_SIGNING_SECRET (bridge with --bridge-api legacy, the generation that lists by page).",
                ""},
        footer = {"", "Examples:",
                "  CONTACTKIT_BIRD_ACCESS_KEY=... contactkit export --provider bird \\",
                "      --workspace 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b --output contacts.ndjson",
                "  CONTACTKIT_BRIDGE_API_KEY=... CONTACTKIT_BRIDGE_SIGNING_SECRET=... \\",
                "      contactkit export --provider bridge --bridge-api legacy \\",
                "      --workspace ws_abc123"})
public final class ExportCommand extends CommandBase implements Callable<Integer> {

    /** Contacts per page asked of the provider; every provider serves 100. */
    private static final int PAGE = 100;

    /** The request of the list, by the name the HTTP adapters give it: a 403 to it refuses the workspace as a whole. */
    private static final java.util.Set<String> LIST = java.util.Set.of("contacts.list");

    @Mixin
    ProviderOptions provider;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the contacts here (default: standard output). Written only when the export completes.")
    String output;

    @Override
    public Integer call() {
        Io io = io();
        long count = 0;
        try (ContactKit kit = provider.kit(io, spec, ContactKit.DEFAULT_CONCURRENCY);
             OutputTarget out = OutputTarget.open(output, io);
             NdjsonWriter writer = new NdjsonWriter(out.stream());
             Progress progress = Progress.start(io, "export", "contacts")) {
            try {
                for (Contact c : kit.list(provider.workspace, ListQuery.builder().pageSize(PAGE).build()).toIterable(PAGE)) {
                    writer.contact(c, null);
                    count++;
                    if (progress.visible()) {
                        progress.stepTo(count);
                    }
                }
            } catch (ProviderException e) {
                String workspaceRefused = FirstContact.refusedWorkspace(e);
                if (workspaceRefused != null) {
                    throw usage("--workspace '" + Field.abbreviate(provider.workspace) + "': " + workspaceRefused + " (" + kit.providerId()
                            + " refuses it; nothing was read)");
                }
                if (FirstContact.forbiddenWorkspace(e, LIST)) {
                    throw forbidden(kit.providerId(), count, e);
                }
                throw new CliFailure("export from " + kit.providerId() + " failed after " + count + " contacts: "
                        + ErrorCodes.code(e) + ": " + ErrorCodes.message(e), e);
            }
            writer.flush();
            out.commit();
        }
        io.err().println("contacts=" + count);
        return 0;
    }

    /**
     * The export's end when the provider refused the workspace to the key (HTTP 403 to the list): which workspace, what was
     * read, and what to check.
     */
    private CliFailure forbidden(String providerId, long count, ProviderException e) {
        boolean toFile = output != null && !"-".equals(output);
        return new CliFailure("export stopped" + (count == 0 ? "" : " after " + count + " contacts") + ": the key has no access to workspace '"
                + Field.abbreviate(provider.workspace) + "': " + providerId + " refused it: " + ErrorCodes.message(e) + "; "
                + (count == 0 ? "nothing was read" : count + " contacts were read") + (toFile ? " and no output written" : "")
                + ": check that --workspace is the id of the workspace to read, and that the key in " + ProviderOptions.credentials(providerId)
                + " has permission to read contacts in it, then run the same command again", e);
    }
}
