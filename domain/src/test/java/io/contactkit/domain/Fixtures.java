package io.contactkit.domain;

import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Short ways to write identifiers, commands and times in example tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static Identifier email(String value) {
        return Identifier.of(Identifier.EMAIL, value);
    }

    static Identifier phone(String value) {
        return Identifier.of(Identifier.PHONE, value);
    }

    static Identifier visitor(String value) {
        return Identifier.of(Identifier.VISITOR, value);
    }

    static Identifier crm(String value) {
        return Identifier.of("crmId", value);
    }

    /** A valid command under the default policy; fails the test if it does not build. */
    static UpsertCommand cmd(Strategy strategy, Consumer<UpsertCommand.Builder> rest, Identifier... ids) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
        for (Identifier i : ids) {
            b.identifier(i);
        }
        rest.accept(b);
        return valid(b.build(IdentifierPolicy.defaults()));
    }

    static UpsertCommand cmd(Strategy strategy, Identifier... ids) {
        return cmd(strategy, b -> { }, ids);
    }

    static <T> T valid(Validation<Seq<Violation>, T> v) {
        if (v.isInvalid()) {
            throw new AssertionError("expected a valid command, got " + v.getError().mkString("; "));
        }
        return v.get();
    }

    static UpsertOutcome ok(Either<UpsertFailure, UpsertOutcome> result) {
        if (result.isLeft()) {
            throw new AssertionError("expected success, got " + result.getLeft().message());
        }
        return result.get();
    }

    static ContactBook book() {
        return ContactBook.sequential("ws", "c");
    }

    /** A book holding one contact per group of identifiers, created at t(0), t(1), ... as c1, c2, ... */
    static ContactBook bookWith(List<List<Identifier>> contacts) {
        ContactBook book = book();
        int s = 0;
        for (List<Identifier> ids : contacts) {
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, ids.toArray(new Identifier[0])), t(s++)));
        }
        return book;
    }
}
