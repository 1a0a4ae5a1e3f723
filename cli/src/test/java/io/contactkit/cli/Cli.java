package io.contactkit.cli;

import io.contactkit.cli.internal.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the command line in this process, capturing its streams, or in a JVM of its own ({@link #fork}). */
final class Cli {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Cli() {
    }

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {

        /** Standard output's lines as JSON objects. */
        List<JsonNode> lines() {
            return ndjson(out);
        }

        /** Standard error's lines. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        /** The last line on standard error (the summary). */
        String summary() {
            List<String> l = errLines();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }
    }

    static Result run(String... args) {
        return run(Map.of(), "", args);
    }

    static Result run(Map<String, String> env, String stdin, String... args) {
        return run(env, stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Result run(Map<String, String> env, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Main.run(new Io(new ByteArrayInputStream(stdin), out, errStream, env, false), args);
        errStream.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * What a run in a JVM of its own did.
     *
     * @param ended  whether it ended in time (if not, it was killed)
     * @param status its exit status; -1 when it did not end
     * @param said   its standard output and error, interleaved
     */
    record Forked(boolean ended, int status, String said) {
    }

    /**
     * Runs the command line in a JVM of its own, with the given JVM options and this test's class path, its standard output
     * and error going to {@code log}; a run that has not ended after {@code seconds} is killed.
     */
    static Forked fork(List<String> jvmOptions, Path log, long seconds, String... args) throws IOException, InterruptedException {
        return fork(Map.of(), jvmOptions, log, seconds, args);
    }

    /** {@link #fork(List, Path, long, String...)} with {@code env} added to this process's environment. */
    static Forked fork(Map<String, String> env, List<String> jvmOptions, Path log, long seconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        return new Forked(ended, ended ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
    }

    static List<JsonNode> ndjson(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** A loopback port nothing listens on (one just opened and closed): a connection to it is refused. */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
