package io.contactkit.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.simulator.BirdSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * An application with nothing but the starter and {@code @EnableAutoConfiguration}: the
 * auto-configuration is found through its imports file, and the kit it builds writes and streams
 * through Bird (the simulator) on Reactor Netty's threads while BlockHound watches them.
 */
class StarterApplicationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void theStarterAloneGivesAWorkingKit() {
        try (BirdSimulator bird = BirdSimulator.builder().accessKey("starter-key").workspace("5e1b7c2d-0a9f-4c3e-8b6d-2f4a1c9e7d30").start()) {
            BirdContactsClient client;
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties("contactkit.bird.access-key=starter-key", "contactkit.bird.base-url=" + bird.baseUrl(),
                            "contactkit.concurrency=4")
                    .run()) {
                ContactKit kit = context.getBean(ContactKit.class);
                client = context.getBean(BirdContactsClient.class);
                assertThat(kit.providerId()).isEqualTo("bird");

                Flux<UpsertCommand> commands = Flux.range(0, 20).map(i -> UpsertCommand.builder()
                        .identifier("emailaddress", "person" + i + "@example.com").build(IdentifierPolicy.defaults()).get());
                StepVerifier.create(kit.upsertAll("5e1b7c2d-0a9f-4c3e-8b6d-2f4a1c9e7d30", commands).filter(BulkResult::succeeded).count())
                        .expectNext(20L)
                        .verifyComplete();
                StepVerifier.create(kit.list("5e1b7c2d-0a9f-4c3e-8b6d-2f4a1c9e7d30").count()).expectNext(20L).verifyComplete();
                assertThat(bird.contacts("5e1b7c2d-0a9f-4c3e-8b6d-2f4a1c9e7d30")).hasSize(20);
            }
            // closing the context closed the client: its pool lends nothing out any more
            assertThat(client.activeConnections()).isZero();
        }
    }
}
