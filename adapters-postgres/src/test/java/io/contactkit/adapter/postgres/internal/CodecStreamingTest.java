package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A logged command read token by token ({@link Codec#command(String, Codec.Shared)}) is the command a reading of its JSON
 * as a tree gives (how the log was read before): for random commands of every part written by {@link Codec#command
 * (UpsertCommand)}, with and without sharing, and for documents whose fields come in another order or that hold fields
 * this version does not know.
 */
class CodecStreamingTest {

    private static final JsonMapper TREES = JsonMapper.builder().build();
    private static final String[] TEXTS = {"a", "Z", "é", "Ω", "漢", "\uD83D\uDE00", "\"", "\\", "\n", "\u0001", "/", " ", "{", "]"};

    @Test
    void randomLoggedCommandsReadAsStreamsAreThoseReadAsTrees() {
        Random random = new Random(20261208);
        Codec.Shared shared = new Codec.Shared();
        Codec.Shared treeShared = new Codec.Shared();
        for (int i = 0; i < 20_000; i++) {
            UpsertCommand c = command(random);
            String json = Codec.command(c);
            UpsertCommand streamed = Codec.command(json);
            assertSame(c, streamed, json);
            assertSame(tree(json, null), streamed, json);
            assertSame(tree(json, treeShared), Codec.command(json, shared), json);
        }
    }

    @Test
    void fieldsInAnotherOrderAndFieldsNotKnownReadAsTheTreeReadsThem() {
        String[] documents = {
            "{\"identifiers\":[[\"crm\",\"C-1\"]],\"later\":{\"x\":[1,{\"y\":null}]},\"attributes\":[[\"n\",{\"q\":1,\"n\":\"1.50\"}],"
                    + "[\"z\",{\"z\":true}],[\"s\",{\"s\":{\"b\":[\"x\",true],\"a\":{\"n\":\"-0\"}}}],[\"m\",[\"a\",false,{\"n\":\"1E+3\"}]],[\"gone\"]],"
                    + "\"owner\":null,\"strategy\":\"first_alias\",\"language\":\"nl\"}",
            "{\"strategy\":\"merge\",\"addToLists\":[\"L1\",\"L1\"],\"removeIdentifiers\":[[\"emailaddress\",\"a@b.c\"]],\"identifiers\":[]}",
            "{\"strategy\":\"strict_alias\",\"identifiers\":[[\"crm\",\"1\"]],\"removeFromAccounts\":[\"A\"],\"addToAccounts\":[],\"owner\":\"o\"}",
        };
        for (String json : documents) {
            assertSame(tree(json, null), Codec.command(json), json);
        }
        UpsertCommand first = Codec.command(documents[0]);
        assertEquals(new BigDecimal("1.50"), ((AttributeValue.Num) first.attributeValue(0)).value());
        assertEquals(2, ((AttributeValue.Num) first.attributeValue(0)).value().scale());
        assertTrue(first.attributeValue(1) instanceof AttributeValue.Null);
        assertEquals(Strategy.FIRST_ALIAS, first.strategy());
    }

    @Test
    void aDocumentThatIsNoLoggedCommandIsRefused() {
        for (String json : new String[] {"[]", "{\"identifiers\":[[\"crm\",\"1\"]]}", "{\"strategy\":\"merge\",\"identifiers\":[\"crm\"]}",
            "{\"strategy\":\"merge\",\"attributes\":[[\"a\",{}]]}", "{\"strategy\":\"merge\",\"identifiers\":[[\"crm\",\"1\"]"}) {
            assertThrows(RuntimeException.class, () -> Codec.command(json), json);
        }
    }

    /** Equal, with the same texts, the same kinds of value and numbers of the same scale. */
    private static void assertSame(UpsertCommand expected, UpsertCommand actual, String json) {
        assertEquals(expected, actual, json);
        assertEquals(expected.toString(), actual.toString(), json);
        for (int k = 0; k < expected.attributeCount(); k++) {
            AttributeValue e = expected.attributeValue(k);
            AttributeValue a = actual.attributeValue(k);
            assertEquals(e == null ? null : e.getClass(), a == null ? null : a.getClass(), json);
            if (e instanceof AttributeValue.Num n) {
                assertEquals(n.value().scale(), ((AttributeValue.Num) a).value().scale(), json);
            }
        }
    }

    /** How a logged command was read before: the document as a tree, then the builder. */
    private static UpsertCommand tree(String json, Codec.Shared shared) {
        JsonNode o = TREES.readTree(json);
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.parse(o.get("strategy").stringValue()).orElseThrow());
        for (JsonNode e : o.path("identifiers")) {
            String key = e.get(0).stringValue();
            b.identifier(shared == null ? key : shared.key(key), e.get(1).stringValue());
        }
        for (JsonNode e : o.path("attributes")) {
            String name = e.get(0).stringValue();
            if (e.size() == 1) {
                b.remove(name);
            } else if (shared != null && e.get(1).isString()) {
                b.change(name, shared.text(e.get(1).stringValue()));
            } else {
                b.change(name, AttributeChange.set(Codec.value(e.get(1))));
            }
        }
        o.path("removeIdentifiers").forEach(e -> b.removeIdentifier(e.get(0).stringValue(), e.get(1).stringValue()));
        o.path("addToLists").forEach(x -> b.addToList(x.stringValue()));
        o.path("removeFromLists").forEach(x -> b.removeFromList(x.stringValue()));
        o.path("addToAccounts").forEach(x -> b.addToAccount(x.stringValue()));
        o.path("removeFromAccounts").forEach(x -> b.removeFromAccount(x.stringValue()));
        if (o.has("owner")) {
            b.owner(o.get("owner").isNull() ? null : o.get("owner").stringValue());
        }
        if (o.has("language")) {
            b.language(o.get("language").isNull() ? null : o.get("language").stringValue());
        }
        return b.rebuildChecked();
    }

    private static String text(Random random, int min) {
        StringBuilder s = new StringBuilder();
        for (int n = min + random.nextInt(12); s.length() < n; ) {
            s.append(TEXTS[random.nextInt(random.nextBoolean() ? 2 : TEXTS.length)]);
        }
        return s.toString();
    }

    private static AttributeValue scalar(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> AttributeValue.of(text(random, 0));
            case 1 -> AttributeValue.of(new BigDecimal(new BigInteger(1 + random.nextInt(90), random).subtract(BigInteger.TEN), random.nextInt(30) - 10));
            default -> AttributeValue.of(random.nextBoolean());
        };
    }

    /** A command as a built one is carried: every part, kept as given. */
    private static UpsertCommand command(Random random) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.values()[random.nextInt(Strategy.values().length)]);
        for (int i = random.nextInt(4); i > 0; i--) {
            b.identifier(List.of("emailaddress", "phonenumber", "crm").get(random.nextInt(3)), text(random, 1));
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            String name = text(random, 1);
            int kind = random.nextInt(6);
            if (kind == 0) {
                b.remove(name);
            } else if (kind == 1) {
                List<AttributeValue> values = new ArrayList<>();
                for (int k = random.nextInt(3); k >= 0; k--) {
                    values.add(scalar(random));
                }
                b.set(name, AttributeValue.of(values));
            } else {
                b.set(name, scalar(random));
            }
        }
        if (random.nextInt(3) == 0) {
            for (int i = random.nextInt(3); i > 0; i--) {
                b.removeIdentifier("crm", text(random, 1));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                b.addToList(text(random, 0));
                b.removeFromAccount(text(random, 0));
            }
            if (random.nextBoolean()) {
                b.removeFromList(text(random, 0));
                b.addToAccount(text(random, 0));
            }
            b.owner(random.nextBoolean() ? null : text(random, 0));
            if (random.nextBoolean()) {
                b.language(random.nextBoolean() ? null : text(random, 0));
            }
        }
        return b.rebuildChecked();
    }
}
