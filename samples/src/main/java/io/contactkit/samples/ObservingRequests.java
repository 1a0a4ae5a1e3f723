package io.contactkit.samples;

import io.contactkit.adapter.bird.BirdConfig;
import io.contactkit.adapter.bird.BirdContactsClient;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;

public final class ObservingRequests {

    public static void main(String[] args) {
        ObservationRegistry registry = ObservationRegistry.create();   // Spring Boot: inject the application's registry
        registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {          // with Micrometer's meter handler: a timer
                System.out.println(context.getName()
                        + " provider=" + context.getLowCardinalityKeyValue("provider").getValue()
                        + " operation=" + context.getLowCardinalityKeyValue("operation").getValue()
                        + " outcome=" + context.getLowCardinalityKeyValue("outcome").getValue()
                        + " status=" + context.getLowCardinalityKeyValue("status").getValue());
            }
        });
        try (BirdContactsClient bird = new BirdContactsClient(BirdConfig.builder()
                .accessKey(Secret.of(System.getenv("BIRD_ACCESS_KEY")))
                .baseUrl(System.getenv().getOrDefault("BIRD_BASE_URL", "https://api.bird.com"))
                .observationRegistry(registry)                          // one observation per provider request
                .http(h -> h.userAgentSuffix("acme-crm/2.1"))           // User-Agent: contactkit/0.1 acme-crm/2.1
                .build())) {
            UpsertCommand command = UpsertCommand.builder()
                    .identifier("emailaddress", "obs@example.com")
                    .build(IdentifierPolicy.defaults())
                    .toEither()
                    .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
            bird.upsert(System.getenv("BIRD_WORKSPACE"), command)
                .block(Duration.ofMinutes(1));                          // a main method may wait; services compose instead
        }
    }
}
