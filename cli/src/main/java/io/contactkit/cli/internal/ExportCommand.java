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
                throw new CliFailure("export from " + kit.providerId() + " failed after " + count + " contacts: "
                        + ErrorCodes.code(e) + ": " + ErrorCodes.message(e), e);
            }
            writer.flush();
            out.commit();
        }
        io.err().println("contacts=" + count);
        return 0;
    }
}
