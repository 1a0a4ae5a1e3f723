package io.contactkit.cli.internal;

import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code contactkit simulate bird|bridge}: a local, stateful stand-in for a provider's contacts API. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a local, stateful simulator of Bird's or Bridge's contacts API (both Bridge generations on one port),"
                        + " backed by the domain engine, with state in memory only. Prints the base URL it listens on to standard output,"
                        + " and stops cleanly on Ctrl-C (exit status 0).",
                "",
                "Credentials from the same environment variables as sync and export: CONTACTKIT_BIRD_ACCESS_KEY, or"
                        + " CONTACTKIT_BIRD_ACCESS_TOKEN for a Bearer token (bird),"
                        + " CONTACTKIT_BRIDGE_API_KEY and CONTACTKIT_BRIDGE_SIGNING_SECRET (bridge). When one is unset, the simulator"
                        + " accepts the development value " + SimulateCommand.DEV_KEY + " (key) or " + SimulateCommand.DEV_SECRET
                        + " (signing secret) and says so on standard error.",
                ""},
        footer = {"", "Examples:",
                "  contactkit simulate bird                       # http://127.0.0.1:" + SimulateCommand.BIRD_PORT,
                "  contactkit simulate bridge --port 0            # any free port",
                "  CONTACTKIT_BIRD_ACCESS_KEY=local-dev-key contactkit sync --provider bird \\",
                "      --base-url http://127.0.0.1:" + SimulateCommand.BIRD_PORT + " \\",
                "      --workspace a1405560-c8d3-4b1a-877d-3f449ad95352 examples/contacts.csv"})
public final class SimulateCommand extends CommandBase implements Callable<Integer> {

    /** The key the simulators accept when the environment names none: a local development server needs no secret. */
    static final String DEV_KEY = "local-dev-key";
    static final String DEV_SECRET = "local-dev-secret";
    static final int BIRD_PORT = 7480;
    static final int BRIDGE_PORT = 7481;

    @Parameters(index = "0", paramLabel = "bird|bridge", description = "The provider to simulate.")
    String provider;

    @Option(names = "--port", paramLabel = "N",
            description = "The port on 127.0.0.1 (default " + BIRD_PORT + " for bird, " + BRIDGE_PORT + " for bridge; 0 for any free port).")
    Integer port;

    @Option(names = "--workspace", paramLabel = "ID", description = "Serve only this workspace (default: any workspace). Bird's workspace ids are UUIDs.")
    String workspace;

    @Override
    public Integer call() throws InterruptedException {
        Io io = io();
        String which = provider.strip().toLowerCase(Locale.ROOT);
        if (!which.equals("bird") && !which.equals("bridge")) {
            throw usage("unknown provider '" + Field.abbreviate(provider) + "': use bird or bridge");
        }
        int p = port != null ? port : which.equals("bird") ? BIRD_PORT : BRIDGE_PORT;
        if (p < 0 || p > 65535) {
            throw usage("--port must be 0-65535, got " + p);
        }
        if (workspace != null && workspace.isBlank()) {
            throw usage("--workspace must not be blank");
        }
        AutoCloseable server;
        String baseUrl;
        if (which.equals("bird")) {
            BirdSimulator.Builder b = BirdSimulator.builder().port(p);
            if (workspace != null) {
                try {
                    b.workspace(workspace);
                } catch (IllegalArgumentException e) {
                    throw usage("--workspace '" + Field.abbreviate(workspace) + "': " + e.getMessage());
                }
            }
            String token = io.env(ProviderOptions.BIRD_ACCESS_TOKEN);
            if (token != null) {
                b.accessToken(token);
            } else {
                b.accessKey(key(io, ProviderOptions.BIRD_ACCESS_KEY, DEV_KEY, "access key"));
            }
            BirdSimulator bird = start(which, p, b::start);
            server = bird;
            baseUrl = bird.baseUrl();
        } else {
            BridgeSimulator.Builder b = BridgeSimulator.builder().port(p)
                    .apiKey(key(io, ProviderOptions.BRIDGE_API_KEY, DEV_KEY, "API key"))
                    .signingSecret(key(io, ProviderOptions.BRIDGE_SIGNING_SECRET, DEV_SECRET, "signing secret"));
            if (workspace != null) {
                b.workspace(workspace);
            }
            BridgeSimulator bridge = start(which, p, b::start);
            server = bridge;
            baseUrl = bridge.baseUrl();
        }
        return serve(io, which, server, baseUrl);
    }

    /** The simulator started: the options were checked before, so what fails here is the start itself (a port taken). */
    private static <S> S start(String which, int port, Supplier<S> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            throw new CliFailure("cannot start the " + which + " simulator on port " + port + ": " + rootMessage(e), e);
        }
    }

    private int serve(Io io, String which, AutoCloseable server, String baseUrl) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
                io.err().println(which + " simulator stopped");
                io.err().flush();
                stopped.countDown();
            }
        };
        // Ctrl-C (SIGINT) and SIGTERM run the shutdown hooks: stop serving, then end with status 0,
        // as a stopped development server has done its job
        Thread hook = new Thread(() -> {
            stop.run();
            Runtime.getRuntime().halt(0);
        }, "contactkit-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            io.err().println(which + " simulator listening on " + baseUrl
                    + (workspace == null ? " (any workspace)" : " (workspace " + workspace + ")") + "; press Ctrl-C to stop");
            io.err().flush();
            writeLine(io, baseUrl);
            stopped.await();
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return 0;
    }

    /** The line on standard output; its reader gone ({@code | head -0}) is a {@link ClosedOutput}, as for every command. */
    private static void writeLine(Io io, String line) {
        try {
            java.io.OutputStream out = ClosedOutput.guard(io.out(), true);
            out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (java.io.IOException e) {
            throw new CliFailure("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    private static String key(Io io, String variable, String fallback, String what) {
        String value = io.env(variable);
        if (value != null) {
            return value;
        }
        io.err().println(variable + " is not set: the simulator accepts the development " + what + " '" + fallback + "'");
        return fallback;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
