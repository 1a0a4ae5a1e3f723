package io.contactkit.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactkit.simulator.BirdSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service over HTTP, against the Bird simulator, with the versions Spring Boot manages (this
 * module builds on Boot's parent, not contactkit's). Requests are served on Reactor Netty's event
 * loops with BlockHound installed, so a blocking call anywhere on the path fails the request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sample.simulator.port=0")
@AutoConfigureWebTestClient(timeout = "PT30S")
@ActiveProfiles("simulator")
@Import(BirdSimulatorConfiguration.class)
class SampleApplicationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    BirdSimulator bird;

    private WebTestClient.ResponseSpec upsert(String workspace, String body) {
        return web.put().uri("/workspaces/{ws}/contacts", workspace).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void upsertCreatesThenUpdatesTheSameContact() {
        upsert("a0000000-0000-4000-8000-00000000000a", """
                {"identifiers":[{"key":"emailaddress","value":"Ada@Example.com"}],"attributes":{"firstName":"Ada"}}""")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.status").isEqualTo("created")
                .jsonPath("$.contact.identifiers[0].value").isEqualTo("ada@example.com");
        String id = bird.contacts("a0000000-0000-4000-8000-00000000000a").get(0).id();

        upsert("a0000000-0000-4000-8000-00000000000a", """
                {"identifiers":[{"key":"emailaddress","value":"ada@example.com"}],"attributes":{"lastName":"Lovelace"}}""")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("updated")
                .jsonPath("$.contact.id").isEqualTo(id)
                .jsonPath("$.contact.attributes.lastName").isEqualTo("Lovelace");
        assertThat(bird.contacts("a0000000-0000-4000-8000-00000000000a")).hasSize(1);
    }

    @Test
    void getAnswersTheContactOr404() {
        upsert("b0000000-0000-4000-8000-00000000000b", """
                {"identifiers":[{"key":"phonenumber","value":"+31 6 12345678"}]}""").expectStatus().isCreated();
        String id = bird.contacts("b0000000-0000-4000-8000-00000000000b").get(0).id();

        web.get().uri("/workspaces/b0000000-0000-4000-8000-00000000000b/contacts/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.identifiers[0].value").isEqualTo("+31612345678");
        web.get().uri("/workspaces/b0000000-0000-4000-8000-00000000000b/contacts/no-such-contact").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("not_found");
    }

    @Test
    void listStreamsEveryContactOfTheWorkspaceAsNdjson() {
        for (int i = 0; i < 25; i++) {
            upsert("c0000000-0000-4000-8000-00000000000c", "{\"identifiers\":[{\"key\":\"emailaddress\",\"value\":\"p" + i + "@example.com\"}]}").expectStatus().isCreated();
        }
        List<Map> streamed = web.get().uri("/workspaces/c0000000-0000-4000-8000-00000000000c/contacts").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(Map.class).getResponseBody().collectList().block();
        assertThat(streamed).hasSize(25);
        assertThat(streamed).extracting(m -> m.get("id")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(bird.contacts("c0000000-0000-4000-8000-00000000000c").stream().map(c -> (Object) c.id()).toList());
    }

    @Test
    void badInputIsA400ProblemAndNothingIsSent() {
        long before = bird.requestCount();
        upsert("d0000000-0000-4000-8000-00000000000d", "{\"identifiers\":[]}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("validation").jsonPath("$.violations[0].field").isEqualTo("identifiers");
        upsert("d0000000-0000-4000-8000-00000000000d", "{\"identifiers\":[{\"key\":\"emailaddress\",\"value\":\"not an address\"}]}")
                .expectStatus().isBadRequest();
        assertThat(bird.requestCount()).isEqualTo(before);
    }

    @Test
    void actuatorShowsBirdsHealth() {
        web.get().uri("/actuator/health/contactkit").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.bird.status").isEqualTo("UP")
                .jsonPath("$.components.bird.details.baseUrl").isEqualTo(bird.baseUrl());
    }
}
