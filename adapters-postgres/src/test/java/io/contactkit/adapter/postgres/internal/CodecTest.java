package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

    private static final UpsertCommand COMMAND = UpsertCommand.builder().strategy(Strategy.MERGE)
            .identifier("emailaddress", "ann@example.com").identifier("crm", "C-1").identifier("crm", "C-2")
            .change("first_name", AttributeChange.set(io.contactkit.domain.AttributeValue.of("Ann")))
            .build(IdentifierPolicy.defaults()).get();

    @Test
    void aReplayDecodesEqualTextsAndTimesAsOneObjectAndTheSameCommands() {
        Codec.Shared shared = new Codec.Shared();
        String first = "{\"strategy\":\"merge\",\"identifiers\":[[\"crm\",\"C-1\"]],\"attributes\":[[\"city\",\"Québec\"],[\"n\",{\"n\":\"2\"}]]}";
        String second = "{\"strategy\":\"merge\",\"identifiers\":[[\"crm\",\"C-2\"]],\"attributes\":[[\"city\",\"Québec\"],[\"gone\"]]}";
        UpsertCommand a = Codec.command(first, shared);
        UpsertCommand b = Codec.command(second, shared);
        assertEquals(Codec.command(first), a);
        assertEquals(Codec.command(second), b);
        assertTrue(((AttributeChange.Set) a.attributes().get("city")).value() == ((AttributeChange.Set) b.attributes().get("city")).value(),
                "one object for the same text");
        assertTrue(a.identifiers().get(0).key() == b.identifiers().get(0).key(), "one object for the same key");

        java.time.Instant at = java.time.Instant.parse("2026-12-07T10:00:00Z");
        java.time.Instant same = java.time.Instant.parse("2026-12-07T10:00:00Z");
        assertTrue(shared.time(at) == at);
        assertTrue(shared.time(same) == at, "an equal time just after: the one seen before");
        java.time.Instant later = at.plusNanos(1000);
        assertTrue(shared.time(later) == later);

        // past its bound it shares no new text, and decodes the same
        for (int i = 0; i < Codec.SHARED_VALUES + 10; i++) {
            String json = "{\"strategy\":\"merge\",\"identifiers\":[[\"crm\",\"C-1\"]],\"attributes\":[[\"v\",\"" + i + "\"]]}";
            assertEquals(Codec.command(json), Codec.command(json, shared));
        }
    }

    @Test
    void aLoggedCommandReplaysAsItWasLoggedNotNormalizedAgain() {
        // values an earlier version made canonical that this one writes otherwise (an xn-- label it now decodes, a symbol
        // label it now keeps encoded): the replay must give the identifiers the store holds
        for (String email : new String[] {"a@xn--strae-oqa.de", "ann@\u2603.com"}) {
            String json = "{\"strategy\":\"merge\",\"identifiers\":[[\"emailaddress\",\"" + email + "\"],[\"crm\",\"C-1\"]]}";
            UpsertCommand c = Codec.command(json);
            assertEquals(java.util.List.of(Identifier.of("emailaddress", email), Identifier.of("crm", "C-1")), c.identifiers());
            assertEquals(json, Codec.command(c));
        }
        assertEquals(COMMAND, Codec.command(Codec.command(COMMAND)));
    }

    @Test
    void aCommandsAttributeChangesAreWrittenInThePatchsOrderWithRemovalsAsANameAlone() {
        UpsertCommand c = UpsertCommand.builder().strategy(Strategy.MERGE).identifier("crm", "C-1")
                .change("zeta", AttributeChange.set(io.contactkit.domain.AttributeValue.of("Z")))
                .remove("alpha")
                .change("mid", AttributeChange.set(io.contactkit.domain.AttributeValue.of("M")))
                .build(IdentifierPolicy.defaults()).get();

        String json = Codec.command(c);

        assertEquals("{\"strategy\":\"merge\",\"identifiers\":[[\"crm\",\"C-1\"]],"
                + "\"attributes\":[[\"zeta\",\"Z\"],[\"alpha\"],[\"mid\",\"M\"]]}", json);
        UpsertCommand back = Codec.command(json);
        assertEquals(c.attributes(), back.attributes());
        assertEquals(List.copyOf(c.attributes().keySet()), List.copyOf(back.attributes().keySet()));
    }

    @Test
    void aCompactDecisionReadsBackAsTheFullOne() {
        Identifier email = Identifier.of("emailaddress", "ann@example.com");
        Identifier crm2 = Identifier.of("crm", "C-2");
        Identifier elsewhere = Identifier.of("crm", "C-9");
        AuditEntry entry = new AuditEntry(41, AuditEntry.Action.MERGED, "c-1", List.of("c-2", "c-3"),
                List.of(new SkippedIdentifier(Identifier.of("crm", "C-1"), "c-7", SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT)), null, null,
                List.of(crm2, email), List.of(elsewhere, email), List.of("merge.cap"));
        String command = Codec.command(COMMAND);

        String compact = compact(entry, "c-1");
        assertFalse(compact.contains("\"contact\""), compact);
        assertFalse(compact.contains("ann@example.com"), compact);
        assertTrue(compact.contains("C-9"), compact);
        assertEquals(renumbered(entry, 7), Codec.audit(7, compact, "c-1", command));

        // a row whose contact is not the decision's keeps it, and the full form still reads
        String other = compact(entry, "c-5");
        assertTrue(other.contains("\"contact\":\"c-1\""), other);
        assertEquals(renumbered(entry, 7), Codec.audit(7, other, "c-5", command));
        assertEquals(renumbered(entry, 7), Codec.audit(7, Codec.audit(entry, List.of(), List.of()), "c-5", command));
    }

    @Test
    void documentsWrittenOneAfterAnotherAreTheSingleDocuments() {
        AuditEntry entry = new AuditEntry(3, AuditEntry.Action.CREATED, "c-1", List.of(), List.of(), null, null, List.of(),
                COMMAND.identifiers(), List.of());
        ContactState state = new ContactState(COMMAND.identifiers(), java.util.Map.of("first_name",
                new ContactState.Stamp(io.contactkit.domain.AttributeValue.of("Ann"), 3)), List.of("vip"), List.of(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.Documents documents = new Codec.Documents(out);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            documents.command(COMMAND);
            out.write('|');
            documents.audit(entry, List.of(), List.of(), COMMAND, "c-1");
            out.write('|');
            documents.state(state);
            out.write('|');
            expected.append(Codec.command(COMMAND)).append('|').append(compact(entry, "c-1")).append('|').append(Codec.state(state)).append('|');
        }
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStateWrittenFromTheContactReadInPlaceIsTheTextOfItsBuiltState() {
        io.contactkit.domain.ContactBook book = io.contactkit.domain.ContactBook.sequential("ws", "c");
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        book.upsert(cmd(b -> b.identifier("emailaddress", "a@x.io").set("first", "Ann").set("n", io.contactkit.domain.AttributeValue.of(12))
                .set("flag", io.contactkit.domain.AttributeValue.of(true)).set("tags", io.contactkit.domain.AttributeValue.of(List.of(
                        io.contactkit.domain.AttributeValue.of("x"), io.contactkit.domain.AttributeValue.of("tab\there \"q\" \u00e9"))))
                .addToList("vip").addToAccount("acc-1").owner("o1").language("fr")), at);
        book.upsert(cmd(b -> b.identifier("emailaddress", "a@x.io").identifier("crm", "C-1").remove("first")), at);
        book.upsert(cmd(b -> b.identifier("crm", "C-2").set("city", "Oslo")), at);   // no owner, no language, no lists
        book.upsert(cmd(b -> b.identifier("crm", "C-3")), at);                         // no values at all
        book.upsert(cmd(b -> b.identifier("crm", "C-4").set("city", "Bergen").addToList("l1").addToList("l0").addToAccount("acc-2")
                .addToAccount("acc-0").language("nb")), at);
        book.upsert(cmd(b -> b.identifier("crm", "C-4").identifier("crm", "C-2").set("zip", "5003").removeFromList("l1")), at);   // a merge
        java.util.function.LongUnaryOperator seqOf = n -> 1000 + 3 * n;
        java.util.function.ToIntFunction<String> merges = id -> id.length() + id.charAt(id.length() - 1) % 3 - 2;   // 0 to 2, by contact
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.Documents documents = new Codec.Documents(out);
        StringBuilder expected = new StringBuilder();
        for (io.contactkit.domain.Contact c : book.contacts()) {
            io.contactkit.domain.ValueStamps stamps = book.stampsOf(c.id()).orElseThrow();
            ContactState built = Codec.stateOf(c, stamps, merges.applyAsInt(c.id()), seqOf);
            expected.append(Codec.state(built)).append('|');
            assertEquals(c, built.toContact(c.id(), "ws", c.createdAt(), c.updatedAt()), "the state holds the contact");
        }
        // from each contact read in place, its identifiers given: the text of its built state
        book.viewContacts(0, book.positions(), v -> {
            List<String> keys = new java.util.ArrayList<>();
            List<String> values = new java.util.ArrayList<>();
            while (v.nextIdentifier()) {
                keys.add(v.key());
                values.add(v.value());
            }
            documents.state(v, keys.toArray(String[]::new), values.toArray(String[]::new), keys.size(), merges.applyAsInt(v.id()), seqOf);
            out.write('|');
        });
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
        assertTrue(expected.toString().contains("\"l\":[\"l0\"]") && expected.toString().contains("\"c\":[\"acc-2\",\"acc-0\"]"), expected.toString());
        assertTrue(expected.toString().contains("\"o\":[\"o1\",1003]"), expected.toString());
        assertTrue(expected.toString().contains("[\"first\",null,1006]"), "a removal keeps its stamp: " + expected);
        assertTrue(expected.toString().contains(",\"m\":1}") && expected.toString().contains(",\"m\":2}"), "counts of merges kept: " + expected);
        for (io.contactkit.domain.Contact c : book.contacts()) {
            assertEquals(merges.applyAsInt(c.id()), Codec.state(Codec.state(Codec.stateOf(c, book.stampsOf(c.id()).orElseThrow(),
                    merges.applyAsInt(c.id()), seqOf))).merges(), "read back");
        }
    }

    private static UpsertCommand cmd(java.util.function.UnaryOperator<UpsertCommand.Builder> body) {
        return body.apply(UpsertCommand.builder().strategy(Strategy.MERGE)).build(IdentifierPolicy.defaults()).get();
    }

    private static String compact(AuditEntry entry, String contactId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.audit(entry, List.of(), List.of(), COMMAND, contactId, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static AuditEntry renumbered(AuditEntry e, long seq) {
        return new AuditEntry(seq, e.action(), e.contactId(), e.contactsMerged(), e.identifiersSkipped(), e.code(), e.message(), e.matchedBy(),
                e.identifiersAdded(), e.rulesFired());
    }
}
