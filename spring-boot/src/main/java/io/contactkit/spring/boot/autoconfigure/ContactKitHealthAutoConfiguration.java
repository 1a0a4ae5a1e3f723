package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.adapter.http.HealthProbe;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.StringUtils;

/**
 * Actuator health for contactkit, when Spring Boot's health support is present: one indicator per
 * configured provider, grouped under {@code contactkit} ({@code /actuator/health/contactkit/bird},
 * {@code .../bridge}, {@code .../postgres}: the store's database answering with its schema version). Turned off with {@code management.health.contactkit.enabled=false}; an
 * application's own {@code contactkitHealthContributor} bean replaces it. Each adapter is optional: a provider's
 * indicator is made when its adapter is on the class path and its client configured, whatever other adapters are there.
 */
@AutoConfiguration(after = ContactKitAutoConfiguration.class)
@ConditionalOnClass(ReactiveHealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("contactkit")
public final class ContactKitHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contactkitHealthContributor")
    @Conditional(OnProviderClientCondition.class)
    CompositeReactiveHealthContributor contactkitHealthContributor(ContactKitProperties properties, BeanFactory beans,
                                                                   ObjectProvider<ContactProvider> providers) {
        Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
        // the adapters' classes are touched only when they are there
        if (BIRD_PRESENT) {
            BirdHealth.add(indicators, beans, properties.getBird().getHealth());
        }
        if (BRIDGE_PRESENT) {
            BridgeHealth.add(indicators, beans, properties.getBridge().getHealth());
        }
        // the store's bean is found by its id
        providers.orderedStream().filter(p -> "postgres".equals(p.id()) && POSTGRES_PRESENT).findFirst()
                .ifPresent(p -> indicators.put("postgres", PostgresHealth.of(p,
                        positive(properties.getPostgres().getHealthTimeout(), "contactkit.postgres.health-timeout"))));
        return CompositeReactiveHealthContributor.fromMap(indicators);
    }

    private static final boolean BIRD_PRESENT = present("io.contactkit.adapter.bird.BirdContactsClient");
    private static final boolean BRIDGE_PRESENT = present("io.contactkit.adapter.bridge.BridgeContactsClient");
    private static final boolean POSTGRES_PRESENT = present("io.contactkit.adapter.postgres.PostgresContactProvider");

    private static boolean present(String className) {
        return org.springframework.util.ClassUtils.isPresent(className, ContactKitHealthAutoConfiguration.class.getClassLoader());
    }

    /**
     * The store's check: the database answers with its schema version, a round trip on a pooled connection, and the store can
     * work on that version (DOWN when its operations would refuse it: newer than the code, or not the newest without migrate).
     */
    static final class PostgresHealth {

        private PostgresHealth() {
        }

        static ProviderHealthIndicator of(ContactProvider provider, java.time.Duration timeout) {
            io.contactkit.adapter.postgres.PostgresContactProvider store = (io.contactkit.adapter.postgres.PostgresContactProvider) provider;
            io.contactkit.adapter.postgres.PostgresSettings s = store.settings();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("host", s.host());
            details.put("port", s.port());
            details.put("database", s.database());
            details.put("schema", s.schema());
            return ProviderHealthIndicator.probing(details, store::usableSchemaVersion, timeout);
        }
    }

    /** Bird's check: the first contact of the health workspace, or UNKNOWN without one. */
    static final class BirdHealth {

        private BirdHealth() {
        }

        static void add(Map<String, ReactiveHealthIndicator> indicators, BeanFactory beans, ContactKitProperties.Health health) {
            beans.getBeanProvider(BirdContactsClient.class).ifAvailable(client -> indicators.put(BirdContactsClient.ID, of(client, health)));
        }

        static ProviderHealthIndicator of(BirdContactsClient client, ContactKitProperties.Health health) {
            positive(health.getTimeout(), "contactkit.bird.health.timeout");
            Map<String, Object> details = Map.of("baseUrl", client.config().baseUrl().toString());
            if (noWorkspace(health)) {
                return ProviderHealthIndicator.unknown(details,
                        "set contactkit.bird.health.workspace: Bird has no endpoint to check without a workspace");
            }
            return Probes.listing(client, health, details, 1);
        }
    }

    /** Bridge's check: the newer API's health endpoint; for the legacy API, the first contact of the health workspace. */
    static final class BridgeHealth {

        private BridgeHealth() {
        }

        static void add(Map<String, ReactiveHealthIndicator> indicators, BeanFactory beans, ContactKitProperties.Health health) {
            beans.getBeanProvider(BridgeContactsClient.class)
                    .ifAvailable(client -> indicators.put(BridgeContactsClient.ID, of(client, health)));
        }

        static ProviderHealthIndicator of(BridgeContactsClient client, ContactKitProperties.Health health) {
            positive(health.getTimeout(), "contactkit.bridge.health.timeout");
            BridgeApiGeneration api = client.config().api();
            Map<String, Object> details = Map.of("baseUrl", client.config().baseUrl().toString(), "api", api.settingName());
            if (api == BridgeApiGeneration.CONNECT) {
                return ProviderHealthIndicator.probing(details, () -> HealthProbe.of(client.health()), health.getTimeout());
            }
            if (noWorkspace(health)) {
                return ProviderHealthIndicator.unknown(details,
                        "set contactkit.bridge.health.workspace: Bridge's legacy API has no health endpoint");
            }
            return Probes.listing(client, health, details, 10);
        }
    }

    /** No workspace to probe: unset, or blank as an unset {@code ${BIRD_HEALTH_WORKSPACE:}} is. */
    private static boolean noWorkspace(ContactKitProperties.Health health) {
        return !StringUtils.hasText(health.getWorkspace());
    }

    /**
     * A health check's timeout, checked when the indicators are made, so that start-up fails naming the property: with zero or
     * less, every check would report DOWN.
     */
    static Duration positive(Duration timeout, String property) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(property, timeout,
                    "must be positive (the time a health check waits for an answer)");
        }
        return timeout;
    }

    /** Probes through an HTTP adapter's client: touched only when an adapter, and so the HTTP transport, is there. */
    static final class Probes {

        private Probes() {
        }

        /**
         * Lists the first page of the workspace (the smallest the provider serves) and takes one contact, as a
         * {@link HealthProbe}: one attempt, observed as a probe, not as one of the application's requests.
         */
        static ProviderHealthIndicator listing(ContactProvider client, ContactKitProperties.Health health,
                                               Map<String, Object> details, int pageSize) {
            Map<String, Object> withWorkspace = new LinkedHashMap<>(details);
            withWorkspace.put("workspace", health.getWorkspace());
            ListQuery firstPage = ListQuery.builder().pageSize(pageSize).build();
            return ProviderHealthIndicator.probing(withWorkspace,
                    () -> HealthProbe.of(client.list(health.getWorkspace(), firstPage).take(1).then()), health.getTimeout());
        }
    }

    /** At least one provider client bean. */
    static final class OnProviderClientCondition extends AnyNestedCondition {

        OnProviderClientCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(type = "io.contactkit.adapter.bird.BirdContactsClient")
        static final class Bird {
        }

        @ConditionalOnBean(type = "io.contactkit.adapter.bridge.BridgeContactsClient")
        static final class Bridge {
        }

        @ConditionalOnBean(type = "io.contactkit.adapter.postgres.PostgresContactProvider")
        static final class Postgres {
        }
    }
}
