package io.contactkit.samples;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.time.Instant;
import java.util.List;

public final class DeduplicatingInCode {

    public static void main(String[] args) {
        List<UpsertCommand> records = List.of(                 // e.g. read from a CRM export
                record("Ann@Example.com", "+1 (408) 402-9292", "Ann"),
                record("ann@example.com", null, "Ann"),
                record("ines@example.org", "+1.408.402.9292", "Ines"),  // Ann's office line: merged into her contact
                record("bob@example.net", null, "Bob"));
        Deduplicator dedup = new Deduplicator("crm-export", Instant.now(), records.size());   // sized for the run
        long number = 0;
        for (UpsertCommand record : records) {
            if (dedup.apply(++number, record) != AuditEntry.Action.CREATED) {
                AuditEntry why = dedup.lastEntry();          // built on request: the contact, what matched,
                System.out.println(why);                     // what was added, skipped (and whose), merged, or the conflict
            }
        }
        dedup.forEachContact(c -> System.out.println(c.contact().id() + " " + c.sourceRecords()));  // one at a time
        System.out.println(dedup.summary());                 // records=N contacts=N created=N updated=N merged=N rejected=N
    }

    private static UpsertCommand record(String email, String phone, String firstName) {
        UpsertCommand.Builder b = UpsertCommand.builder().identifier("emailaddress", email).set("firstName", firstName)
                .strategy(Strategy.MERGE);
        if (phone != null) {
            b.identifier("phonenumber", phone);
        }
        return b.build(IdentifierPolicy.defaults())
                .toEither()
                .getOrElseThrow(problems -> new IllegalArgumentException(email + ": " + problems.mkString("; ")));
    }
}
