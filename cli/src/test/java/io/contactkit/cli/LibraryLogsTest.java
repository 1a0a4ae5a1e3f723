package io.contactkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that close before the answer make Reactor Netty log {@code PrematureCloseException}
 * warnings; the command line shows library logs only with {@code --verbose}, and then on standard
 * error, never among its data or its own messages.
 */
class LibraryLogsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    /** One run, with the process's standard error captured as well as the command's own streams. */
    private record Run(Cli.Result cli, String processErr) {
    }

    private Run sync(String... extra) throws IOException {
        wm.stubFor(patch(urlMatching(".*/identifiers/.*")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        Path input = dir.resolve("in.csv");
        Files.writeString(input, "email,firstName\nann@example.com,Ann\nbo@example.com,Bo\ncy@example.com,Cy\n", StandardCharsets.UTF_8);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sync", "--provider", "bird",
                "--base-url", "http://127.0.0.1:" + wm.getPort(), "--workspace", ProviderCommandsTest.BIRD_WS, "--retries", "0"));
        args.addAll(java.util.List.of(extra));
        args.add(input.toString());
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Cli.Result r = Cli.run(ProviderCommandsTest.ENV, "", args.toArray(String[]::new));
            return new Run(r, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void prematureClosesLogNothingByDefault() throws IOException {
        Run run = sync();
        assertEquals(0, run.cli().status(), run.cli().err());
        assertEquals("records=3 created=0 updated=0 failed=3", run.cli().summary());
        assertEquals(java.util.List.of("contactkit: 3 records failed (--failed FILE keeps them to run again): transport 3, first record "
                        + run.cli().errLines().get(0).replaceAll(".*first record (\\d+).*", "$1") + ": connection closed prematurely (contacts.upsert)",
                "records=3 created=0 updated=0 failed=3"), run.cli().errLines(),
                "only what failed and the summary on the command's standard error: " + run.cli().err());
        assertEquals(3, run.cli().lines().size(), "standard output holds the results only");
        assertFalse(run.processErr().contains("PrematureCloseException"), run.processErr());
        assertEquals("", run.processErr(), "no library log anywhere");
    }

    @Test
    void withVerboseTheyGoToStandardErrorOnly() throws IOException {
        Run run = sync("--verbose");
        assertEquals("records=3 created=0 updated=0 failed=3", run.cli().summary());
        assertTrue(run.processErr().contains("PrematureCloseException"), run.processErr());
        assertEquals(3, run.cli().lines().size(), "standard output still holds the results only");
        assertFalse(run.cli().out().contains("PrematureCloseException"));
    }
}
