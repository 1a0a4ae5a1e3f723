package io.contactkit.adapter.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a TLS context for PostgreSQL needs that would otherwise be read from files when the driver makes the context, on
 * the event loop, for every connection: loaded once, when the store is made.
 */
final class TlsMaterial {

    private TlsMaterial() {
    }

    /** A random generator seeded now: its numbers then come without reading the system's entropy source. */
    static SecureRandom random() {
        try {
            SecureRandom r = SecureRandom.getInstance("DRBG");
            r.nextBytes(new byte[16]);
            return r;
        } catch (GeneralSecurityException e) {
            SecureRandom r = new SecureRandom();
            r.nextBytes(new byte[16]);
            return r;
        }
    }

    /**
     * Trust in the certificates of a PEM file (one authority, or a bundle).
     *
     * @throws IllegalArgumentException when the file holds no certificate, or cannot be read
     */
    static TrustManagerFactory trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("sslrootcert " + pem + ": holds no certificate (PEM expected)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("authority-" + i++, c);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("sslrootcert " + pem + ": cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sslrootcert " + pem + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The authorities Java trusts (its trust store, or the one {@code javax.net.ssl.trustStore} names). */
    static TrustManagerFactory javaDefaults() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            return f;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java's trusted authorities cannot be loaded: " + e.getMessage(), e);
        }
    }
}
