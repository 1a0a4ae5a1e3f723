package io.contactkit.samples;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import java.time.Duration;

public final class PostgresStore {

    public static void main(String[] args) {
        PostgresSettings settings = PostgresSettings.url(Secret.of(System.getenv("CONTACTKIT_POSTGRES_URL")))  // the password stays secret
                .schema("contactkit").poolMaxSize(16).lockTimeout(Duration.ofSeconds(10))
                .migrate(true)                                    // applies pending migrations, safely with many instances starting
                .build();
        // or by id: provider("postgres") with the ProviderSettings secret "url" and the options schema,
        // poolInitialSize, poolMaxSize, statementTimeout, lockTimeout, connectTimeout, maxRetries, migrate
        try (ContactKit kit = ContactKit.builder().provider(new PostgresContactProvider(settings)).build()) {
            UpsertCommand command = UpsertCommand.builder()
                    .identifier("emailaddress", "ann@example.com")
                    .identifier("phonenumber", "+14084029292")
                    .strategy(Strategy.MERGE)                     // all four strategies, decided by the domain
                    .build(IdentifierPolicy.defaults())
                    .toEither()
                    .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
            kit.upsert("crm", command)
                .doOnNext(result -> System.out.println(result.status() + " " + result.contact().id()))
                .block(Duration.ofMinutes(1));                    // a main method may wait; services compose instead
        }
    }
}
