package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.adapter.http.HttpSettings;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.api.ContactKit;
import io.contactkit.api.UnknownProviderException;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.Secret;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of contactkit: a Bird client when {@code contactkit.bird.access-key} (or
 * {@code access-token}) has text, a
 * Bridge client when {@code contactkit.bridge.api-key} has text, the PostgreSQL store when
 * {@code contactkit.postgres.url} has text (and its adapter is on the class path), and a {@link ContactKit} on the
 * provider {@code contactkit.provider} names (or the only one configured). Every bean backs off when
 * the application defines its own; {@link BirdConfigBuilderCustomizer},
 * {@link BridgeConfigBuilderCustomizer} and {@link ContactKitBuilderCustomizer} beans adjust the
 * builders after the properties. When the application has Spring's {@code ReactorResourceFactory}
 * (Spring WebFlux does), the clients run on its event loops; each keeps its own connection pool,
 * sized by its properties.
 */
@AutoConfiguration
@ConditionalOnClass(ContactKit.class)
@EnableConfigurationProperties(ContactKitProperties.class)
@Import({ContactKitAutoConfiguration.BirdConfiguration.class, ContactKitAutoConfiguration.BridgeConfiguration.class,
        ContactKitAutoConfiguration.PostgresConfiguration.class, ContactKitAutoConfiguration.BirdReactorResourcesConfiguration.class,
        ContactKitAutoConfiguration.BridgeReactorResourcesConfiguration.class})
