package io.contactkit.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The in-memory provider under identity rules, and splitting its contacts by replay. */
class InMemoryRulesTest {

    static final String WS = "ws";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final IdentityRules SHARED_LINE = IdentityRules.builder(IdentifierPolicy.defaults()).blocked(Identifier.PHONE, "+31201234567").build();

    static UpsertCommand merge(String email, String phone) {
        return UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.EMAIL, email).identifier(Identifier.PHONE, phone)
                .build(IdentifierPolicy.defaults()).get();
    }

    static InMemoryContactProvider provider(IdentityRules rules) {
        int[] next = {0};
        return new InMemoryContactProvider(CLOCK, () -> "id-" + (++next[0]), rules);
    }

    @Test
    void blockedIdentifiersAreIgnoredAndReportedAsWarnings() {
        InMemoryContactProvider p = provider(SHARED_LINE);
        UpsertResult r = p.upsert(WS, merge("ann@example.com", "+31201234567")).block();

        assertEquals(List.of(Identifier.of(Identifier.EMAIL, "ann@example.com")), r.contact().identifiers());
        assertEquals(List.of("identifier_blocked"), r.warnings().stream().map(Warning::code).collect(Collectors.toList()));
    }

    @Test
    void aSplitNamingANullIdFailsWithATypedErrorAndChangesNothing() {
        InMemoryContactProvider p = provider(IdentityRules.NONE);
        p.upsert(WS, merge("ann@example.com", "+31201234567")).block();
        List<Contact> before = p.snapshot(WS);
        StepVerifier.create(p.split(WS, java.util.Arrays.asList("id-1", null), SHARED_LINE))
                .expectErrorSatisfies(e -> {
                    assertTrue(e instanceof io.contactkit.ports.ValidationException, e.toString());
                    assertTrue(e.getMessage().contains("a contact id to split is null"), e.getMessage());
                })
                .verify();
        assertEquals(before, p.snapshot(WS));
    }

    @Test
    void aSharedLineThatMergedTwoPeopleIsSplitByReplayAndNothingElseChanges() {
        InMemoryContactProvider p = provider(IdentityRules.NONE);
        p.upsert(WS, merge("ann@example.com", "+31201234567")).block();
        p.upsert(WS, merge("bo@example.com", "+31201234567")).block();
        p.upsert(WS, merge("cy@example.com", "+31612345678")).block();
        List<Contact> before = p.snapshot(WS);
        assertEquals(2, before.size(), "ann and bo were merged through the office line");
        Contact other = before.get(1);

        StepVerifier.create(p.split(WS, List.of("id-1"), SHARED_LINE))
                .assertNext(split -> {
                    assertEquals(List.of("id-1"), split.replaced());
                    assertEquals(List.of("id-1", "id-3"), split.contacts().stream().map(Contact::id).collect(Collectors.toList()),
                            "ann keeps her id: the command that created her creates her again; bo gets a new one");
                    assertEquals(2, split.replayed().size());
                    assertEquals(List.of(), split.rejected());
                })
                .verifyComplete();

        List<Contact> after = p.snapshot(WS);
        assertEquals(3, after.size());
        assertTrue(after.contains(other), "the contact outside the split is untouched");
        assertTrue(after.stream().noneMatch(c -> c.identifiers().contains(Identifier.of(Identifier.PHONE, "+31201234567"))));
        UpsertResult again = p.upsert(WS, merge("dee@example.com", "+31201234567")).block();
        assertEquals(List.of("identifier_blocked"), again.warnings().stream().map(Warning::code).collect(Collectors.toList()),
                "the workspace obeys the new rules from now on");
    }

    @Test
    void splittingUnderTheSameRulesGivesBackTheSameContacts() {
        InMemoryContactProvider p = provider(IdentityRules.NONE);
        p.upsert(WS, merge("ann@example.com", "+31201234567")).block();
        p.upsert(WS, merge("bo@example.com", "+31201234567")).block();
        List<Contact> before = p.snapshot(WS);

        ReplayableBook.SplitResult split = p.split(WS, List.of("id-1"), IdentityRules.NONE).block();

        assertEquals(before, split.contacts());
        assertEquals(before, p.snapshot(WS));
    }

    @Test
    void splittingAnUnknownContactFailsAndChangesNothing() {
        InMemoryContactProvider p = provider(IdentityRules.NONE);
        p.upsert(WS, merge("ann@example.com", "+31201234567")).block();
        List<Contact> before = p.snapshot(WS);

        StepVerifier.create(p.split(WS, List.of("id-1", "nobody"), SHARED_LINE)).expectError(NotFoundException.class).verify();
        assertEquals(before, p.snapshot(WS));
    }

    @Test
    void splittingAMergedAwayContactNamesTheContactThatHoldsItsRecords() {
        InMemoryContactProvider p = provider(IdentityRules.NONE);
        p.upsert(WS, merge("ann@example.com", "+31201234567")).block();
        p.upsert(WS, merge("bo@example.com", "+31207654321")).block();
        p.upsert(WS, merge("ann@example.com", "+31207654321")).block(); // the two become one
        List<Contact> before = p.snapshot(WS);
        assertEquals(1, before.size());
        String survivor = before.get(0).id();
        String mergedAway = survivor.equals("id-1") ? "id-2" : "id-1";

        StepVerifier.create(p.split(WS, List.of(mergedAway), SHARED_LINE))
                .expectErrorSatisfies(e -> {
                    assertEquals(NotFoundException.class, e.getClass());
                    assertTrue(e.getMessage().contains("no contact with id " + mergedAway + ": it was merged into " + survivor), e.getMessage());
                })
                .verify();
        assertEquals(before, p.snapshot(WS));
    }
}
