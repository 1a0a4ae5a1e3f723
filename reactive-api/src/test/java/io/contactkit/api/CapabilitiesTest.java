package io.contactkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What the facade emulates for a provider lacking a capability, and what it refuses. */
class CapabilitiesTest {

    private static final String WS = "ws";

    private static TestProvider lacking(Set<Operation> operations, Set<Strategy> strategies, boolean lists, boolean reverse) {
        Capabilities caps = new Capabilities(operations, strategies, Set.of(), lists, false, reverse, PagingStyle.TOKEN, 100);
        return new TestProvider(caps, (command, real) -> real);
    }

    private static TestProvider upsertAndListOnly() {
        return lacking(EnumSet.of(Operation.UPSERT, Operation.LIST), EnumSet.of(Strategy.STRICT_ALIAS), false, false);
    }

    private static void expectUnsupported(Mono<?> mono, String capability) {
        StepVerifier.create(mono).expectErrorSatisfies(e -> {
            UnsupportedCapabilityException u = assertInstanceOf(UnsupportedCapabilityException.class, e);
            assertEquals(capability, u.capability());
            assertEquals("unsupported", u.code());
            assertEquals("test", u.provider());
        }).verify();
    }

    @Test
    void getAndSearchAreEmulatedByListingWhenTheProviderCannotDoThem() {
        TestProvider provider = upsertAndListOnly();
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            for (int i = 0; i < 250; i++) {
                kit.upsert(WS, Commands.email("user" + i + "@example.com")).block();
            }
            Contact last = kit.upsert(WS, Commands.emailAndPhone("ann@example.com", "+14084029292")).block().contact();
            StepVerifier.create(kit.get(WS, last.id())).expectNext(last).verifyComplete();
            StepVerifier.create(kit.get(WS, "no-such-id")).expectError(NotFoundException.class).verify();
            StepVerifier.create(kit.search(WS, Identifier.of("phonenumber", "+14084029292"))).expectNext(last).verifyComplete();
            StepVerifier.create(kit.search(WS, Identifier.of("phonenumber", "+14084029293"))).verifyComplete();
        }
    }

    @Test
    void whatCannotBeEmulatedIsUnsupportedAndSendsNothing() {
        TestProvider provider = upsertAndListOnly();
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            expectUnsupported(kit.update(WS, "id", Commands.email("ann@example.com")), "update");
            expectUnsupported(kit.delete(WS, "id"), "delete");
            expectUnsupported(kit.upsert(WS, Commands.withStrategy(Commands.email("ann@example.com"), Strategy.FIRST_ALIAS)),
                    "strategy:first_alias");
            expectUnsupported(kit.list(WS, ListQuery.builder().reverse(true).build()).next(), "reverseListing");
            UpsertCommand withList = UpsertCommand.builder().identifier("emailaddress", "ann@example.com").addToList("vip")
                    .build(IdentifierPolicy.defaults()).get();
            expectUnsupported(kit.upsert(WS, withList), "lists");
            UpsertCommand withAccount = UpsertCommand.builder().identifier("emailaddress", "ann@example.com").addToAccount("acme")
                    .build(IdentifierPolicy.defaults()).get();
            expectUnsupported(kit.upsert(WS, withAccount), "accounts");
            StepVerifier.create(kit.upsertAll(WS, reactor.core.publisher.Flux.just(Commands.withStrategy(Commands.email("a@example.com"), Strategy.MERGE))))
                    .assertNext(r -> assertEquals("unsupported", java.util.Objects.requireNonNull(r.error()).code()))
                    .verifyComplete();
            assertEquals(0, provider.upsertCalls.get() + provider.otherCalls.get());
        }
    }

    @Test
    void aProviderThatCannotListCannotHaveGetOrSearchEmulated() {
        TestProvider provider = lacking(EnumSet.of(Operation.UPSERT), EnumSet.allOf(Strategy.class), true, true);
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            expectUnsupported(kit.get(WS, "id"), "get");
            expectUnsupported(kit.search(WS, Identifier.of("emailaddress", "ann@example.com")).next(), "search");
            expectUnsupported(kit.list(WS).next(), "list");
            assertEquals(0, provider.upsertCalls.get() + provider.otherCalls.get());
        }
    }

    @Test
    void aProviderWithoutUpsertIsUnsupportedForUpserts() {
        TestProvider provider = lacking(EnumSet.of(Operation.LIST), EnumSet.allOf(Strategy.class), true, true);
        try (ContactKit kit = ContactKit.builder().provider(provider).build()) {
            expectUnsupported(kit.upsert(WS, Commands.email("ann@example.com")), "upsert");
            assertEquals(0, provider.upsertCalls.get());
        }
    }
}
