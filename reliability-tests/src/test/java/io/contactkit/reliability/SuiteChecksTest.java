package io.contactkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.reliability.support.CapturingAppender;
import io.contactkit.reliability.support.Figures;
import io.contactkit.reliability.support.Secrets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Runs after every other class of the suite: no credential was ever seen in a log event (all of them,
 * at TRACE), an exception or a printed object, and Netty's leak detector, at paranoid level, logged
 * no leak. Each check first proves that it can see what it looks for.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteChecksTest {

    /** A resource type of our own, leaked on purpose to prove leak reports reach the captured log. */
    static final class LeakProbe {
    }

    @Test
    @Order(1)
    void theLogCaptureSeesEverythingAtTrace() {
        assertTrue(CapturingAppender.started(), "logback runs the capturing appender");
        long before = Secrets.logEventsScanned();
        LoggerFactory.getLogger("io.contactkit.reliability.probe").trace("a trace event {}", 1);
        assertEquals(before + 1, Secrets.logEventsScanned(), "a TRACE event was captured");
        assertTrue(Secrets.wouldFlag("x " + Secrets.BRIDGE_SIGNING_SECRET + " y"), "the scanner recognises a credential");
        assertEquals(0, CapturingAppender.wiretapEvents(), "Reactor Netty's wiretap never logged: the transport does not turn it on");
    }

    @Test
    @Order(2)
    void noCredentialAppearedAnywhereInTheSuite() {
        List<String> found = Secrets.found();
        assertEquals(List.of(), found, "credentials seen");
        assertTrue(Secrets.logEventsScanned() > 10_000, "the suite logged at TRACE: " + Secrets.logEventsScanned());
        assertTrue(Secrets.throwablesScanned() > 100 && Secrets.objectsScanned() > 100);
        Figures.record("secrets", Secrets.logEventsScanned() + " log events at every level (" + CapturingAppender.counts() + "), "
                + Secrets.throwablesScanned() + " exceptions with their causes, " + Secrets.objectsScanned() + " printed objects: "
                + Secrets.charsScanned() / 1_000_000 + " million characters searched, 0 credentials found");
    }

    @Test
    @Order(3)
    void nettyReportedNoLeak() throws Exception {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        ResourceLeakDetector<LeakProbe> detector = ResourceLeakDetectorFactory.instance().newResourceLeakDetector(LeakProbe.class);
        detector.track(new LeakProbe());
        for (int round = 0; round < 50 && !reported(LeakProbe.class); round++) {
            System.gc();
            Thread.sleep(20);
            LeakProbe released = new LeakProbe();
            detector.track(released).close(released);
        }
        assertTrue(reported(LeakProbe.class), "a deliberate leak reaches the captured log");
        // leaks of buffers are reported when a later allocation finds a collected, unreleased one
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 64; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
                b.release();
            }
        }
        List<String> leaks = CapturingAppender.leaks().stream().filter(l -> !l.contains(LeakProbe.class.getSimpleName())).toList();
        assertEquals(List.of(), leaks, "Netty reported leaks");
        Figures.record("leaks", "Netty's leak detector at paranoid level over the whole suite: 0 leaks reported (a deliberate probe leak was seen)");
    }

    private static boolean reported(Class<?> type) {
        return CapturingAppender.leaks().stream().anyMatch(l -> l.contains(type.getSimpleName()));
    }
}
