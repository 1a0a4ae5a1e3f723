package io.contactkit.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive buffer allocator takes a short internal {@code StampedLock} when it grows or
 * frees a magazine on an event loop; Netty's own BlockHound integration does not list these two
 * methods in 4.2.18, so BlockHound would report Netty's allocator, not contactkit, as blocking (seen
 * as a connection error in a racing PostgreSQL test). Only these two allocator methods are allowed.
 */
public final class NettyAllocatorAllowance implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
