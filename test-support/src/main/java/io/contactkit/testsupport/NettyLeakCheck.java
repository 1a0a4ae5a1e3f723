package io.contactkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fails when Netty's paranoid leak detector reported a leaked buffer anywhere in a module's test run.
 * A module extends it once, annotated {@code @Order(Integer.MAX_VALUE)}, with
 * {@code junit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$OrderAnnotation} in its
 * {@code junit-platform.properties}, so that the check runs after every other test class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class NettyLeakCheck {

    /** A resource type of our own, leaked on purpose to prove the recorder sees leaks. */
    static final class LeakProbe {
    }

    @Test
    @Order(1)
    protected void paranoidDetectionIsOnAndBuffersUseTheRecorder() throws Exception {
        assertTrue(NettyLeakRecorder.installed());
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
        f.setAccessible(true);
        assertInstanceOf(NettyLeakRecorder.Recording.class, f.get(null));
    }

    @Test
    @Order(2)
    protected void theRecorderSeesADeliberateLeak() throws Exception {
        ResourceLeakDetector<LeakProbe> detector = ResourceLeakDetectorFactory.instance().newResourceLeakDetector(LeakProbe.class);
        leakOne(detector);
        for (int i = 0; i < 50 && !reported(LeakProbe.class); i++) {
            System.gc();
            Thread.sleep(20);
            LeakProbe released = new LeakProbe();
            ResourceLeakTracker<LeakProbe> t = detector.track(released);
            t.close(released);
        }
        assertTrue(reported(LeakProbe.class), "the deliberate leak was not reported");
    }

    private static void leakOne(ResourceLeakDetector<LeakProbe> detector) {
        detector.track(new LeakProbe());
    }

    @Test
    @Order(3)
    protected void noBufferLeakedDuringTheRun() throws Exception {
        provokeLeakReports();
        List<String> leaks = NettyLeakRecorder.leaks().stream().filter(l -> !l.contains(LeakProbe.class.getSimpleName())).toList();
        assertEquals(List.of(), leaks, "Netty reported leaks");
    }

    /**
     * Makes Netty report the leaks of the run so far: a leak is reported when a later allocation finds a
     * collected buffer that was never released, so this collects garbage and allocates a few times.
     *
     * @throws InterruptedException when interrupted while waiting for the collector
     */
    public static void provokeLeakReports() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 64; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
                b.release();
            }
        }
    }

    private static boolean reported(Class<?> type) {
        return NettyLeakRecorder.leaks().stream().anyMatch(l -> l.contains(type.getSimpleName()));
    }
}
