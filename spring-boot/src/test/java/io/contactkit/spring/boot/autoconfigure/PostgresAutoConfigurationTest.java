package io.contactkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.testsupport.PasswordPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** The PostgreSQL store configured from {@code contactkit.postgres.*}, against a real server the build starts itself. */
class PostgresAutoConfigurationTest {

    private static final String PASSWORD = "boot-pg-secret-5d1e";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedPostgres server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ContactKitAutoConfiguration.class, ContactKitHealthAutoConfiguration.class));

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    private static String url() {
        // the embedded server trusts local connections: any password is accepted, and must still never be shown
        return "postgresql://postgres:" + PASSWORD + "@localhost:" + server.getPort() + "/postgres";
    }

    private static String schema() {
        return "boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static UpsertCommand email(String address) {
        return UpsertCommand.builder().identifier("emailaddress", address).set("firstName", "Grace").build(IdentifierPolicy.defaults()).get();
    }

    @Test
    void theUrlConfiguresTheStoreAndAKitThatKeepsContactsInIt() {
        String schema = schema();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema,
                "contactkit.postgres.pool-max-size=4", "contactkit.postgres.statement-timeout=20s").run(context -> {
            assertThat(context).hasNotFailed();
            PostgresSettings settings = context.getBean(PostgresSettings.class);
            assertThat(settings.schema()).isEqualTo(schema);
            assertThat(settings.poolMaxSize()).isEqualTo(4);
            assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(settings.migrate()).as("migrations applied on first use unless told not to").isTrue();
            ContactKit kit = context.getBean(ContactKit.class);
            assertThat(kit.providerId()).isEqualTo(PostgresContactProvider.ID);
            StepVerifier.create(kit.upsert("crm", email("grace@example.com")).then(kit.upsert("crm", email("GRACE@example.com")))
                            .then(kit.list("crm").count()))
                    .expectNext(1L).verifyComplete();
            // the health check asks the database for its schema version: UP, with where it is and never who or the password
            ReactiveHealthIndicator health = (ReactiveHealthIndicator) context.getBean("contactkitHealthContributor",
                    CompositeReactiveHealthContributor.class).getContributor("postgres");
            Health up = health.health().block(WAIT);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("schema", schema).containsEntry("database", "postgres").containsKey("port");
            assertThat(up.toString()).doesNotContain(PASSWORD).doesNotContain("postgres:");
            // the password is in no bean's text
            for (String name : context.getBeanDefinitionNames()) {
                assertThat(String.valueOf(context.getBean(name))).doesNotContain(PASSWORD);
            }
        });
        // a second application on the same store sees what the first kept: the database remembers
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema).run(context -> {
            ContactKit kit = context.getBean(ContactKit.class);
            StepVerifier.create(kit.list("crm").map(c -> c.attributes().get("firstName").toString()).collectList())
                    .expectNextMatches(names -> names.size() == 1).expectComplete().verify(WAIT);
        });
    }

    @Test
    void theApplicationsObservationRegistryObservesTheStore() {
        io.micrometer.observation.tck.TestObservationRegistry observations = io.micrometer.observation.tck.TestObservationRegistry.create();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema())
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations).run(context -> {
                    assertThat(context.getBean(PostgresSettings.class).observationRegistry()).isSameAs(observations);
                    context.getBean(ContactKit.class).upsert("crm", email("obs@example.com")).block(WAIT);
                    io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(observations)
                            .hasObservationWithNameEqualTo("contactkit.store.operations")
                            .that().hasLowCardinalityKeyValue("operation", "contacts.upsert").hasLowCardinalityKeyValue("outcome", "success");
                });
    }

    @Test
    void aWrongPasswordIsDownWithoutShowingTheUserOrThePassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a server that asks for passwords: the store's user logs in with SCRAM, the tests' superuser is trusted locally
        String user = "kit_owner_7f3a";
        try (PasswordPostgres guarded = new PasswordPostgres(dir, user, "right-pw-41c9")) {
            runner.withPropertyValues("contactkit.postgres.url=" + guarded.url(PASSWORD)).run(context -> {
                Health down = postgresHealth(context);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.toString()).contains("refused the credentials").doesNotContain(user).doesNotContain(PASSWORD);
                ContactKit kit = context.getBean(ContactKit.class);
                // the same refusal through the facade: not a failure to connect, and not retryable
                io.contactkit.ports.AuthenticationException e = org.junit.jupiter.api.Assertions.assertThrows(
                        io.contactkit.ports.AuthenticationException.class, () -> kit.list("crm").count().block(WAIT));
                assertThat(e.isRetryable()).isFalse();
                assertThat(e).hasMessageStartingWith("PostgreSQL refused the credentials");
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t)).doesNotContain(user).doesNotContain(PASSWORD);
                }
                assertThat(String.valueOf(context.getBean(PostgresContactProvider.class))).doesNotContain(PASSWORD);
            });
            // the right password works: the refusal was the password's
            runner.withPropertyValues("contactkit.postgres.url=" + guarded.url(guarded.password()),
                    "contactkit.postgres.schema=" + schema()).run(context -> assertThat(postgresHealth(context).getStatus()).isEqualTo(Status.UP));
        }
    }

    private static UpsertCommand emailAndPhone(String address, String phone) {
        return UpsertCommand.builder().identifier("emailaddress", address).identifier("phonenumber", phone)
                .build(IdentifierPolicy.defaults()).get();
    }

    @Test
    void identityRulesFromAFileAreObeyedByTheStore() {
        // the blocked address identifies nobody: two records sharing only it stay two contacts (one without the rules)
        String schema = schema();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema,
                "contactkit.postgres.rules=classpath:contactkit-test-rules.yaml").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PostgresSettings.class).rules().keys()).containsKey("emailaddress");
            ContactKit kit = context.getBean(ContactKit.class);
            StepVerifier.create(kit.upsert("desk", emailAndPhone("front-desk@example.com", "+14155550101"))
                            .then(kit.upsert("desk", emailAndPhone("Front-Desk@example.com", "+14155550102")))
                            .then(kit.list("desk").count()))
                    .expectNext(2L).expectComplete().verify(WAIT);
        });
        String unruled = schema();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + unruled).run(context -> {
            ContactKit kit = context.getBean(ContactKit.class);
            StepVerifier.create(kit.upsert("desk", emailAndPhone("front-desk@example.com", "+14155550101"))
                            .then(kit.upsert("desk", emailAndPhone("Front-Desk@example.com", "+14155550102")))
                            .then(kit.list("desk").count()))
                    .expectNext(1L).expectComplete().verify(WAIT);
        });
    }

    @Test
    void aRulesFilesKeysAreReadAsTheCommandLineReadsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        // E-mail and Phone Number are emailaddress and phonenumber, as for --rules: the values blocked under them identify nobody
        String schema = schema();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema,
                "contactkit.postgres.rules=classpath:contactkit-test-named-rules.yaml").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PostgresSettings.class).rules().keys()).containsOnlyKeys("emailaddress", "phonenumber");
            ContactKit kit = context.getBean(ContactKit.class);
            StepVerifier.create(kit.upsert("desk", emailAndPhone("front-desk@example.com", "+14155550101"))
                            .then(kit.upsert("desk", emailAndPhone("Front-Desk@example.com", "+14155550102")))
                            .then(kit.upsert("desk", emailAndPhone("ann@example.com", "+14155550199")))
                            .then(kit.upsert("desk", emailAndPhone("bob@example.com", "+1 415 555 0199")))
                            .then(kit.list("desk").count()))
                    .expectNext(4L).expectComplete().verify(WAIT);
        });
        // two keys naming one identifier key: refused as --rules refuses them, naming the property, the file and both keys
        java.nio.file.Path twice = dir.resolve("twice.yaml");
        java.nio.file.Files.writeString(twice, "identifiers:\n  email:\n    blocked: [a@x.com]\n  emailaddress:\n    blocked: [b@x.com]\n");
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.rules=file:" + twice).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder all = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            assertThat(all.toString()).contains("contactkit.postgres.rules").contains(twice.toString())
                    .contains("identifiers.email and identifiers.emailaddress both name the identifier key emailaddress")
                    .doesNotContain(PASSWORD);
        });
    }

    @Test
    void rulesThatCannotBeReadFailStartUpNamingThePropertyAndTheProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path json = dir.resolve("rules.json");
        java.nio.file.Files.writeString(json, "{\"identifiers\": {\"emailaddress\": {\"maxPerContact\": -2}}}");
        java.nio.file.Path broken = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(broken, "identifiers: [unclosed\n");
        java.util.Map<String, String> expected = java.util.Map.of(
                "file:" + json, "maxPerContact",
                "file:" + broken, "not valid YAML",
                "classpath:no-such-rules.yaml", "no such file");
        expected.forEach((location, problem) -> runner.withPropertyValues("contactkit.postgres.url=" + url(),
                "contactkit.postgres.rules=" + location).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder all = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            assertThat(all.toString()).contains("contactkit.postgres.rules").contains(problem).doesNotContain(PASSWORD);
        }));
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsDownWithoutShowingThePassword() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        runner.withPropertyValues("contactkit.postgres.url=postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + closed + "/postgres",
                "contactkit.postgres.health-timeout=20s").run(context -> {
            assertThat(context).hasNotFailed();
            ReactiveHealthIndicator health = (ReactiveHealthIndicator) context.getBean("contactkitHealthContributor",
                    CompositeReactiveHealthContributor.class).getContributor("postgres");
            Health down = health.health().block(WAIT);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.toString()).contains("connection refused").doesNotContain(PASSWORD);
        });
    }

    @Test
    void aSchemaTheStoreCannotWorkOnIsDown() throws Exception {
        // migrate=false on a schema never migrated: every operation fails with schema_missing, and so does the health check
        String schema = schema();
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema, "contactkit.postgres.migrate=false")
                .run(context -> {
                    ContactKit kit = context.getBean(ContactKit.class);
                    StepVerifier.create(kit.list("crm").count()).expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("schema"))
                            .verify(WAIT);
                    Health down = postgresHealth(context);
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails().get("error").toString()).contains("holds no contactkit schema");
                });
        // a schema newer than this code (another instance upgraded it): refused by every operation, so DOWN, even with migrate
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema).run(context -> {
            ContactKit kit = context.getBean(ContactKit.class);
            StepVerifier.create(kit.list("crm").count()).expectNext(0L).expectComplete().verify(WAIT);
            assertThat(postgresHealth(context).getStatus()).isEqualTo(Status.UP);
            try (java.sql.Connection c = server.getPostgresDatabase().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + schema + ".schema_version (version, description) VALUES ("
                        + (PostgresContactProvider.codeSchemaVersion() + 1) + ", 'from a newer contactkit')");
            }
            Health down = postgresHealth(context);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("error").toString()).contains("newer than this contactkit knows");
        });
    }

    private static Health postgresHealth(org.springframework.context.ApplicationContext context) {
        return ((ReactiveHealthIndicator) context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class)
                .getContributor("postgres")).health().block(WAIT);
    }

    @Test
    void withoutTheUrlOrTheAdapterTheStoreIsNotConfigured() {
        runner.withPropertyValues("contactkit.postgres.url=  ").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PostgresContactProvider.class).doesNotHaveBean(ContactKit.class);
        });
        runner.withClassLoader(new FilteredClassLoader(PostgresContactProvider.class)).withPropertyValues("contactkit.postgres.url=" + url())
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ContactKit.class));
    }

    @Test
    void aMalformedUrlFailsStartUpWithoutShowingIt() {
        runner.withPropertyValues("contactkit.postgres.url=postgresql://postgres:" + PASSWORD + "@/no host").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder all = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            assertThat(all.toString()).contains("malformed PostgreSQL URL").doesNotContain(PASSWORD);
        });
    }

    @Test
    void theStoreBesideAnotherProviderNeedsContactkitProvider() {
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema(), "contactkit.bird.access-key=k",
                "contactkit.bird.base-url=http://127.0.0.1:1", "contactkit.bird.allow-insecure-http=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("[bird, postgres]")
                    .hasMessageContaining("contactkit.provider");
        });
        runner.withPropertyValues("contactkit.postgres.url=" + url(), "contactkit.postgres.schema=" + schema(), "contactkit.bird.access-key=k",
                "contactkit.bird.base-url=http://127.0.0.1:1", "contactkit.bird.allow-insecure-http=true", "contactkit.provider=postgres")
                .run(context -> assertThat(context.getBean(ContactKit.class).providerId()).isEqualTo("postgres"));
    }
}
