/**
 * The reactive facade of contactkit: {@link io.contactkit.api.ContactKit} and its results.
 *
 * <p>The happy path:
 * <pre>{@code
 * ContactKit kit = ContactKit.builder().provider("memory").build();
 * UpsertCommand command = UpsertCommand.builder().identifier("emailaddress", "Ann@Example.com").set("firstName", "Ann")
 *         .build(IdentifierPolicy.defaults())
 *         .toEither().getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
 * kit.upsert("my-workspace", command).subscribe(result -> System.out.println(result.status() + " " + result.contact().id()));
 * }</pre>
 *
 * <p>Bulk work goes through {@link io.contactkit.api.ContactKit#upsertAll}, which emits one
 * {@link io.contactkit.api.BulkResult} per input, and deduplication through
 * {@link io.contactkit.api.ContactKit#dedupe}, which emits {@link io.contactkit.api.DedupEvent}s.
 * Providers are reached only through the ports: by id through {@link java.util.ServiceLoader}, or
 * passed in. The README's section on the facade shows it built for each provider, with its options
 * and secrets; a provider refuses a setting name it does not read.
 */
package io.contactkit.api;
