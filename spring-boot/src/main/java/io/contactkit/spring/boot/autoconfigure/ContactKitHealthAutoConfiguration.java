package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Actuator health for contactkit, when Spring Boot's health support is present: one indicator per
 * configured provider, grouped under {@code contactkit} ({@code /actuator/health/contactkit/bird},
 * {@code .../bridge}). Turned off with {@code management.health.contactkit.enabled=false}; an
 * application's own {@code contactkitHealthContributor} bean replaces it.
 */
@AutoConfiguration(after = ContactKitAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, BirdContactsClient.class, BridgeContactsClient.class})
@ConditionalOnEnabledHealthIndicator("contactkit")
public final class ContactKitHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contactkitHealthContributor")
    @Conditional(OnProviderClientCondition.class)
    CompositeReactiveHealthContributor contactkitHealthContributor(ContactKitProperties properties,
                                                                   ObjectProvider<BirdContactsClient> bird,
                                                                   ObjectProvider<BridgeContactsClient> bridge) {
        Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
        bird.ifAvailable(client -> indicators.put(BirdContactsClient.ID, bird(client, properties.getBird().getHealth())));
        bridge.ifAvailable(client -> indicators.put(BridgeContactsClient.ID, bridge(client, properties.getBridge().getHealth())));
        return CompositeReactiveHealthContributor.fromMap(indicators);
    }

    static ProviderHealthIndicator bird(BirdContactsClient client, ContactKitProperties.Health health) {
        Map<String, Object> details = Map.of("baseUrl", client.config().baseUrl().toString());
        if (health.getWorkspace() == null) {
            return ProviderHealthIndicator.unknown(details,
                    "set contactkit.bird.health.workspace: Bird has no endpoint to check without a workspace");
        }
        return listing(client, health, details, 1);
    }

    static ProviderHealthIndicator bridge(BridgeContactsClient client, ContactKitProperties.Health health) {
        BridgeApiGeneration api = client.config().api();
        Map<String, Object> details = Map.of("baseUrl", client.config().baseUrl().toString(), "api", api.settingName());
        if (api == BridgeApiGeneration.CONNECT) {
            return ProviderHealthIndicator.probing(details, client::health, health.getTimeout());
        }
        if (health.getWorkspace() == null) {
            return ProviderHealthIndicator.unknown(details,
                    "set contactkit.bridge.health.workspace: Bridge's legacy API has no health endpoint");
        }
        return listing(client, health, details, 10);
    }

    /** Lists the first page of the workspace (the smallest the provider serves) and takes one contact. */
    private static ProviderHealthIndicator listing(ContactProvider client, ContactKitProperties.Health health,
                                                   Map<String, Object> details, int pageSize) {
        Map<String, Object> withWorkspace = new LinkedHashMap<>(details);
        withWorkspace.put("workspace", health.getWorkspace());
        ListQuery firstPage = ListQuery.builder().pageSize(pageSize).build();
        return ProviderHealthIndicator.probing(withWorkspace,
                () -> client.list(health.getWorkspace(), firstPage).take(1).then(), health.getTimeout());
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
    }
}