public final class ContactKitAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(OnContactKitProviderCondition.class)
    ContactKit contactKit(ContactKitProperties properties, ObjectProvider<ContactProvider> providers,
                          ObjectProvider<ContactKitBuilderCustomizer> customizers, ObjectProvider<ObservationRegistry> observations) {
        ContactKit.Builder builder = ContactKit.builder();
        observations.ifAvailable(builder::observationRegistry);
        PropertyMapper map = PropertyMapper.get();
        map.from(properties::getTimeout).to(builder::timeout);
        map.from(properties::getConcurrency).to(builder::concurrency);
        ProviderChoice.apply(properties.getProvider(), providers.orderedStream().toList(), builder);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (UnknownProviderException e) {
            throw ProviderChoice.unknown(properties.getProvider(), e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BirdContactsClient.class)
    @Conditional(OnCredentialCondition.Bird.class)
    static class BirdConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BirdConfig birdConfig(ContactKitProperties properties, ObjectProvider<BirdConfigBuilderCustomizer> customizers,
                              ObjectProvider<ObservationRegistry> observations) {
            ContactKitProperties.Bird bird = properties.getBird();
            PropertyFailures failures = Transport.failures("contactkit.bird", bird)
                    .secret("accessKey", "access-key", bird::getAccessKey).secret("accessToken", "access-token", bird::getAccessToken);
            return failures.build(() -> {
                BirdConfig.Builder builder = BirdConfig.builder();
                if (StringUtils.hasText(bird.getAccessKey())) {
                    builder.accessKey(Secret.of(bird.getAccessKey()));     // both set: BirdConfig refuses them, naming both
                }
                if (StringUtils.hasText(bird.getAccessToken())) {
                    builder.accessToken(Secret.of(bird.getAccessToken()));
                }
                PropertyMapper.get().from(bird::getBaseUrl).to(builder::baseUrl);
                builder.http(http -> Transport.apply(bird, http));
                observations.ifAvailable(builder::observationRegistry);
                customizers.orderedStream().forEach(c -> c.customize(builder));
                return builder.build();
            });
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        BirdContactsClient birdContactsClient(BirdConfig config) {
            return new BirdContactsClient(config);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BridgeContactsClient.class)
    @Conditional(OnCredentialCondition.Bridge.class)
    static class BridgeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BridgeConfig bridgeConfig(ContactKitProperties properties, ObjectProvider<BridgeConfigBuilderCustomizer> customizers,
                                  ObjectProvider<ObservationRegistry> observations) {
            ContactKitProperties.Bridge bridge = properties.getBridge();
            PropertyFailures failures = Transport.failures("contactkit.bridge", bridge)
                    .secret("apiKey", "api-key", bridge::getApiKey).secret("signingSecret", "signing-secret", bridge::getSigningSecret)
                    .field("attributeSettingsTtl", "attribute-settings-ttl", bridge::getAttributeSettingsTtl)
                    .field("maxClockSkew", "max-clock-skew", bridge::getMaxClockSkew);
            return failures.build(() -> {
                BridgeConfig.Builder builder = BridgeConfig.builder().apiKey(Secret.of(bridge.getApiKey()));
                PropertyMapper map = PropertyMapper.get();
                map.from(bridge::getApi).to(builder::api);
                // blank, as an unset ${BRIDGE_SIGNING_SECRET:} is: no secret, as for the credentials
                map.from(bridge::getSigningSecret).whenHasText().as(Secret::of).to(builder::signingSecret);
                map.from(bridge::getAttributeSettingsTtl).to(builder::attributeSettingsTtl);
                map.from(bridge::getMaxClockSkew).to(builder::maxClockSkew);
                map.from(bridge::getBaseUrl).to(builder::baseUrl);
                builder.http(http -> Transport.apply(bridge, http));
                observations.ifAvailable(builder::observationRegistry);
                customizers.orderedStream().forEach(c -> c.customize(builder));
                return builder.build();
            });
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        BridgeContactsClient bridgeContactsClient(BridgeConfig config) {
            return new BridgeContactsClient(config);
        }
    }

    /**
     * The PostgreSQL store, when {@code contactkit.postgres.url} has text and {@code contactkit-adapter-postgres} is on the
     * class path: its settings from the properties (every one left out keeps the store's default) and the application's
     * {@link ObservationRegistry}, when it has one, and the provider, closed with the context.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.contactkit.adapter.postgres.PostgresContactProvider")
    @Conditional(OnCredentialCondition.Postgres.class)
    static class PostgresConfiguration {

        @Bean
        @ConditionalOnMissingBean
        io.contactkit.adapter.postgres.PostgresSettings postgresSettings(ContactKitProperties properties,
                                                                         ObjectProvider<ObservationRegistry> observations) {
            ContactKitProperties.Postgres pg = properties.getPostgres();
            PropertyFailures failures = PropertyFailures.of("contactkit.postgres")
                    .secretWords("PostgreSQL URL", "url", pg::getUrl).secretWords("sslrootcert", "url", pg::getUrl)
                    .field("schema", "schema", pg::getSchema)
                    .field("poolInitialSize", "pool-initial-size", pg::getPoolInitialSize)
                    .field("poolMaxSize", "pool-max-size", pg::getPoolMaxSize)
                    .field("statementTimeout", "statement-timeout", pg::getStatementTimeout)
                    .field("lockTimeout", "lock-timeout", pg::getLockTimeout)
                    .field("connectTimeout", "connect-timeout", pg::getConnectTimeout)
                    .field("maxRetries", "max-retries", pg::getMaxRetries);
            return failures.build(() -> {
                io.contactkit.adapter.postgres.PostgresSettings.Builder builder =
                        io.contactkit.adapter.postgres.PostgresSettings.url(Secret.of(pg.getUrl().strip()));
                PropertyMapper map = PropertyMapper.get();
                map.from(pg::getSchema).to(builder::schema);
                // a service applies pending migrations as it starts using the store, as Boot's own migration tools do, unless told not to
                builder.migrate(pg.getMigrate() == null || pg.getMigrate());
                map.from(pg::getPoolInitialSize).to(builder::poolInitialSize);
                map.from(pg::getPoolMaxSize).to(builder::poolMaxSize);
                map.from(pg::getStatementTimeout).to(builder::statementTimeout);
                map.from(pg::getLockTimeout).to(builder::lockTimeout);
                map.from(pg::getConnectTimeout).to(builder::connectTimeout);
                map.from(pg::getMaxRetries).to(builder::maxRetries);
                map.from(pg::getRules).as(rules -> RulesResource.read(rules, "contactkit.postgres.rules")).to(builder::rules);
                observations.ifAvailable(builder::observationRegistry);
                return builder.build();
            });
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        io.contactkit.adapter.postgres.PostgresContactProvider postgresContactProvider(io.contactkit.adapter.postgres.PostgresSettings settings) {
            return new io.contactkit.adapter.postgres.PostgresContactProvider(settings);
        }
    }

    /**
     * Runs the Bird client on the event loops of the application's {@code ReactorResourceFactory}, the
     * one Spring WebFlux's server and {@code WebClient} share, instead of Reactor Netty's global ones.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.http.client.ReactorResourceFactory", "io.contactkit.adapter.bird.BirdContactsClient"})
    static class BirdReactorResourcesConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "contactkitBirdReactorResourcesCustomizer")
        BirdConfigBuilderCustomizer contactkitBirdReactorResourcesCustomizer(
                ObjectProvider<org.springframework.http.client.ReactorResourceFactory> factory) {
            return builder -> builder.http(http -> ReactorLoops.apply(factory, http));
        }
    }

    /** The same for the Bridge client: each adapter's is configured whether the other adapter is on the class path or not. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.http.client.ReactorResourceFactory", "io.contactkit.adapter.bridge.BridgeContactsClient"})
    static class BridgeReactorResourcesConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "contactkitBridgeReactorResourcesCustomizer")
        BridgeConfigBuilderCustomizer contactkitBridgeReactorResourcesCustomizer(
                ObjectProvider<org.springframework.http.client.ReactorResourceFactory> factory) {
            return builder -> builder.http(http -> ReactorLoops.apply(factory, http));
        }
    }

    /** The application's event loops for a client's transport, when it has a {@code ReactorResourceFactory}. */
    static final class ReactorLoops {

        private ReactorLoops() {
        }

        static void apply(ObjectProvider<org.springframework.http.client.ReactorResourceFactory> factory, HttpSettings.Builder http) {
            factory.ifAvailable(f -> http.loopResources(f.getLoopResources()));
        }
    }

    /** Applies the transport properties both HTTP providers share to a config builder. */
    static final class Transport {

        private Transport() {
        }

        static void apply(ContactKitProperties.Provider p, HttpSettings.Builder to) {
            PropertyMapper map = PropertyMapper.get();
            to.allowInsecureHttp(p.isAllowInsecureHttp());
            map.from(p::getConnectTimeout).to(to::connectTimeout);
            map.from(p::getResponseTimeout).to(to::responseTimeout);
            map.from(p::getAttemptTimeout).to(to::attemptTimeout);
            map.from(p::getCallTimeout).to(to::callTimeout);
            map.from(p::getMaxConnections).to(to::maxConnections);
            map.from(p::getPendingAcquireMaxCount).to(to::pendingAcquireMaxCount);
            map.from(p::getPendingAcquireTimeout).to(to::pendingAcquireTimeout);
            map.from(p::getMaxIdleTime).to(to::maxIdleTime);
            map.from(p::getMaxLifeTime).to(to::maxLifeTime);
            map.from(p::getEvictionInterval).to(to::evictionInterval);
            map.from(p::getMaxResponseSize).as(DataSize::toBytes).to(to::maxResponseBytes);
            map.from(p::getMaxRequestSize).as(DataSize::toBytes).to(to::maxRequestBytes);
            to.retry(retry(p.getRetry()));
        }

        /**
         * The names the transport's and the retry policy's refusals use, and the provider's properties they stand for.
         *
         * @param prefix the provider's properties, such as {@code contactkit.bird}
         * @param p      the provider's settings
         * @return the names, to which the provider's own are added
         */
        static PropertyFailures failures(String prefix, ContactKitProperties.Provider p) {
            ContactKitProperties.Retry r = p.getRetry();
            return PropertyFailures.of(prefix)
                    // the base URL may hold a user and password: never repeated (nor does HttpSettings repeat it)
                    .secret("baseUrl", "base-url", p::getBaseUrl).secretWords("plain http", "base-url", p::getBaseUrl)
                    .field("connectTimeout", "connect-timeout", p::getConnectTimeout)
                    .field("responseTimeout", "response-timeout", p::getResponseTimeout)
                    .field("attemptTimeout", "attempt-timeout", p::getAttemptTimeout)
                    .field("callTimeout", "call-timeout", p::getCallTimeout)
                    .field("maxConnections", "max-connections", p::getMaxConnections)
                    .field("pendingAcquireMaxCount", "pending-acquire-max-count", p::getPendingAcquireMaxCount)
                    .field("pendingAcquireTimeout", "pending-acquire-timeout", p::getPendingAcquireTimeout)
                    .field("maxIdleTime", "max-idle-time", p::getMaxIdleTime)
                    .field("maxLifeTime", "max-life-time", p::getMaxLifeTime)
                    .field("evictionInterval", "eviction-interval", p::getEvictionInterval)
                    .field("maxResponseBytes", "max-response-size", p::getMaxResponseSize)
                    .field("maxRequestBytes", "max-request-size", p::getMaxRequestSize)
                    .field("retry maxBackoff", "retry.max-backoff", r::getMaxBackoff)
                    .field("retry maxRetryAfter", "retry.max-retry-after", r::getMaxRetryAfter)
                    .field("maxRetries", "retry.max-retries", r::getMaxRetries)
                    .field("firstBackoff", "retry.first-backoff", r::getFirstBackoff)
                    .field("maxBackoff", "retry.max-backoff", r::getMaxBackoff)
                    .field("jitter", "retry.jitter", r::getJitter)
                    .field("maxRetryAfter", "retry.max-retry-after", r::getMaxRetryAfter);
        }

        private static RetryPolicy retry(ContactKitProperties.Retry r) {
            RetryPolicy d = HttpSettings.DEFAULT_RETRY;
            return new RetryPolicy(
                    r.getMaxRetries() == null ? d.maxRetries() : r.getMaxRetries(),
                    r.getFirstBackoff() == null ? d.firstBackoff() : r.getFirstBackoff(),
                    r.getMaxBackoff() == null ? d.maxBackoff() : r.getMaxBackoff(),
                    r.getJitter() == null ? d.jitter() : r.getJitter(),
                    r.getMaxRetryAfter() == null ? d.maxRetryAfter() : r.getMaxRetryAfter());
        }
    }
}
