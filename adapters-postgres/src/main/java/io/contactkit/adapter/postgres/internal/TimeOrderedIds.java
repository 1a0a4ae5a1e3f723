package io.contactkit.adapter.postgres.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Contact ids as version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then 74 bits drawn at
 * random at each new millisecond and counted up by one for every further id in the same millisecond
 * (the RFC's "monotonic random" method), so ids sort, as text too, in the order they were drawn.
 * The store's B-tree indexes on contact ids then take new contacts at their right edge, as they take
 * log sequences, instead of at random pages: a deduplication run writing hundreds of thousands of
 * contacts in one transaction costs the server markedly less. The random start of each millisecond
 * keeps ids of different processes apart as version 4 UUIDs do. Thread-safe; the generator is seeded
 * once, on the caller's thread (reading the operating system's entropy may block).
 */
public final class TimeOrderedIds implements Supplier<String> {

    private static final long LOW = (1L << 62) - 1;
    private static final int HIGH = (1 << 12) - 1;

    private final SecureRandom random;
    private final LongSupplier millis;
    private long lastMillis = Long.MIN_VALUE;
    private int high;
    private long low;

    /** Ids stamped with the system's wall clock. */
    public TimeOrderedIds() {
        this(System::currentTimeMillis);
    }

    TimeOrderedIds(LongSupplier millis) {
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        random.nextBytes(new byte[16]);
        this.millis = millis;
    }

    @Override
    public synchronized String get() {
        long now = millis.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            // the top bit of the 74 left clear: room to count up within the millisecond without wrapping
            high = random.nextInt(1 << 11);
            low = random.nextLong() & LOW;
        } else if (low == LOW) {
            low = 0;
            if (high == HIGH) {
                lastMillis++;   // never reached in practice (2^73 ids in one millisecond); ids stay ordered
                high = 0;
            } else {
                high++;
            }
        } else {
            low++;
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | high;
        long lsb = Long.MIN_VALUE | low;
        return new UUID(msb, lsb).toString();
    }
}
