package io.contactkit.simulator.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-4 UUIDs for contact ids without {@link UUID#randomUUID()}, whose {@code SecureRandom} may
 * read {@code /dev/urandom} and so block an event loop. Simulator ids need to be unique, not secret.
 */
public final class Ids {

    private Ids() {
    }

    public static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb).toString();
    }
}
