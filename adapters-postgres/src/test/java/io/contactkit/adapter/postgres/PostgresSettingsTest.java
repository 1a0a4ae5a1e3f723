package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URLs in both forms, options, and the password kept out of every string. */
class PostgresSettingsTest {

    private static final String PASSWORD = "s3cr3t-P@ss:word";
    private static final String ENCODED = "s3cr3t-P%40ss%3Aword";

    @Test
    void anObservationRegistryIsTakenFromTheBuilderOrAsAComponentAndNeverPrinted() {
        io.micrometer.observation.ObservationRegistry registry = io.micrometer.observation.ObservationRegistry.create();
        PostgresSettings plain = PostgresSettings.url(Secret.of("postgresql://u:pw@db:5432/crm")).build();
        assertTrue(plain.observationRegistry().isNoop(), "no-op by default");
        PostgresSettings built = plain.toBuilder().observationRegistry(registry).build();
        assertTrue(built.observationRegistry() == registry);
        assertTrue(built.withSchema("other").observationRegistry() == registry, "kept by the copies");
        assertEquals(plain.toString(), built.toString(), "the registry is not part of the text");
        PostgresSettings fromFactory = PostgresSettings.from(ProviderSettings.builder().secret("url", Secret.of("postgresql://u:pw@db/crm"))
                .build().withComponent(io.micrometer.observation.ObservationRegistry.class, registry));
        assertTrue(fromFactory.observationRegistry() == registry, "the facade hands its registry to the factory as a component");
    }

    @Test
    void parsesBothUrlForms() {
        for (String url : new String[] {"postgresql://alice:" + ENCODED + "@db.example:6543/contacts",
                "r2dbc:postgresql://alice:" + ENCODED + "@db.example:6543/contacts"}) {
            PostgresSettings s = PostgresSettings.url(Secret.of(url)).build();
            assertEquals("db.example", s.host());
            assertEquals(6543, s.port());
            assertEquals("contacts", s.database());
            assertEquals("alice", s.user());
            assertEquals(PASSWORD, s.password().orElseThrow().reveal());
            assertFalse(s.toString().contains("s3cr3t"), s.toString());
            assertTrue(s.toString().contains("password=redacted"));
        }
        PostgresSettings plain = PostgresSettings.url(Secret.of("postgres://bob@localhost/db")).build();
        assertEquals(PostgresSettings.DEFAULT_PORT, plain.port());
        assertTrue(plain.password().isEmpty());
    }

