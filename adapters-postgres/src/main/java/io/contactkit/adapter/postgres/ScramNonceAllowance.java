package io.contactkit.adapter.postgres;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The store's integration with <a href="https://github.com/reactor/BlockHound">BlockHound</a>, found by BlockHound's
 * {@code install()} through {@link java.util.ServiceLoader}: an application that runs BlockHound in its tests (as it
 * should, with a reactive store) logs in to PostgreSQL as in production. The PostgreSQL driver logs in with SCRAM on
 * the event loop, and the SCRAM client draws its nonce from a {@code SecureRandom} of its own, which on Linux reads
 * {@code /dev/urandom} (a read that never waits once the system has booted). The driver offers no way to give it a
 * random generator made off the loop (as the store does for TLS), so BlockHound would report every SCRAM login as
 * blocking, and the driver would then report the login as a connection it could not make. Only the nonce's draw is
 * allowed. BlockHound is an optional dependency: without it on the class path, nothing loads this class.
 */
public final class ScramNonceAllowance implements BlockHoundIntegration {

    /** Made by {@link java.util.ServiceLoader}. */
    public ScramNonceAllowance() {
    }

    /**
     * Allows the SCRAM client's draw of a nonce.
     *
     * @param builder BlockHound's builder
     */
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
    }
}
