package io.contactkit.samples;

import io.contactkit.domain.ContactBook;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.time.Instant;

public final class UsingTheDomain {

    public static void main(String[] args) {
        IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").keyPriority("emailaddress", "phonenumber").build();
        ContactBook book = ContactBook.sequential("my-workspace", "c");
        UpsertCommand command = UpsertCommand.builder()
                .identifier("emailaddress", " Ann@Example.com ")
                .identifier("phonenumber", "(408) 402-9292")
                .set("firstName", "Ann")
                .strategy(Strategy.STRICT_ALIAS)
                .build(policy)                       // Validation<Seq<Violation>, UpsertCommand>: every problem at once
                .toEither()
                .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
        book.upsert(command, Instant.now())          // Either<UpsertFailure, UpsertOutcome>
            .peek(outcome -> System.out.println(outcome.contact().displayName().orElse("?") + " " + outcome.contact().identifiers()))
            .peekLeft(failure -> System.out.println("refused: " + failure.code() + ": " + failure.message()));

        String problems = UpsertCommand.builder()    // invalid input: every violation, none thrown away
                .identifier("emailaddress", "ann@")
                .identifier("phonenumber", "12")
                .build(policy)
                .fold(violations -> violations.mkString("; "), valid -> "valid");
        System.out.println(problems);
    }
}
