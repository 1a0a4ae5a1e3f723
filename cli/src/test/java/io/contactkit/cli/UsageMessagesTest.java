package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Usage errors (status 2) name the option that is wrong, and only options that were given. */
class UsageMessagesTest {

    static void assertUsage(Cli.Result r, String message, String command) {
        assertEquals(2, r.status(), r.err());
        assertEquals(message, r.errLines().get(0));
        assertTrue(r.err().contains("Try 'contactkit " + command + " --help' for more information."), r.err());
        assertEquals("", r.out());
    }

    @Test
    void dedupeWorkspaceWithoutProviderSaysItNeedsTheProvider() {
        String needs = "--workspace needs --provider postgres: it names the store's workspace (without --provider, dedupe runs offline)";
        assertUsage(Cli.run("dedupe", "--workspace", "w", DedupeCommandTest.EXAMPLE), needs, "dedupe");
        assertUsage(Cli.run("dedupe", "--workspace", "w", "--engine", "spark", DedupeCommandTest.EXAMPLE), needs, "dedupe");
        // a provider other than postgres is still said to be one
        assertUsage(Cli.run("dedupe", "--provider", "bird", "--workspace", "w", DedupeCommandTest.EXAMPLE),
                "dedupe --provider takes only postgres (without it, dedupe runs offline)", "dedupe");
    }
}