    /**
     * The description printed in messages (no password) keeps the URL's percent-encoding of the user name and database: a
     * user "kit:x" printed as postgresql://kit:x@... would read as user kit with the password x.
     */
    @Test
    void theDescriptionEncodesTheUserAndDatabaseAsTheUrlDoes() {
        String url = "postgresql://kit%3Ax%40h%2Fz%20%C3%A9:" + ENCODED + "@db.example:6543/c%3Fr%2Fm%23";
        PostgresSettings s = PostgresSettings.url(Secret.of(url)).build();
        assertEquals("kit:x@h/z \u00e9", s.user());
        assertEquals("c?r/m#", s.database());
        assertEquals("postgresql://kit%3Ax%40h%2Fz%20%C3%A9@db.example:6543/c%3Fr%2Fm%23", s.describe());
        PostgresSettings again = PostgresSettings.url(Secret.of(s.describe())).build();
        assertEquals(s.user(), again.user());
        assertEquals(s.database(), again.database());
        assertTrue(again.password().isEmpty());
        assertEquals("postgresql://alice@db.example:6543/contacts",
                PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@db.example:6543/contacts")).build().describe());
    }

    @Test
    void malformedUrlsAreRefusedWithoutRepeatingThem() {
        for (String url : new String[] {"mysql://alice:" + PASSWORD + "@h/db", "postgresql://alice:" + PASSWORD + "@h",
                "postgresql://alice:" + PASSWORD + "@h/db?ssl=true", "postgresql://alice:" + PASSWORD + "@h/db?sslmode=always",
                "postgresql://alice:" + PASSWORD + "@h/db#x", "postgresql://alice:s3cr3t %zz@h/db"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.url(Secret.of(url)));
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
    }

    @Test
    void aMalformedUrlSaysWhatIsWrongWithIt() {
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        reasons.put("mysql://alice:s3cr3t@h/db", "it must start with postgresql:// or postgres://");
        reasons.put("postgresql://alice:s3cr3t@h", "no database name after the host");
        reasons.put("postgresql://alice:s3cr3t@h/", "no database name after the host");
        // a password with characters that URLs reserve, not percent-encoded
        reasons.put("postgresql://alice:s3cr3t@x@h/db", "more than one '@' before the host: a '@' in the user name or password is written %40");
        reasons.put("postgresql://alice:s3cr3t%x@h/db", "a '%' in the user name or password is written %25");
        reasons.put("postgresql://alice:s3cr3t#x@h/db", "no host name (characters a URL reserves");
        reasons.put("postgresql://alice:s3cr3t?x@h/db", "no host name (characters a URL reserves");
        reasons.put("postgresql://alice:s3cr3t x@h/db", "illegal character in authority (characters a URL reserves");
        reasons.forEach((url, why) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.url(Secret.of(url)), url);
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        });
        // written as the message says, they parse, the password decoded
        assertEquals("s3cr3t@x", PostgresSettings.url(Secret.of("postgresql://alice:s3cr3t%40x@h/db")).build().password().orElseThrow().reveal());
        assertEquals("s3cr3t%x", PostgresSettings.url(Secret.of("postgresql://alice:s3cr3t%25x@h/db")).build().password().orElseThrow().reveal());
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedWithoutRepeatingThePassword() {
        for (String port : new String[] {"0", "00000", "65536", "99999", "123456", "99999999999", "2147483648", "notaport", "54x2", "-1"}) {
            for (String url : new String[] {"postgresql://alice:" + ENCODED + "@db.example:" + port + "/contacts",
                    "r2dbc:postgresql://alice:" + ENCODED + "@db.example:" + port + "/contacts?sslmode=disable",
                    "postgres://alice:" + ENCODED + "@[::1]:" + port + "/contacts"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.url(Secret.of(url)), url);
                assertTrue(e.getMessage().contains("the port must be a number from 1 to 65535"), e.getMessage());
                assertFalse(e.getMessage().contains("s3cr3t") || e.getMessage().contains(port + "/"), e.getMessage());
            }
            ProviderSettings plain = ProviderSettings.builder().option("url", "postgresql://alice@db.example:" + port + "/contacts").build();
            assertTrue(assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(plain)).getMessage().contains("1 to 65535"));
        }
        // where the host was left out, the digits after ':' may be the password: they are not repeated either
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.url(Secret.of("postgresql://alice:98765432101/contacts")));
        assertFalse(noHost.getMessage().contains("98765432101"), noHost.getMessage());
        for (int port : new int[] {1, 5432, 65535}) {
            assertEquals(port, PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@db.example:" + port + "/contacts")).build().port());
            assertEquals(port, PostgresSettings.url(Secret.of("postgresql://alice@[::1]:" + port + "/contacts")).build().port());
        }
        assertEquals(PostgresSettings.DEFAULT_PORT, PostgresSettings.url(Secret.of("postgresql://alice@db.example:/contacts")).build().port());
    }

