package io.contactkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import io.contactkit.ports.UpsertResult;
import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

/** The auto-configuration in small application contexts, against the Bird and Bridge simulators. */
class ContactKitAutoConfigurationTest {

    private static final String BIRD_KEY = "bird-test-key-7f3a";
    private static final String BRIDGE_KEY = "bridge-test-key-91c2";
    private static final String BIRD_WS = "3f0c6d2a-7b41-4e8a-9c55-1d2e3f4a5b6c";
    private static final String BRIDGE_WS = "b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Generous: the first request of a test JVM on a loaded build machine can take seconds. */
    private static final String BIRD_HEALTH_TIMEOUT = "contactkit.bird.health.timeout=30s";

    private static BirdSimulator bird;
    private static BridgeSimulator bridge;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ContactKitAutoConfiguration.class, ContactKitHealthAutoConfiguration.class));

    @BeforeAll
    static void startSimulators() {
        bird = BirdSimulator.builder().accessKey(BIRD_KEY).workspace(BIRD_WS).start();
        bridge = BridgeSimulator.builder().apiKey(BRIDGE_KEY).signingSecret("s").workspace(BRIDGE_WS).start();
    }

    @AfterAll
    static void stopSimulators() {
        bird.close();
        bridge.close();
    }

    private static String[] birdProps() {
        return new String[] {"contactkit.bird.access-key=" + BIRD_KEY, "contactkit.bird.base-url=" + bird.baseUrl(), BIRD_HEALTH_TIMEOUT};
    }

    private static String[] bridgeProps() {
        return new String[] {"contactkit.bridge.api-key=" + BRIDGE_KEY, "contactkit.bridge.base-url=" + bridge.baseUrl(),
            "contactkit.bridge.health.timeout=30s"};
    }

    private static UpsertCommand email(String address) {
        return UpsertCommand.builder().identifier("emailaddress", address).build(IdentifierPolicy.defaults()).get();
    }

    @Test
    void withoutCredentialsNothingIsConfigured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(BirdContactsClient.class);
            assertThat(context).doesNotHaveBean(BridgeContactsClient.class);
            assertThat(context).doesNotHaveBean(ContactKit.class);
            assertThat(context).doesNotHaveBean("contactkitHealthContributor");
        });
    }

    @Test
    void blankCredentialsCountAsUnset() {
        runner.withPropertyValues("contactkit.bird.access-key=", "contactkit.bridge.api-key=  ").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(BirdContactsClient.class).doesNotHaveBean(BridgeContactsClient.class);
        });
    }

    @Test
    void aBirdAccessTokenConfiguresABearerClient() {
        runner.withPropertyValues("contactkit.bird.access-token=user-token", "contactkit.bird.base-url=" + bird.baseUrl()).run(context -> {
            assertThat(context).hasSingleBean(BirdContactsClient.class);
            BirdConfig config = context.getBean(BirdConfig.class);
            assertThat(config.accessToken()).isEqualTo(Secret.of("user-token"));
            assertThat(config.accessKey()).isNull();
        });
        runner.withPropertyValues("contactkit.bird.access-token=t", "contactkit.bird.access-key=k").run(context ->
                assertThat(context).hasFailed());
    }

    @Test
    void birdCredentialsConfigureTheClientAndAKitThatTalksToBird() {
        runner.withPropertyValues(birdProps())
                .withPropertyValues("contactkit.bird.max-connections=7", "contactkit.bird.response-timeout=3s",
                        "contactkit.bird.max-response-size=2MB", "contactkit.bird.retry.max-retries=1",
                        "contactkit.timeout=9s", "contactkit.concurrency=3")
                .run(context -> {
                    assertThat(context).hasSingleBean(BirdContactsClient.class).doesNotHaveBean(BridgeContactsClient.class);
                    BirdConfig config = context.getBean(BirdConfig.class);
                    assertThat(config.http().maxConnections()).isEqualTo(7);
                    assertThat(config.http().responseTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.http().maxResponseBytes()).isEqualTo(2L * 1024 * 1024);
                    assertThat(config.http().retry().maxRetries()).isEqualTo(1);
                    assertThat(config.http().connectTimeout()).isEqualTo(Duration.ofSeconds(10)); // unset: the builder's default
                    assertThat(config.accessKey()).isEqualTo(Secret.of(BIRD_KEY));

                    ContactKit kit = context.getBean(ContactKit.class);
                    assertThat(kit.providerId()).isEqualTo("bird");
                    assertThat(kit.timeout()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(kit.concurrency()).isEqualTo(3);
                    UpsertResult created = kit.upsert(BIRD_WS, email("ada@example.com")).block(WAIT);
                    StepVerifier.create(kit.get(BIRD_WS, created.contact().id()))
                            .assertNext(c -> assertThat(c.id()).isEqualTo(created.contact().id()))
                            .verifyComplete();
                });
    }

    @Test
    void theApplicationsObservationRegistryObservesProviderRequests() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withPropertyValues(birdProps()).withBean(ObservationRegistry.class, () -> observations).run(context -> {
            assertThat(context.getBean(BirdConfig.class).http().observationRegistry()).isSameAs(observations);
            context.getBean(ContactKit.class).upsert(BIRD_WS, email("obs@example.com")).block(WAIT);
            TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("contactkit.provider.requests")
                    .that().hasLowCardinalityKeyValue("provider", "bird");
        });
    }

    @Test
    void healthProbesAreObservedAsProbesNotAsTheApplicationsRequests() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withPropertyValues(birdProps()).withPropertyValues(bridgeProps())
                .withPropertyValues("contactkit.provider=bird", "contactkit.bird.health.workspace=" + BIRD_WS)
                .withBean(ObservationRegistry.class, () -> observations).run(context -> {
                    CompositeReactiveHealthContributor health = context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class);
                    assertThat(status(health, "bird").getStatus()).isEqualTo(Status.UP);
                    assertThat(status(health, "bridge").getStatus()).isEqualTo(Status.UP);
                });
        TestObservationRegistry legacy = TestObservationRegistry.create();
        runner.withPropertyValues(bridgeProps()).withPropertyValues("contactkit.bridge.api=legacy", "contactkit.bridge.signing-secret=s",
                "contactkit.bridge.health.workspace=" + BRIDGE_WS).withBean(ObservationRegistry.class, () -> legacy).run(context ->
                assertThat(status(context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class), "bridge")
                        .getStatus()).isEqualTo(Status.UP));

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("contactkit.provider.requests", 0)
                .hasHandledContextsThatSatisfy(all -> assertThat(all.stream().filter(c -> "contactkit.provider.probes".equals(c.getName()))
                        .map(c -> c.getLowCardinalityKeyValue("provider").getValue()).distinct().sorted().toList())
                        .containsExactly("bird", "bridge"));
        TestObservationRegistryAssert.assertThat(legacy)
                .hasNumberOfObservationsWithNameEqualTo("contactkit.provider.requests", 0)
                .hasObservationWithNameEqualTo("contactkit.provider.probes").that().hasLowCardinalityKeyValue("provider", "bridge");
    }

    @Test
    void aHealthProbeIsNotRetried() throws Exception {
        int refusing;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusing = socket.getLocalPort();
        }
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withPropertyValues("contactkit.bird.access-key=" + BIRD_KEY, "contactkit.bird.base-url=http://127.0.0.1:" + refusing,
                        BIRD_HEALTH_TIMEOUT, "contactkit.bird.health.workspace=" + BIRD_WS)
                .withBean(ObservationRegistry.class, () -> observations).run(context ->
                        assertThat(status(context.getBean(CompositeReactiveHealthContributor.class), "bird").getStatus())
                                .isEqualTo(Status.DOWN));
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo("contactkit.provider.probes").that()
                .hasLowCardinalityKeyValue("outcome", "transport").hasHighCardinalityKeyValue("contactkit.attempts", "1");
    }

    @Test
    void bridgeCredentialsConfigureTheBridgeClient() {
        runner.withPropertyValues(bridgeProps()).withPropertyValues("contactkit.bridge.api=legacy", "contactkit.bridge.signing-secret=s",
                "contactkit.bridge.attribute-settings-ttl=0s").run(context -> {
            BridgeConfig config = context.getBean(BridgeConfig.class);
            assertThat(config.api()).isEqualTo(BridgeApiGeneration.LEGACY);
            assertThat(config.signingSecret()).contains(Secret.of("s"));
            assertThat(config.attributeSettingsTtl()).isZero();
            assertThat(context.getBean(ContactKit.class).providerId()).isEqualTo("bridge");
        });
    }

    @Test
    void aBlankSigningSecretCountsAsUnset() {
        // contactkit.bridge.signing-secret=${BRIDGE_SIGNING_SECRET:} without the variable: the newer API needs no secret
        runner.withPropertyValues(bridgeProps()).withPropertyValues("contactkit.bridge.signing-secret= ").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BridgeConfig.class).signingSecret()).isEmpty();
            assertThat(context.getBean(ContactKit.class).providerId()).isEqualTo("bridge");
        });
        // the legacy API does need one, and says so
        runner.withPropertyValues(bridgeProps()).withPropertyValues("contactkit.bridge.api=legacy", "contactkit.bridge.signing-secret=")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("contactkit.bridge.signing-secret is required for the legacy API"));
    }

    @Test
    void twoProvidersNeedContactkitProviderToChooseTheKitsOne() {
        ApplicationContextRunner both = runner.withPropertyValues(birdProps()).withPropertyValues(bridgeProps());
        both.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Several contact providers are configured [bird, bridge]")
                .hasMessageContaining("contactkit.provider"));
        both.withPropertyValues("contactkit.provider=bridge").run(context -> {
            assertThat(context).hasSingleBean(BirdContactsClient.class).hasSingleBean(BridgeContactsClient.class);
            assertThat(context.getBean(ContactKit.class).providerId()).isEqualTo("bridge");
        });
    }

    @Test
    void aChosenProviderWithoutCredentialsFailsClearly() {
        runner.withPropertyValues("contactkit.provider=bird").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("set contactkit.bird.access-key"));
    }

    @Test
    void aMistypedProviderFailsStartUpNamingTheProperty() {
        runner.withPropertyValues(birdProps()).withPropertyValues("contactkit.provider=brid").run(context -> {
            assertThat(context).hasFailed();
            assertThat(failures(context.getStartupFailure()))
                    .contains("contactkit.provider names no provider: unknown provider 'brid'; available: bird");
        });
    }

    @Test
    void memoryNeedsNoCredentialsAndTheKitOwnsIt() {
        runner.withPropertyValues("contactkit.provider=memory").run(context -> {
            ContactKit kit = context.getBean(ContactKit.class);
            assertThat(kit.providerId()).isEqualTo("memory");
            StepVerifier.create(kit.upsert("ws", email("grace@example.com")).then(kit.list("ws").count()))
                    .expectNext(1L).verifyComplete();
            assertThat(context).doesNotHaveBean("contactkitHealthContributor");
        });
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        runner.withPropertyValues(birdProps()).withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context.getBean(BirdConfig.class)).isSameAs(context.getBean("ownBirdConfig"));
            assertThat(context.getBean(BirdConfig.class).http().maxConnections()).isEqualTo(2);
            assertThat(context).hasSingleBean(ContactKit.class);
            assertThat(context.getBean(ContactKit.class)).isSameAs(context.getBean("ownKit"));
            assertThat(context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class).getContributor("own")).isNotNull();
        });
    }

    @Test
    void customizersRunAfterTheProperties() {
        runner.withPropertyValues(birdProps()).withPropertyValues("contactkit.bird.max-connections=7", "contactkit.concurrency=3")
                .withUserConfiguration(Customizers.class).run(context -> {
                    assertThat(context.getBean(BirdConfig.class).http().maxConnections()).isEqualTo(5);
                    assertThat(context.getBean(ContactKit.class).concurrency()).isEqualTo(11);
                });
    }

    @Test
    void clientsRunOnTheEventLoopsOfTheApplicationsReactorResourceFactory() {
        runner.withPropertyValues(birdProps()).withUserConfiguration(OwnLoops.class).run(context -> {
            BirdContactsClient client = context.getBean(BirdContactsClient.class);
            assertThat(client.config().http().loopResources()).containsSame(context.getBean(ReactorResourceFactory.class).getLoopResources());
            StepVerifier.create(client.list(BIRD_WS, io.contactkit.ports.ListQuery.all()).then(Mono.fromCallable(() -> Thread.currentThread().getName())))
                    .assertNext(thread -> assertThat(thread).startsWith("app-loop"))
                    .verifyComplete();
        });
    }

    @Test
    void healthIsUpPerConfiguredProviderAndUnknownWithoutAWorkspaceToProbe() {
        runner.withPropertyValues(birdProps()).withPropertyValues(bridgeProps())
                .withPropertyValues("contactkit.provider=bird").run(context -> {
                    CompositeReactiveHealthContributor health = context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class);
                    Health birdHealth = status(health, "bird");
                    assertThat(birdHealth.getStatus()).isEqualTo(Status.UNKNOWN);
                    assertThat(birdHealth.getDetails().get("reason").toString()).contains("contactkit.bird.health.workspace");
                    Health bridgeHealth = status(health, "bridge");
                    assertThat(bridgeHealth.getStatus()).isEqualTo(Status.UP);
                    assertThat(bridgeHealth.getDetails()).containsEntry("api", "connect").containsKey("elapsedMs");
                });
        runner.withPropertyValues(birdProps()).withPropertyValues("contactkit.bird.health.workspace=" + BIRD_WS).run(context -> {
            Health birdHealth = status(context.getBean(CompositeReactiveHealthContributor.class), "bird");
            assertThat(birdHealth.getStatus()).isEqualTo(Status.UP);
            assertThat(birdHealth.getDetails()).containsEntry("workspace", BIRD_WS).containsEntry("baseUrl", bird.baseUrl());
        });
    }

    @Test
    void aBlankHealthWorkspaceCountsAsUnset() {
        // contactkit.bird.health.workspace=${BIRD_HEALTH_WORKSPACE:} without the variable: nothing to probe, not a bad request
        runner.withPropertyValues(birdProps()).withPropertyValues("contactkit.bird.health.workspace= ").run(context -> {
            Health birdHealth = status(context.getBean(CompositeReactiveHealthContributor.class), "bird");
            assertThat(birdHealth.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(birdHealth.getDetails().get("reason").toString()).contains("contactkit.bird.health.workspace");
        });
    }

    @Test
    void healthIsDownWithTheTypedErrorAndNeverShowsTheKey() {
        String wrongKey = "wrong-key-5d8e0c";
        runner.withPropertyValues("contactkit.bird.access-key=" + wrongKey, "contactkit.bird.base-url=" + bird.baseUrl(), BIRD_HEALTH_TIMEOUT,
                "contactkit.bird.health.workspace=" + BIRD_WS).run(context -> {
            Health down = status(context.getBean(CompositeReactiveHealthContributor.class), "bird");
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("error").toString()).contains("AuthenticationException");
            assertThat(down.toString()).doesNotContain(wrongKey);
            assertThat(context.getBean(BirdConfig.class).toString()).doesNotContain(wrongKey);
        });
    }

    @Test
    void aHealthTimeoutThatIsNotPositiveFailsStartUpNamingTheProperty() {
        for (String timeout : new String[] {"contactkit.bird.health.timeout=0s", "contactkit.bridge.health.timeout=-1s",
            "contactkit.postgres.health-timeout=0ms"}) {
            runner.withPropertyValues(birdProps()).withPropertyValues(bridgeProps())
                    .withPropertyValues("contactkit.postgres.url=postgresql://u@127.0.0.1:1/db") // not connected to at start-up
                    .withPropertyValues("contactkit.provider=bird", "contactkit.bird.health.workspace=" + BIRD_WS, timeout)
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(failures(context.getStartupFailure())).contains(timeout.substring(0, timeout.indexOf('=')))
                                .contains("must be positive");
                    });
        }
    }

    @Test
    void aSettingTheClientsOrTheStoreRefuseFailsStartUpNamingItsPropertyAndValue() {
        // property=value, the property the failure names, the value it names, and what the reason says
        String[][] cases = {
            {"contactkit.bird.max-connections=0", "contactkit.bird.max-connections", "0", "must be 1-10000"},
            {"contactkit.bird.connect-timeout=0s", "contactkit.bird.connect-timeout", "PT0S", "must be a positive duration"},
            {"contactkit.bird.max-response-size=10B", "contactkit.bird.max-response-size", "10B", "must be at least 1024"},
            {"contactkit.bird.retry.jitter=2", "contactkit.bird.retry.jitter", "2.0", "must be between 0 and 1"},
            {"contactkit.bird.retry.max-retries=-1", "contactkit.bird.retry.max-retries", "-1", "must not be negative"},
            // the refusal names two properties; the one the application set is the one named
            {"contactkit.bird.retry.first-backoff=10d", "contactkit.bird.retry.first-backoff", "PT240H",
                "contactkit.bird.retry.max-backoff must not be shorter than contactkit.bird.retry.first-backoff"},
            {"contactkit.bird.retry.max-backoff=8d", "contactkit.bird.retry.max-backoff", "PT192H", "must be at most 7 days"},
            {"contactkit.bridge.max-clock-skew=-1s", "contactkit.bridge.max-clock-skew", "PT-1S", "must be zero or positive"},
            {"contactkit.bridge.pending-acquire-max-count=0", "contactkit.bridge.pending-acquire-max-count", "0", "must be at least 1"},
            {"contactkit.postgres.pool-max-size=0", "contactkit.postgres.pool-max-size", "0", "must be at least 1"},
            {"contactkit.postgres.schema=Crm-Store", "contactkit.postgres.schema", "Crm-Store", "lower-case letters"},
            {"contactkit.postgres.pool-initial-size=90", "contactkit.postgres.pool-initial-size", "90",
                "(90) exceeds contactkit.postgres.pool-max-size"},
        };
        for (String[] c : cases) {
            runner.withPropertyValues(birdProps()).withPropertyValues(bridgeProps())
                    .withPropertyValues("contactkit.postgres.url=postgresql://u@127.0.0.1:1/db", "contactkit.provider=bird", c[0])
                    .run(context -> {
                        assertThat(context.getStartupFailure()).as(c[0]).isNotNull();
                        Throwable root = context.getStartupFailure();
                        while (root.getCause() != null) {
                            root = root.getCause();
                        }
                        assertThat(root).as(c[0]).isInstanceOf(InvalidConfigurationPropertyValueException.class);
                        InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) root;
                        assertThat(invalid.getName()).as(c[0]).isEqualTo(c[1]);
                        assertThat(String.valueOf(invalid.getValue())).as(c[0]).isEqualTo(c[2]);
                        assertThat(invalid.getReason()).as(c[0]).contains(c[3]).doesNotContainPattern("\\b[a-z]+[A-Z][A-Za-z]*\\b");
                    });
        }
    }

    @Test
    void aRefusedSettingThatMayHoldASecretIsNamedWithoutItsValue() {
        String[][] cases = {
            {"contactkit.bird.base-url=https://user:hunter2-secret@bird.example.com/x?token=hunter2-secret",
                "contactkit.bird.base-url must not contain a user name or password"},
            {"contactkit.bird.base-url=http://bird.example.com:8080", "contactkit.bird.base-url"},
            {"contactkit.postgres.url=postgresql://user:hunter2-secret@db.example.com:5432/crm#hunter2-secret",
                "contactkit.postgres.url: the PostgreSQL URL takes no fragment"},
            {"contactkit.bird.access-token=hunter2-secret", "give contactkit.bird.access-key or contactkit.bird.access-token, not both"},
        };
        for (String[] c : cases) {
            runner.withPropertyValues(birdProps()).withPropertyValues(c[0]).run(context -> {
                assertThat(context).hasFailed();
                assertThat(failures(context.getStartupFailure())).as(c[0]).contains(c[1]).doesNotContain("hunter2-secret")
                        .doesNotContain(BIRD_KEY).doesNotContain("InvalidConfigurationPropertyValueException");
            });
        }
        // missing: a credential the chosen API needs is named by its property
        runner.withPropertyValues(bridgeProps()).withPropertyValues("contactkit.bridge.api=legacy").run(context -> {
            assertThat(context).hasFailed();
            assertThat(failures(context.getStartupFailure())).contains("contactkit.bridge.signing-secret is required for the legacy API");
        });
    }

    @Test
    void aRefusedSettingACustomizerMadeKeepsTheBuildersWords() {
        // not from a property: naming one would send the reader to the wrong place
        runner.withPropertyValues(birdProps()).withBean(BirdConfigBuilderCustomizer.class, () -> b -> b.http(h -> h.maxConnections(0)))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(failures(context.getStartupFailure())).contains("IllegalArgumentException: maxConnections must be 1-10000")
                            .doesNotContain("contactkit.bird.max-connections");
                });
    }

    @Test
    void healthCanBeTurnedOff() {
        runner.withPropertyValues(birdProps()).withPropertyValues("management.health.contactkit.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(BirdContactsClient.class).doesNotHaveBean("contactkitHealthContributor"));
    }

    @Test
    void withoutActuatorOrSpringWebTheClientsAndKitStillWork() {
        runner.withPropertyValues(birdProps())
                .withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class, ReactorResourceFactory.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(BirdContactsClient.class).hasSingleBean(ContactKit.class);
                    assertThat(context).doesNotHaveBean("contactkitHealthContributor")
                            .doesNotHaveBean("contactkitBirdReactorResourcesCustomizer");
                    assertThat(context.getBean(BirdConfig.class).http().loopResources()).isEmpty();
                });
    }

    @Test
    void withOneAdapterOnTheClassPathItsClientHasItsHealthAndRunsOnTheApplicationsLoops() {
        runner.withPropertyValues(birdProps()).withPropertyValues("contactkit.bird.health.workspace=" + BIRD_WS)
                .withUserConfiguration(OwnLoops.class)
                .withClassLoader(new FilteredClassLoader(BridgeContactsClient.class)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BirdContactsClient.class);
                    assertThat(status(context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class), "bird")
                            .getStatus()).isEqualTo(Status.UP);
                    assertThat(context.getBean(BirdConfig.class).http().loopResources()).isPresent();
                });
        runner.withPropertyValues(bridgeProps()).withUserConfiguration(OwnLoops.class)
                .withClassLoader(new FilteredClassLoader(BirdContactsClient.class)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BridgeContactsClient.class);
                    assertThat(status(context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class), "bridge")
                            .getStatus()).isEqualTo(Status.UP);
                    assertThat(context.getBean(BridgeConfig.class).http().loopResources()).isPresent();
                });
        // the store alone: its indicator is made without the HTTP adapters (the store is not connected to here)
        runner.withPropertyValues("contactkit.postgres.url=postgresql://u@127.0.0.1:1/db")
                .withClassLoader(new FilteredClassLoader(BirdContactsClient.class, BridgeContactsClient.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("contactkitHealthContributor", CompositeReactiveHealthContributor.class).getContributor("postgres"))
                            .isNotNull();
                });
    }

    @Test
    void theConfigurationProcessorDescribesEveryProperty() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"contactkit.bird.access-key\"", "\"contactkit.bird.access-token\"", "\"contactkit.bridge.signing-secret\"",
                    "\"contactkit.bridge.retry.max-retries\"", "\"contactkit.provider\"", "Setting it configures the Bird client");
        }
    }

    @Test
    void theMetadataNamesTheHealthSwitchAndTheProvidersAnIdeOffers() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
            // documented in the README (management.health.contactkit.enabled=false turns it off): not an unknown property to an IDE
            assertThat(json).contains("\"name\":\"management.health.contactkit.enabled\"");
            assertThat(json).contains("\"hints\":[{\"name\":\"contactkit.provider\"");
            for (String provider : new String[] {"bird", "bridge", "postgres", "memory"}) {
                assertThat(json).contains("{\"value\":\"" + provider + "\"");
            }
        }
    }

    /** A start-up failure and its causes, one a line. */
    private static String failures(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static Health status(CompositeReactiveHealthContributor composite, String name) {
        return ((ReactiveHealthIndicator) composite.getContributor(name)).health().block(WAIT);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        BirdConfig ownBirdConfig() {
            return BirdConfig.builder().accessKey(Secret.of(BIRD_KEY)).baseUrl(bird.baseUrl()).maxConnections(2).build();
        }

        @Bean
        ContactKit ownKit() {
            return ContactKit.builder().provider("memory").build();
        }

        @Bean
        CompositeReactiveHealthContributor contactkitHealthContributor() {
            return CompositeReactiveHealthContributor.fromMap(java.util.Map.of("own", (ReactiveHealthIndicator) () -> Mono.just(Health.up().build())));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        BirdConfigBuilderCustomizer fewerConnections() {
            return b -> b.maxConnections(5);
        }

        @Bean
        ContactKitBuilderCustomizer moreConcurrency() {
            return b -> b.concurrency(11);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLoops {
        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            factory.setLoopResourcesSupplier(() -> LoopResources.create("app-loop", 1, true));
            return factory;
        }
    }
}
