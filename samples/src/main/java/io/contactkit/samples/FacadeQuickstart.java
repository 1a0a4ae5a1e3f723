package io.contactkit.samples;

import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.Secret;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class FacadeQuickstart {

    /** One row of the input: whatever your application holds. */
    record Row(String email, String phone, String firstName, String lastName) {
    }

    public static void main(String[] args) {
        String provider = System.getenv().getOrDefault("CONTACTKIT_PROVIDER", "memory");  // bird, bridge or memory
        String workspace = System.getenv().getOrDefault("CONTACTKIT_WORKSPACE", "2f1c0b7e-8d54-4c1a-9b1e-3f5a6c7d8e90");
        List<Row> rows = List.of(
                new Row("ann@example.com", "+14084029292", "Ann", "Lee"),
                new Row("Ann@Example.com", "+1 408 402 9292", "Ann", "Lee"),   // the same person: updated
                new Row("bob@", "+12125550199", "Bob", "Stone"),               // invalid e-mail: fails, nothing sent
                new Row("carl@example.com", null, "Carl", "Diaz"));            // no phone: Bridge refuses it, nothing sent
        try (ContactKit kit = kit(provider)) {
            kit.upsertAll(workspace, Flux.fromIterable(rows), row -> command(row, kit.providerId()))
                .doOnNext(FacadeQuickstart::print)                             // one result per row, in completion order
                .blockLast(Duration.ofMinutes(5));                             // a main method may wait; services compose instead

            UpsertCommand again = command(rows.get(0), kit.providerId());
            kit.upsert(workspace, again)                                       // one upsert: errors arrive as typed signals
                .doOnNext(result -> System.out.println("again: " + result.status() + " " + result.contact().id()))
                .onErrorResume(ConflictException.class, e -> {
                    System.out.println("conflict: " + e.getMessage());         // strict_alias: identifiers of two contacts
                    return Mono.empty();
                })
                .block(Duration.ofMinutes(1));
        }
    }

    /** The facade for a provider, with the settings its factory reads; an unknown name is refused. */
    static ContactKit kit(String provider) {
        ProviderSettings settings = switch (provider) {
            case "bird" -> ProviderSettings.builder()
                    .option("baseUrl", System.getenv().getOrDefault("BIRD_BASE_URL", "https://api.bird.com"))
                    .option("responseTimeout", "PT10S")                        // durations in ISO-8601
                    .secret("accessKey", Secret.of(System.getenv("BIRD_ACCESS_KEY")))
                    .build();
            case "bridge" -> ProviderSettings.builder()
                    .option("api", "connect")                                  // the newer API: the one with an upsert
                    .option("baseUrl", System.getenv().getOrDefault("BRIDGE_BASE_URL", "https://api-connect-us.bridge.new"))
                    .secret("apiKey", Secret.of(System.getenv("BRIDGE_API_KEY")))
                    .build();
            default -> ProviderSettings.empty();                               // memory: in this process only
        };
        return ContactKit.builder()
                .provider(provider)                                            // found through ServiceLoader
                .settings(settings)
                .concurrency(8)                                                // upserts in flight in upsertAll
                .timeout(Duration.ofSeconds(30))                               // per operation, retries included
                .retry(RetryPolicy.backoff(3, Duration.ofMillis(200)))        // only what is safe to repeat
                .build();
    }

    /** The row's command; an invalid row fails as a typed ValidationException listing every violation. */
    static UpsertCommand command(Row row, String providerId) {
        UpsertCommand.Builder b = UpsertCommand.builder()
                .identifier("emailaddress", row.email())
                .set("firstName", row.firstName())
                .set("lastName", row.lastName());
        if (row.phone() != null) {
            b.identifier("phonenumber", row.phone());
        }
        return b.build(IdentifierPolicy.defaults())
                .toEither()
                .getOrElseThrow(problems -> ValidationException.local(providerId, problems.asJava()));
    }

    static void print(BulkResult<Row> r) {
        if (r.succeeded()) {
            System.out.println(r.index() + " " + r.status().wireName() + " " + r.contact().map(Contact::id).orElseThrow()
                    + (r.warnings().isEmpty() ? "" : " warnings=" + r.warnings()));
            return;
        }
        ProviderException e = r.error();                                      // set when failed; sealed: one type per kind of failure
        String kind = e instanceof ValidationException v ? "invalid (" + (v.isLocal() ? "nothing sent" : "refused") + ")"
                : e instanceof UnsupportedCapabilityException ? "unsupported (nothing sent)"
                : e.isRetryable() ? "failed, retryable" : "failed";
        System.out.println(r.index() + " " + kind + " " + e.code() + ": " + e.getMessage());
    }
}