    @Test
    void timeoutsLongerThanSevenDaysAreRefused() {
        for (String option : new String[] {"statementTimeout", "lockTimeout", "connectTimeout"}) {
            for (String tooLong : new String[] {"PT" + Long.MAX_VALUE + "S", "P7DT0.001S", "" + Long.MAX_VALUE}) {
                ProviderSettings given = ProviderSettings.builder().option("url", "postgresql://h/db").option(option, tooLong).build();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(given), option + "=" + tooLong);
                assertEquals(option + " must be a positive duration of at most 7 days (PT168H)", e.getMessage());
            }
        }
        PostgresSettings longest = PostgresSettings.from(ProviderSettings.builder().option("url", "postgresql://h/db")
                .option("statementTimeout", "P7D").option("lockTimeout", "604800000").option("connectTimeout", "PT168H").build());
        assertEquals(PostgresSettings.MAX_TIMEOUT, longest.statementTimeout());
        assertEquals(Duration.ofDays(7), longest.lockTimeout());
        assertEquals(Duration.ofDays(7), longest.connectTimeout());
    }

    /**
     * The server counts its timeouts in whole milliseconds, where 0 turns the timeout off: a positive timeout under 1 ms
     * would have become statement_timeout=0ms or lock_timeout=0ms, a session that waits for ever.
     */
    @Test
    void timeoutsUnderOneMillisecondAreRefusedNotTurnedOff() {
        for (String option : new String[] {"statementTimeout", "lockTimeout", "connectTimeout"}) {
            for (String tooShort : new String[] {"PT0.0005S", "PT0.000999999S", "PT0.000000001S"}) {
                ProviderSettings given = ProviderSettings.builder().option("url", "postgresql://h/db").option(option, tooShort).build();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(given), option + "=" + tooShort);
                assertEquals(option + " must be at least 1 ms (PostgreSQL counts it in whole milliseconds, and 0 would turn it off)",
                        e.getMessage());
            }
        }
        PostgresSettings.Builder b = PostgresSettings.url(Secret.of("postgresql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> b.lockTimeout(Duration.ofNanos(999_999)));
        assertThrows(IllegalArgumentException.class, () -> b.statementTimeout(Duration.ofNanos(1)));
        PostgresSettings shortest = b.statementTimeout(Duration.ofMillis(1)).lockTimeout(Duration.ofMillis(1)).connectTimeout(Duration.ofMillis(1)).build();
        assertEquals(Duration.ofMillis(1), shortest.lockTimeout());
    }

    @Test
    void tlsComesAsLibpqsSslmodeAndSslrootcert(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertEquals(SslMode.PREFER, PostgresSettings.url(Secret.of("postgresql://h/db")).build().sslMode(), "libpq's default");
        for (SslMode m : SslMode.values()) {
            assertEquals(m, PostgresSettings.url(Secret.of("postgresql://h/db?sslmode=" + m.value().toUpperCase(java.util.Locale.ROOT))).build().sslMode());
        }
        java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        PostgresSettings full = PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@h/db?sslmode=verify-full&sslrootcert="
                + java.net.URLEncoder.encode(ca.toString(), java.nio.charset.StandardCharsets.UTF_8))).build();
        assertEquals(SslMode.VERIFY_FULL, full.sslMode());
        assertEquals(ca, full.sslRootCert().orElseThrow());
        assertTrue(full.toString().contains("sslmode=verify-full, sslrootcert=" + ca), full.toString());
        assertEquals(full.sslMode(), full.withSchema("other").sslMode(), "kept by the builder's copy");
        assertEquals(full.sslRootCert(), full.withSchema("other").sslRootCert());
        // as provider options too
        PostgresSettings options = PostgresSettings.from(ProviderSettings.builder().option("url", "postgresql://h/db")
                .option("sslMode", "require").option("sslRootCert", ca.toString()).build());
        assertEquals(SslMode.REQUIRE, options.sslMode());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@h/db?sslmode=on")));
        assertEquals("sslmode must be one of disable, prefer, require, verify-ca, verify-full, got 'on'", mode.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@h/db?sslmode=require&connect_timeout=5")));
        assertEquals("the PostgreSQL URL takes only sslmode and sslrootcert in its query (libpq's names), not 'connect_timeout': other"
                + " settings are the provider's options", other.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.url(Secret.of("postgresql://h/db?sslmode=verify-full&sslrootcert=" + dir.resolve("none.pem"))));
        assertEquals("sslrootcert " + dir.resolve("none.pem") + ": no such file", missing.getMessage());
        IllegalArgumentException unused = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.url(Secret.of("postgresql://h/db?sslrootcert=" + ca)).build());
        assertEquals("sslrootcert is used to check the server's certificate, which sslmode=prefer does not: give sslmode=verify-full (or"
                + " verify-ca, or require)", unused.getMessage());
        IllegalArgumentException allow = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.url(Secret.of("postgresql://h/db?sslmode=allow")));
        assertEquals("sslmode=allow is not offered: give prefer (TLS where the server offers it), or disable", allow.getMessage());
        IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class, () -> new PostgresContactProvider(PostgresSettings.url(
                Secret.of("postgresql://h/db?sslmode=verify-full&sslrootcert=" + ca)).build()));
        assertTrue(notPem.getMessage().startsWith("sslrootcert " + ca + ": "), notPem.getMessage());
    }

    @Test
    void identityRulesComeFromTheBuilderOrAsJsonFromTheProviderOption() {
        IdentityRules rules = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "test@example.com")
                .maxPerContact("crm", 1).maxContactsPerMerge(10).build();
        assertEquals(rules, PostgresSettings.url(Secret.of("postgresql://h/db")).rules(rules).build().rules());
        assertEquals(IdentityRules.NONE, PostgresSettings.url(Secret.of("postgresql://h/db")).build().rules());
        PostgresSettings s = PostgresSettings.from(ProviderSettings.builder().option("url", "postgresql://h/db").option("rules",
                "{\"identifiers\": {\"emailaddress\": {\"blocked\": [\"Test@Example.com\"]}, \"crm\": {\"maxPerContact\": 1}},"
                        + " \"merge\": {\"maxContactsPerMerge\": 10}}").build());
        assertEquals(rules, s.rules());
        for (String bad : new String[] {"{\"identifiers\": {\"emailaddress\": {\"maxPerContact\": -1}}}", "not json", "{\"colour\": 1}"}) {
            assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(ProviderSettings.builder().option("url", "postgresql://h/db")
                    .option("rules", bad).build()), bad);
        }
    }

    @Test
    void theRulesOptionsKeysAreReadAsTheCommandLineReadsARulesFileAndTheStoredRulesKeepTheirKeys() {
        IdentityRules rules = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "test@example.com")
                .blocked("phonenumber", "+14155550100").maxPerContact("crm", 1).blocked("email", "E-1").build();
        PostgresSettings s = PostgresSettings.from(ProviderSettings.builder().option("url", "postgresql://h/db").option("rules",
                "{\"identifiers\": {\"E-mail\": {\"blocked\": [\"Test@Example.com\"]}, \"Phone Number\": {\"blocked\": [\"+1 415 555 0100\"]},"
                        + " \"id:crm\": {\"maxPerContact\": 1}, \"id:email\": {\"blocked\": [\"E-1\"]}}}").build());
        assertEquals(rules, s.rules());
        // the store's own canonical JSON names each key itself: a custom key "email" stays one when the store reads it back
        assertEquals(rules, io.contactkit.adapter.postgres.internal.Codec.rules(io.contactkit.adapter.postgres.internal.Codec.rules(rules)));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(ProviderSettings.builder()
                .option("url", "postgresql://h/db").option("rules", "{\"identifiers\": {\"email\": {}, \"emailaddress\": {}}}").build()));
        assertTrue(twice.getMessage().contains("identifiers.email and identifiers.emailaddress both name the identifier key emailaddress"),
                twice.getMessage());
    }

    @Test
    void providerSettingsKeepThePasswordSecret() {
        ProviderSettings given = ProviderSettings.builder().secret("url", Secret.of("postgresql://alice:" + ENCODED + "@h:1/db"))
                .option("schema", "crm").option("poolMaxSize", "4").option("lockTimeout", "PT2S").option("migrate", "true").build();
        PostgresSettings s = PostgresSettings.from(given);
        assertEquals("crm", s.schema());
        assertEquals(4, s.poolMaxSize());
        assertEquals(Duration.ofSeconds(2), s.lockTimeout());
        assertTrue(s.migrate());
        assertFalse(given.toString().contains("s3cr3t"));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(
                ProviderSettings.builder().option("url", "postgresql://alice:" + ENCODED + "@h:1/db").build()));
        assertFalse(plain.getMessage().contains("s3cr3t"), plain.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(ProviderSettings.builder()
                .secret("url", Secret.of("postgresql://h/db")).option("schema", "Robert'); DROP TABLE x;--").build()));
        assertThrows(IllegalArgumentException.class, () -> PostgresSettings.from(ProviderSettings.builder()
                .secret("url", Secret.of("postgresql://h/db")).option("poolSize", "4").build()));
    }

    @Test
    void connectionErrorsNameNoPassword() {
        // nothing listens on port 1
        PostgresSettings s = PostgresSettings.url(Secret.of("postgresql://alice:" + ENCODED + "@127.0.0.1:1/db"))
                .maxRetries(1).connectTimeout(Duration.ofSeconds(2)).build();
        try (PostgresContactProvider p = new PostgresContactProvider(s)) {
            UpsertCommand c = UpsertCommand.builder().identifier("emailaddress", "a@example.test").build(IdentifierPolicy.defaults()).get();
            ProviderException e = assertThrows(ProviderException.class, () -> p.upsert("ws", c).block(Duration.ofSeconds(30)));
            assertEquals("transport", e.code());
            assertFalse(describe(e).contains("s3cr3t"), describe(e));
            assertFalse(p.toString().contains("s3cr3t"));
        }
    }

    @Test
    void theFacadeFindsTheProviderById() {
        assertTrue(ContactKit.availableProviders().contains("postgres"));
        PostgresSettings fresh = TestDatabase.freshSchema();
        ProviderSettings given = ProviderSettings.builder().secret("url", Secret.of(TestDatabase.url()))
                .option("schema", fresh.schema()).option("migrate", "true").build();
        try (ContactKit kit = ContactKit.builder().provider("postgres").settings(given).build()) {
            UpsertCommand c = UpsertCommand.builder().identifier("emailaddress", "Kit@Example.test").set("firstName", "Kit")
                    .build(IdentifierPolicy.defaults()).get();
            String id = kit.upsert("ws", c).block(Duration.ofSeconds(60)).contact().id();
            assertEquals("Kit", kit.get("ws", id).block(Duration.ofSeconds(30)).attribute("firstName").orElseThrow().toString());
            assertFalse(kit.toString().contains("test-secret-pw"), kit.toString());
        }
    }

    @Test
    void theLongestTimeoutsAllowedAreTakenByTheServer() {
        PostgresSettings fresh = TestDatabase.freshSchema();
        ProviderSettings given = ProviderSettings.builder().secret("url", Secret.of(TestDatabase.url())).option("schema", fresh.schema())
                .option("migrate", "true").option("statementTimeout", "P7D").option("lockTimeout", "P7D").option("connectTimeout", "P7D").build();
        try (ContactKit kit = ContactKit.builder().provider("postgres").settings(given).timeout(ContactKit.MAX_TIMEOUT).build()) {
            UpsertCommand c = UpsertCommand.builder().identifier("emailaddress", "Long@Example.test").build(IdentifierPolicy.defaults()).get();
            String id = kit.upsert("ws", c).block(Duration.ofSeconds(60)).contact().id();
            assertEquals(id, kit.get("ws", id).block(Duration.ofSeconds(30)).id());
        }
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append(" | ");
        }
        return b.toString();
    }
}
