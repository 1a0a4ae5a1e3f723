package io.contactkit.adapter.bird;

import io.contactkit.testsupport.NettyLeakCheck;
import org.junit.jupiter.api.Order;

/** Runs after every other test class of this module and fails when Netty reported a leaked buffer. */
@Order(Integer.MAX_VALUE)
class NettyLeakCheckTest extends NettyLeakCheck {
}
