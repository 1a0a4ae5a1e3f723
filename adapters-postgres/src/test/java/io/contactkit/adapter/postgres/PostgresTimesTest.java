package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Times read from the store as microseconds since the epoch, not as text: exact to the microsecond before and after the
 * epoch, far from it, and whatever time zone the server's session has (zones with offsets of minutes and seconds).
 */
class PostgresTimesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final List<String> INSTANTS = List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500001Z",
            "1969-12-31T23:59:59.999999Z", "1937-06-30T23:59:59.999999Z", "1900-01-01T00:00:00.000001Z", "0044-03-15T12:00:00.250000Z",
            "2026-12-07T07:41:48.123456Z", "2038-01-19T03:14:08.000001Z", "2500-06-30T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z");
    private static final List<String> ZONES = List.of("UTC", "Europe/Amsterdam", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham",
            "Africa/Monrovia");

    @Test
    void theExpressionGivesTheInstantsMicrosecondsInEverySessionTimeZone() throws Exception {
        try (Connection c = MigrationTest.jdbc(); Statement s = c.createStatement()) {
            for (String zone : ZONES) {
                s.execute("SET TIME ZONE '" + zone + "'");
                for (String text : INSTANTS) {
                    Instant expected = Instant.parse(text);
                    String literal = "'" + text.replace("T", " ").replace("Z", "+00") + "'::timestamptz";
                    try (ResultSet r = s.executeQuery("SELECT " + Codec.epochMicros(literal))) {
                        r.next();
                        assertEquals(expected, Codec.instant(r.getLong(1)), () -> text + " in " + zone);
                    }
                }
            }
        }
    }

    @Test
    void contactsAndTheLogKeepTheirTimesToTheMicrosecond() {
        PostgresSettings settings = TestDatabase.freshSchema();
        String ws = TestDatabase.workspace();
        int n = 0;
        for (String text : INSTANTS) {
            Instant at = Instant.parse(text);
            try (PostgresContactProvider store = new PostgresContactProvider(settings, Clock.fixed(at, ZoneOffset.UTC),
                    () -> "times-" + IDS.incrementAndGet())) {
                store.migrate().block(TIMEOUT);
                UpsertCommand command = UpsertCommand.builder().strategy(Strategy.MERGE).identifier("emailaddress", "t" + n++ + "@example.test")
                        .build(IdentifierPolicy.defaults()).get();
                Contact written = store.upsert(ws, command).block(TIMEOUT).contact();
                Contact read = store.get(ws, written.id()).block(TIMEOUT);
                assertEquals(at, read.createdAt(), text);
                assertEquals(at, read.updatedAt(), text);
            }
        }
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            List<Instant> logged = store.log(ws).map(LoggedCommand::at).collectList().block(TIMEOUT);
            assertEquals(INSTANTS.stream().map(Instant::parse).toList(), logged);
        }
    }
}
