package io.contactkit.adapter.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.contactkit.adapter.bridge.Fixtures.CONTACT_ID;
import static io.contactkit.adapter.bridge.Fixtures.WS;
import static io.contactkit.adapter.bridge.Fixtures.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.contactkit.ports.UnsupportedCapabilityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Contacts API types {@code ownerIdentifier} as an object, not nullable, and documents no value
 * meaning "no owner": removing a contact's owner is refused before anything is sent, never sent as
 * {@code null}.
 */
class BridgeOwnerRemovalTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wiremock();

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void removingTheOwnerIsRefusedAndNothingIsSent() {
        try (BridgeContactsClient client = new BridgeContactsClient(Fixtures.connect(wm).build())) {
            for (Runnable call : new Runnable[] {
                () -> client.upsert(WS, command(c -> c.identifier("phonenumber", "+14084029292").owner(null))).block(WAIT),
                () -> client.update(WS, CONTACT_ID, command(c -> c.set("firstName", "Ann").owner(null))).block(WAIT)}) {
                UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call::run);
                assertEquals("owner:remove", assertInstanceOf(UnsupportedCapabilityException.class, e).capability());
            }
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }
}
