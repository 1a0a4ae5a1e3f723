package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.TransportException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * A TLS handshake refused for good (the certificate, a server that does not speak TLS, no protocol in common) is a transport
 * failure that is not retryable, said as such; one that timed out or was cut short stays retryable.
 */
class FailureClassifierTest {

    private final FailureClassifier failures = new FailureClassifier("bird",
            HttpSettings.builder("https://api.bird.com").baseUrl("https://contacts.example.com").build());
    private final HttpRequest upsert = new HttpRequest("PUT", "/contacts", "", null, true, null, "contacts.upsert");
    private final HttpRequest create = new HttpRequest("POST", "/contacts", "", null, false, null, "contacts.create");

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void aRefusedCertificateIsNotRetryableAndSaysWhy() {
        Throwable untrusted = handshake("PKIX path building failed: unable to find valid certification path to requested target",
                new CertificateException("PKIX path building failed: unable to find valid certification path to requested target",
                        new CertPathBuilderException("unable to find valid certification path to requested target")));
        ProviderException typed = failures.typed(upsert, untrusted, false);
        TransportException t = assertInstanceOf(TransportException.class, typed);
        assertFalse(t.isRetryable());
        assertEquals(0, t.status());
        assertEquals("TLS handshake with contacts.example.com refused the server's certificate: PKIX path building failed: unable to find"
                + " valid certification path to requested target (contacts.upsert)", t.getMessage());
        assertSame(untrusted, t.getCause());
        assertFalse(failures.isSafeToRetry(upsert, t));

        Throwable expired = handshake("PKIX path validation failed", new CertificateExpiredException("NotAfter: Tue Dec 01 00:00:00 UTC 2026"));
        assertFalse(failures.typed(upsert, expired, false).isRetryable());
        // nothing was sent before the handshake: a create's outcome is known, not unknown
        assertInstanceOf(TransportException.class, failures.typed(create, expired, false));
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsNotRetryableEither() {
        // as Netty reports it: the record it could not read, wrapped by the decoder
        Throwable plain = new DecoderException(new NotSslRecordException("not an SSL/TLS record: 485454502f312e31"));
        TransportException t = assertInstanceOf(TransportException.class, failures.typed(create, plain, false));
        assertFalse(t.isRetryable());
        assertEquals("TLS handshake with contacts.example.com failed: the server did not answer in TLS (an address of a plain http server?)"
                + " (contacts.create)", t.getMessage());
    }

    @Test
    void aHandshakeTheServerRefusesForGoodIsNotRetryable() {
        for (String alert : new String[] {"handshake_failure", "protocol_version", "unknown_ca", "certificate_required"}) {
            Throwable refused = new SSLHandshakeException("Received fatal alert: " + alert);
            TransportException t = assertInstanceOf(TransportException.class, failures.typed(upsert, refused, false));
            assertFalse(t.isRetryable(), alert);
            assertEquals("TLS handshake with contacts.example.com refused by either side: Received fatal alert: " + alert + " (contacts.upsert)",
                    t.getMessage());
        }
        assertFalse(failures.typed(upsert, new SSLHandshakeException("No appropriate protocol (protocol is disabled or cipher suites are"
                + " inappropriate)"), false).isRetryable());
    }

    @Test
    void aHandshakeThatTimedOutOrWasCutShortStaysRetryable() {
        for (Throwable passing : new Throwable[] {new SslHandshakeTimeoutException("handshake timed out after 10000ms"),
                new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress"),
                new SSLHandshakeException("Received fatal alert: internal_error")}) {
            assertNull(FailureClassifier.refusedTls(passing), passing.getMessage());
            TransportException t = assertInstanceOf(TransportException.class, failures.typed(upsert, passing, false));
            assertTrue(t.isRetryable(), passing.getMessage());
            assertTrue(t.getMessage().startsWith("TLS handshake with contacts.example.com failed ("), t.getMessage());
            // nothing was sent: a create's outcome is known
            assertFalse(failures.typed(create, passing, false) instanceof OutcomeUnknownException);
        }
    }
}
