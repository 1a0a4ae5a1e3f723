package io.contactkit.testsupport;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Records every leak Netty's {@link ResourceLeakDetector} reports during the test run. Installed as a
 * JUnit Platform session listener, so its factory is in place before any Netty buffer class creates
 * its detector, wherever this module is on a test class path; a subclass of {@link NettyLeakCheck} runs
 * last in each module and fails when anything was recorded.
 */
public final class NettyLeakRecorder implements LauncherSessionListener {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    /** Installs the recording factory once; later calls do nothing. */
    public static synchronized void install() {
        if (!installed) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Factory());
            installed = true;
        }
    }

    /** Whether the recording factory is in place. */
    public static boolean installed() {
        return installed;
    }

    /** Every report so far, each starting with {@code LEAK: <resource type>}. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    /** Makes {@link Recording} detectors. */
    public static final class Factory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new Recording<>(resource, samplingInterval);
        }
    }

    /** A leak detector that reports every leak and records it. */
    public static final class Recording<T> extends ResourceLeakDetector<T> {
        Recording(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType);
            super.reportUntracedLeak(resourceType);
        }
    }
}
