package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.Main;
import io.contactkit.cli.internal.Io;
import io.contactkit.reliability.support.BirdBackend;
import io.contactkit.reliability.support.FaultServer;
import io.contactkit.reliability.support.FaultServer.Fault;
import io.contactkit.reliability.support.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code contactkit sync --provider bird --concurrency 8} with default flags against a server that
 * spoils about one request in five (429 with a short {@code Retry-After}, 500, 503, connection resets
 * before and after the answer, idle connections closed): every one of 1,360 records ends upserted,
 * none failed, and the command's streams hold its results and its summary only.
 */
@Order(7)
class CliSyncUnderFaultsTest {

    private static final int RECORDS = 1_360;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void aBulkSyncFinishesWithDefaultFlagsAndLosesNothing() throws IOException {
        StringBuilder csv = new StringBuilder("email,firstName,lastName\n");
        for (int i = 0; i < RECORDS; i++) {
            csv.append("member").append(i).append("@example.com,Member").append(i).append(",Lee\n");
        }
        Path input = dir.resolve("members.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        BirdBackend backend = new BirdBackend(Secrets.BIRD_ACCESS_KEY);
        try (FaultServer server = FaultServer.builder(backend).seed(20_261_204L)
                .rate(Fault.RATE_LIMITED, 0.04)
                .rate(Fault.SERVER_ERROR, 0.04)
                .rate(Fault.UNAVAILABLE, 0.04)
                .rate(Fault.RESET_BEFORE_RESPONSE, 0.03)
                .rate(Fault.RESET_AFTER_RESPONSE, 0.03)
                .rate(Fault.IDLE_CLOSE, 0.02)
                .start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            int status = Main.run(new Io(new ByteArrayInputStream(new byte[0]), out, errStream,
                    Map.of("CONTACTKIT_BIRD_ACCESS_KEY", Secrets.BIRD_ACCESS_KEY), false),
                    "sync", "--provider", "bird", "--base-url", server.baseUrl(), "--workspace", BulkSyncFaultsTest.WS,
                    "--concurrency", "8", input.toString());
            String errText = err.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, errText);
            assertTrue(server.injected().values().stream().mapToLong(Long::longValue).sum() > RECORDS / 10, "faults were injected: " + server.injected());

            String[] summary = errText.strip().split("\n");
            assertEquals(1, summary.length, "the command's standard error holds its summary only: " + errText);
            assertTrue(summary[0].startsWith("records=" + RECORDS + " ") && summary[0].endsWith(" failed=0"), summary[0]);

            Set<Long> records = new HashSet<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                JsonNode result = JSON.readTree(line);
                assertFalse("failed".equals(result.path("status").asString()), line);
                assertTrue(records.add(result.path("record").asLong()), "one result per record: " + line);
            }
            assertEquals(RECORDS, records.size());
            for (int i = 0; i < RECORDS; i++) {
                assertNotNull(backend.owner(BulkSyncFaultsTest.WS, "emailaddress", "member" + i + "@example.com"), "member " + i + " is held");
            }
            assertEquals(RECORDS, backend.contacts(), "one contact per record, none twice");
            assertFalse(errText.contains(Secrets.BIRD_ACCESS_KEY));
        }
    }
}
