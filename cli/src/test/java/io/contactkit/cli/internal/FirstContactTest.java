package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.BulkResult;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Violation;
import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.PermissionException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync stops only when its first results all show, in one way, that no record can go through. */
class FirstContactTest {

    private static final BulkResult<String> REFUSED = failure(new TransportException("bird", 0, null, "could not connect to 127.0.0.1 (contacts.upsert)",
            new RuntimeException("wrapped", new ConnectException("Connection refused"))));
    private static final BulkResult<String> NO_HOST = failure(new TransportException("bird", 0, null, "could not connect to nohost.invalid",
            new UnknownHostException("nohost.invalid")));
    private static final BulkResult<String> BAD_KEY = failure(new AuthenticationException("bird", 401, null, "invalid access key"));
    private static final BulkResult<String> UNTRUSTED = failure(new TransportException("bird", 0, null,
            "TLS handshake with api.bird.com refused the server's certificate: PKIX path building failed (contacts.upsert)",
            new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), false));
    private static final BulkResult<String> HANDSHAKE_TIMED_OUT = failure(new TransportException("bird", 0, null,
            "TLS handshake with api.bird.com failed (handshake timed out)", new javax.net.ssl.SSLHandshakeException("handshake timed out")));
    private static final BulkResult<String> RESET = failure(new TransportException("bird", 0, null, "connection closed prematurely"));
    private static final BulkResult<String> SERVER_ERROR = failure(new ServerException("bird", 503, null, "unavailable"));
    private static final BulkResult<String> LOCAL = failure(ValidationException.local("bird", List.of(Violation.of("", "no_identifier", "none"))));
    private static final BulkResult<String> DONE = BulkResult.success(0, "r", UpsertResult.of(UpsertResult.Status.CREATED,
            Contact.builder("c1", "w", Instant.EPOCH).build()));

    @Test
    void theFirstThreeResultsFailingToConnectStopTheRunAtTheThird() {
        assertEquals(List.of(false, false, true), stops(REFUSED, NO_HOST, REFUSED));
        FirstContact f = new FirstContact();
        f.stopAfter(REFUSED);
        f.stopAfter(NO_HOST);
        assertTrue(f.stopAfter(REFUSED));
        assertEquals(FirstContact.Kind.UNREACHABLE, f.kind());
        assertSame(REFUSED.error(), f.first(), "the first failure is the one told");
        assertEquals(List.of(false, false, false, true), stops(LOCAL, REFUSED, REFUSED, REFUSED), "a local rejection sent nothing: not counted");
        // a connection never answered: the HTTP adapters' connect timeout (Netty's), the store's (a ConnectException under its own)
        BulkResult<String> dropped = failure(new TransportException("bird", 0, null, "could not connect to 10.255.255.1 (contacts.upsert)",
                new io.netty.channel.ConnectTimeoutException("connection timed out after 10000 ms: /10.255.255.1:9")));
        BulkResult<String> storeDropped = failure(new TransportException("postgres", 0, null, "no PostgreSQL connection could be made to"
                + " 10.255.255.1:5432 within the connect timeout of 10 s", new RuntimeException("timed out",
                new ConnectException("connection to 10.255.255.1:5432 not established in time"))));
        FirstContact never = new FirstContact();
        assertEquals(List.of(false, false, true), stops(never, dropped, storeDropped, REFUSED));
        assertEquals(FirstContact.Kind.UNREACHABLE, never.kind());
    }

    @Test
    void theFirstThreeRefusalsOfTheCredentialsStopTheRunToo() {
        FirstContact f = new FirstContact();
        assertEquals(List.of(false, false, true), stops(f, BAD_KEY, BAD_KEY, BAD_KEY));
        assertEquals(FirstContact.Kind.CREDENTIALS, f.kind());
        assertEquals(List.of(false, false, false, false), stops(REFUSED, BAD_KEY, BAD_KEY, BAD_KEY), "two kinds: a passing failure, not a rule");
    }

    @Test
    void theFirstThreeRefusalsOfTheWorkspaceToTheKeyStopTheRunToo() {
        // what the adapters make of a 403 answering the upsert's own request (HttpErrors names the request at the message's end)
        BulkResult<String> forbidden = failure(new PermissionException("bird", 403, "Forbidden",
                "the access key has no access to this workspace (contacts.upsert, HTTP 403)"));
        FirstContact f = new FirstContact();
        assertEquals(List.of(false, false, true), stops(f, forbidden, forbidden, forbidden));
        assertEquals(FirstContact.Kind.WORKSPACE, f.kind());
        assertSame(forbidden.error(), f.first());
        assertEquals(List.of(false, false, false, false), stops(BAD_KEY, forbidden, forbidden, forbidden), "two kinds: not a rule");
        assertEquals(List.of(false, false, false, false), stops(DONE, forbidden, forbidden, forbidden), "only before any went through");
        // Bridge's read of the workspace's attribute settings, made first for a record with custom attributes, is about the
        // workspace as a whole too
        BulkResult<String> settingsForbidden = failure(new PermissionException("bridge", 403, "BRIDGE_AUTH_0003",
                "Forbidden: the API key has no access to this workspace (settings.attributes, HTTP 403)"));
        FirstContact mixed = new FirstContact();
        assertEquals(List.of(false, false, true), stops(mixed, settingsForbidden, forbidden, settingsForbidden));
        assertEquals(FirstContact.Kind.WORKSPACE, mixed.kind());
        // a 403 to any other request (Bird answers each lookup by identifier so) tells nothing of the workspace: not counted,
        // and the check goes on
        BulkResult<String> lookup = failure(new PermissionException("bird", 403, "Forbidden",
                "looking a contact up by identifier is not allowed: use search (contacts.getByIdentifier, HTTP 403)"));
        BulkResult<String> unnamed = failure(new PermissionException("bird", 403, null, "refused"));
        assertEquals(List.of(false, false, false, false, false, true), stops(lookup, unnamed, forbidden, lookup, forbidden, forbidden));
        // the store's denial has no HTTP status: no refusal of a workspace to a key
        BulkResult<String> denied = failure(new PermissionException("postgres", 0, "42501", "PostgreSQL denied the operation: permission"
                + " denied for table contacts"));
        assertEquals(List.of(false, false, false), stops(denied, denied, denied));
    }

    @Test
    void theFirstThreeRefusalsOfTheRunsRulesStopTheRunToo() {
        BulkResult<String> otherRules = failure(new io.contactkit.ports.ConflictException("postgres", 409, "rules_mismatch", "workspace w2 is"
                + " decided under identity rules 07eff01efd51, and this store was given rules 44136fa355b3", List.of()));
        FirstContact f = new FirstContact();
        assertEquals(List.of(false, false, true), stops(f, otherRules, otherRules, otherRules));
        assertEquals(FirstContact.Kind.RULES, f.kind());
        assertSame(otherRules.error(), f.first());
        BulkResult<String> conflict = failure(new io.contactkit.ports.ConflictException("postgres", 409, "conflict", "identifiers belong to 2"
                + " different contacts", List.of("c1", "c2")));
        assertEquals(List.of(false, false, false), stops(conflict, conflict, conflict), "a record's own conflict is no rule");
        assertEquals(List.of(false, false, false, false), stops(DONE, otherRules, otherRules, otherRules), "only before any went through");
    }

    @Test
    void theFirstThreeRefusedTlsHandshakesStopTheRunToo() {
        FirstContact f = new FirstContact();
        assertEquals(List.of(false, false, true), stops(f, UNTRUSTED, UNTRUSTED, UNTRUSTED));
        assertEquals(FirstContact.Kind.TLS, f.kind());
        assertSame(UNTRUSTED.error(), f.first());
        assertEquals(List.of(false, false, false, false), stops(UNTRUSTED, REFUSED, UNTRUSTED, UNTRUSTED), "two kinds: not a rule");
        assertEquals(List.of(false, false, false), stops(HANDSHAKE_TIMED_OUT, HANDSHAKE_TIMED_OUT, HANDSHAKE_TIMED_OUT),
                "a handshake that timed out may pass later (the adapters keep it retryable)");
        // the store's: a server without TLS where sslmode requires it (the driver's exception is no SSLException)
        BulkResult<String> noTls = failure(new TransportException("postgres", 0, "08003", "PostgreSQL connection failed: Server support for"
                + " SSL connection is disabled, but client was configured with SSL mode require", new RuntimeException("ssl disabled"), false));
        FirstContact store = new FirstContact();
        assertEquals(List.of(false, false, true), stops(store, noTls, noTls, noTls));
        assertEquals(FirstContact.Kind.TLS, store.kind());
    }

    @Test
    void recordsOnceThroughNeverStopTheRun() {
        assertEquals(List.of(false, false, false, false, false), stops(DONE, REFUSED, REFUSED, REFUSED, REFUSED));
        assertEquals(List.of(false, false, false, false), stops(DONE, BAD_KEY, BAD_KEY, BAD_KEY));
        assertEquals(List.of(false, false, false, false, false), stops(REFUSED, SERVER_ERROR, REFUSED, REFUSED, REFUSED),
                "any other answer shows the provider there");
        assertEquals(List.of(false, false, false, false), stops(RESET, REFUSED, REFUSED, REFUSED),
                "a connection that broke after it was made may have carried the request");
        assertEquals(List.of(false, false), stops(REFUSED, REFUSED), "a run of two records ends as before");
    }

    @Test
    void afterStoppingNothingMoreIsCounted() {
        FirstContact f = new FirstContact();
        for (int i = 0; i < FirstContact.FIRST - 1; i++) {
            assertFalse(f.stopAfter(REFUSED));
        }
        assertTrue(f.stopAfter(REFUSED));
        assertFalse(f.stopAfter(REFUSED));
    }

    @SafeVarargs
    private static List<Boolean> stops(BulkResult<String>... results) {
        return stops(new FirstContact(), results);
    }

    @SafeVarargs
    private static List<Boolean> stops(FirstContact f, BulkResult<String>... results) {
        List<Boolean> out = new ArrayList<>();
        for (BulkResult<String> r : results) {
            out.add(f.stopAfter(r));
        }
        return out;
    }

    private static BulkResult<String> failure(ProviderException e) {
        return BulkResult.failure(0, "r", e);
    }
}
