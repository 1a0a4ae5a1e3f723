package io.contactkit.samples;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Secret;
import java.time.Duration;

public final class BirdQuickstart {

    public static void main(String[] args) {
        String workspaceId = System.getenv("BIRD_WORKSPACE");                // a UUID, as Bird's workspace ids are
        try (BirdContactsClient bird = new BirdContactsClient(BirdConfig.builder()
                .accessKey(Secret.of(System.getenv("BIRD_ACCESS_KEY")))   // sent as "Authorization: AccessKey ..."; never printed
                .baseUrl(System.getenv().getOrDefault("BIRD_BASE_URL", "https://api.bird.com"))  // or a simulator's URL
                .responseTimeout(Duration.ofSeconds(10))
                .build())) {
            UpsertCommand command = UpsertCommand.builder()
                    .identifier("emailaddress", "ann@example.com")       // the primary identifier: it goes into the URL path
                    .identifier("phonenumber", "+14084029292")           // the others go into addIdentifiers
                    .set("firstName", "Ann")
                    .strategy(Strategy.FIRST_ALIAS)
                    .build(IdentifierPolicy.defaults())
                    .toEither()                                          // invalid input: every violation in the message
                    .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
            bird.upsert(workspaceId, command)                            // Mono<UpsertResult>: CREATED (201) or UPDATED (200)
                .doOnNext(result -> System.out.println(result.status() + " " + result.contact().id()))
                .flatMapMany(result -> bird.list(workspaceId, ListQuery.builder().pageSize(50).build()))
                .take(100)                                               // one page per demand; cancelling stops the requests
                .doOnNext(contact -> System.out.println(contact.displayName().orElse(contact.id())))
                .blockLast(Duration.ofMinutes(1));                       // a main method may wait: close() must come after the work
        }                                                                // close() disposes the connection pool
    }
}
