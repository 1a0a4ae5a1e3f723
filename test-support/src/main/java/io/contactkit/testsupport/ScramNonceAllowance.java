package io.contactkit.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The PostgreSQL driver logs in with SCRAM on the event loop, and the SCRAM client draws its nonce from a
 * {@code SecureRandom} of its own, which on Linux reads {@code /dev/urandom} (a read that never waits once the
 * system has booted). The driver offers no way to give it a random generator made off the loop (as the store does
 * for TLS), so BlockHound would report every SCRAM login as blocking. Only the nonce's draw is allowed.
 */
public final class ScramNonceAllowance implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
    }
}
