/**
 * The reactive facade of contactkit: {@link io.contactkit.api.ContactKit} and its results.
 *
 * <p>The happy path:
 * <pre>{@code
 * ContactKit kit = ContactKit.builder().provider("memory").build();
 * UpsertCommand command = UpsertCommand.builder().identifier("emailaddress", "Ann@Example.com").set("firstName", "Ann").build(IdentifierPolicy.defaults()).get();
 * kit.upsert("my-workspace", command).subscribe(result -> System.out.println(result.status() + " " + result.contact().id()));
 * }</pre>
 *
 * <p>Bulk work goes through {@link io.contactkit.api.ContactKit#upsertAll}, which emits one
 * {@link io.contactkit.api.BulkResult} per input, and deduplication through
 * {@link io.contactkit.api.ContactKit#dedupe}, which emits {@link io.contactkit.api.DedupEvent}s.
 * Providers are reached only through the ports: by id through {@link java.util.ServiceLoader}, or
 * passed in.
 */
package io.contactkit.api;
