package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static io.contactkit.domain.Fixtures.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Display name, anonymity and Bridge classification: derived from a contact, never stored. */
class ContactDerivationTest {

    static Contact.Builder contact() {
        return Contact.builder("c1", "ws", t(0));
    }

    static AttributeValue text(String s) {
        return AttributeValue.of(s);
    }

    @Test
    void theDisplayNameAttributeComesFirst() {
        Contact c = contact().attribute("displayName", text("Dr. Ann")).attribute("firstName", text("Ann"))
                .identifier(email("ann@x.io")).identifier(phone("+31612345678")).build();
        assertEquals(Optional.of("Dr. Ann"), c.displayName());
    }

    @Test
    void thenTheFirstName() {
        Contact c = contact().attribute("firstName", text("Ann")).attribute("lastName", text("Lee"))
                .identifier(email("ann@x.io")).build();
        assertEquals(Optional.of("Ann"), c.displayName());
    }

    @Test
    void thenTheFirstEmailIdentifierEvenAfterAPhone() {
        Contact c = contact().identifier(phone("+31612345678")).identifier(email("first@x.io")).identifier(email("second@x.io")).build();
        assertEquals(Optional.of("first@x.io"), c.displayName());
    }

    @Test
    void thenTheFirstPhoneIdentifier() {
        Contact c = contact().identifier(visitor("v1")).identifier(phone("+31612345678")).identifier(phone("+14084029292")).build();
        assertEquals(Optional.of("+31612345678"), c.displayName());
    }

    @Test
    void elseNone() {
        assertEquals(Optional.empty(), contact().identifier(visitor("v1")).identifier(Identifier.of("crmId", "7"))
                .attribute("lastName", text("Lee")).build().displayName());
        assertEquals(Optional.empty(), contact().build().displayName());
    }

    @Test
    void blankOrNullNamesDoNotCount() {
        Contact c = contact().attribute("displayName", text("  ")).attribute("firstName", AttributeValue.Null.INSTANCE)
                .identifier(email("ann@x.io")).build();
        assertEquals(Optional.of("ann@x.io"), c.displayName());
    }

    @Test
    void namesAreStrippedAndOnlyTextNamesAContact() {
        assertEquals(Optional.of("Ann"), contact().attribute("firstName", text("  Ann ")).build().displayName());
        Contact numbers = contact().attribute("displayName", AttributeValue.of(42)).attribute("firstName",
                new AttributeValue.Multi(List.of(text("a"), text("b")))).identifier(email("ann@x.io")).build();
        assertEquals(Optional.of("ann@x.io"), numbers.displayName());
    }

    @Test
    void aContactWithNoIdentifiersOrOnlyVisitorIdsIsAnonymous() {
        assertTrue(contact().build().isAnonymous());
        assertTrue(contact().identifier(visitor("v1")).identifier(visitor("v2")).attribute("firstName", text("Ann")).build().isAnonymous());
        assertFalse(contact().identifier(visitor("v1")).identifier(email("ann@x.io")).build().isAnonymous());
        assertFalse(contact().identifier(Identifier.of("crmId", "1")).build().isAnonymous());
        assertFalse(contact().identifier(phone("+31612345678")).build().isAnonymous());
    }

    static Contact.Builder complete() {
        return contact().identifier(phone("+31612345678")).attribute("firstName", text("Ann"))
                .attribute("lastName", text("Lee")).language("EN");
    }

    @Test
    void normalNeedsCellphoneFirstNameLastNameAndLanguage() {
        ClassificationRules none = ClassificationRules.none();
        assertEquals(Classification.NORMAL, complete().build().classify(none));
        assertEquals(List.of(), none.missingFor(complete().build()));

        Contact noPhone = complete().clearIdentifiers().identifier(email("ann@x.io")).build();
        assertEquals(Classification.PARTIAL, noPhone.classify(none));
        assertEquals(List.of("cellphone"), none.missingFor(noPhone));

        Contact noNames = complete().clearAttributes().attribute("firstName", text(" ")).build();
        assertEquals(List.of("firstName", "lastName"), none.missingFor(noNames));

        Contact noLanguage = complete().language(null).build();
        assertEquals(List.of("language"), none.missingFor(noLanguage));
        assertEquals(Classification.PARTIAL, noLanguage.classify(none));

        assertEquals(List.of("cellphone", "firstName", "lastName", "language"), none.missingFor(contact().build()));
    }

    @Test
    void requiredCustomAttributesMustHaveAValue() {
        ClassificationRules rules = ClassificationRules.requiring("cpf", "segment");
        assertEquals(List.of("cpf", "segment"), rules.missingFor(complete().build()));
        assertEquals(Classification.PARTIAL, complete().attribute("cpf", text("123")).build().classify(rules));
        assertEquals(List.of("segment"), rules.missingFor(complete().attribute("cpf", text("123"))
                .attribute("segment", AttributeValue.of(List.of(text(" ")))).build()));
        assertEquals(Classification.NORMAL, complete().attribute("cpf", text("123"))
                .attribute("segment", AttributeValue.of(7)).build().classify(rules));
        assertEquals(Classification.NORMAL, complete().build().classify(ClassificationRules.requiring(List.of())));
    }

    @Test
    void addingAFieldNeverTurnsANormalContactPartial() {
        ClassificationRules rules = ClassificationRules.requiring("cpf");
        Contact normal = complete().attribute("cpf", text("123")).build();
        assertEquals(Classification.NORMAL, normal.classify(rules));

        List<Contact> grown = List.of(
                normal.toBuilder().identifier(email("ann@x.io")).build(),
                normal.toBuilder().identifier(phone("+14084029292")).build(),
                normal.toBuilder().identifier(visitor("v9")).build(),
                normal.toBuilder().attribute("displayName", text("Dr. Ann")).build(),
                normal.toBuilder().attribute("segment", text("")).build(),
                normal.toBuilder().attribute("other", AttributeValue.Null.INSTANCE).build(),
                normal.toBuilder().list("L1").account("A1").owner("o@x.io").build());
        for (Contact c : grown) {
            assertEquals(Classification.NORMAL, c.classify(rules), c::toString);
        }
    }

    @Test
    void addingTheMissingFieldsThroughUpsertsMakesAContactNormal() {
        ContactBook book = Fixtures.book();
        ClassificationRules rules = ClassificationRules.requiring("cpf");
        Contact c = Fixtures.ok(book.upsert(Fixtures.cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann"), phone("+31612345678")), t(1))).contact();
        assertEquals(List.of("lastName", "language", "cpf"), rules.missingFor(c));
        c = Fixtures.ok(book.upsert(Fixtures.cmd(Strategy.STRICT_ALIAS, b -> b.set("lastName", "Lee").language("EN").set("cpf", "1"),
                phone("+31612345678")), t(2))).contact();
        assertEquals(Classification.NORMAL, c.classify(rules));
    }

    @Test
    void contactsAreImmutableValues() {
        Contact c = complete().list("L1").list("L1").build();
        assertEquals(List.of("L1"), c.lists());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> c.attributes().put("x", text("y")));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> c.identifiers().add(email("a@x.io")));
        assertEquals(c, c.toBuilder().build());
        assertTrue(c.sameContentAs(c.toBuilder().updatedAt(t(99)).build()));
        assertFalse(c.equals(c.toBuilder().updatedAt(t(99)).build()));
    }
}
