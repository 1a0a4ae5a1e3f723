package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void simulateWorkspaceThatCannotBeServedIsAUsageError() {
        // before anything starts or is said of the credentials
        assertUsage(Cli.run("simulate", "bird", "--workspace", "notauuid"), "--workspace 'notauuid': a Bird workspace id is a UUID", "simulate");
        assertUsage(Cli.run("simulate", "bird", "--port", "0", "--workspace", " "), "--workspace must not be blank", "simulate");
        assertUsage(Cli.run("simulate", "bridge", "--port", "0", "--workspace", ""), "--workspace must not be blank", "simulate");
        assertUsage(Cli.run("simulate", "bird", "--port", "-1"), "--port must be 0-65535, got -1", "simulate");
    }

    /** An empty --base-url is named as written, not as the factories' setting (baseUrl), and said to be empty, not missing. */
    @Test
    void anEmptyBaseUrlIsSaidToBeEmptyUnderTheOptionsName() {
        java.util.Map<String, String> env = java.util.Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k", "CONTACTKIT_BRIDGE_API_KEY", "k");
        String empty = "--base-url must not be empty: give the provider's base URL (https://host[:port][/path]), or leave the option out"
                + " for the provider's public API";
        String ws = "a1405560-c8d3-4b1a-877d-3f449ad95352";
        assertUsage(Cli.run(env, "", "sync", "--provider", "bird", "--workspace", ws, "--base-url", "", DedupeCommandTest.EXAMPLE), empty, "sync");
        assertUsage(Cli.run(env, "", "sync", "--provider", "bird", "--workspace", ws, "--base-url=", DedupeCommandTest.EXAMPLE), empty, "sync");
        assertUsage(Cli.run(env, "", "export", "--provider", "bridge", "--workspace", ws, "--base-url", ""), empty, "export");
        // before the credentials are looked for, as the other usage errors
        assertUsage(Cli.run("export", "--provider", "bird", "--workspace", ws, "--base-url", ""), empty, "export");
        assertUsage(Cli.run(env, "", "export", "--provider", "bird", "--workspace", ws, "--base-url", "  "),
                empty.replace("empty", "blank"), "export");
    }

    /**
     * The other problems of a --base-url are named under the option too, in the command line's words: no setting of the library
     * (allowInsecureHttp, secret settings) the command line does not have, and never the URL, which may hold a secret.
     */
    @Test
    void aBadBaseUrlIsNamedUnderTheOptionsName() {
        java.util.Map<String, String> env = java.util.Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k", "CONTACTKIT_BRIDGE_API_KEY", "k");
        String ws = "a1405560-c8d3-4b1a-877d-3f449ad95352";
        String notRepeated = " (the URL is not repeated here: it may hold a secret)";
        assertUsage(Cli.run(env, "", "export", "--provider", "bird", "--workspace", ws, "--base-url", "ftp://api.example.com"),
                "--base-url must be an absolute URL starting with https:// (http:// only for a loopback host), such as"
                        + " https://api.example.com" + notRepeated, "export");
        assertUsage(Cli.run(env, "", "sync", "--provider", "bird", "--workspace", ws, "--base-url", "https://user:s3cret-pw@api.example.com",
                DedupeCommandTest.EXAMPLE), "--base-url must not contain a user name or password ('user:password@' before the host):"
                        + " credentials come only from the environment" + notRepeated, "sync");
        assertUsage(Cli.run(env, "", "export", "--provider", "bridge", "--workspace", ws, "--base-url", "https://api.example.com:70000"),
                "--base-url has a port out of range (70000): a port is 1-65535" + notRepeated, "export");
        assertUsage(Cli.run(env, "", "export", "--provider", "bridge", "--workspace", ws, "--base-url", "https://api.example.com/?key=s3cret-pw"),
                "--base-url must not have a query ('?...') or a fragment ('#...'): give the API's root URL alone, and keys only in the"
                        + " environment" + notRepeated, "export");
        assertUsage(Cli.run(env, "", "export", "--provider", "bird", "--workspace", ws, "--base-url", "https://api example.com"),
                "--base-url is not a valid URL (illegal character in authority): expected https://host[:port][/path] such as"
                        + " https://api.example.com, with characters a URL reserves percent-encoded" + notRepeated, "export");
        assertUsage(Cli.run(env, "", "export", "--provider", "bird", "--workspace", ws, "--base-url", "http://api.example.com"),
                "--base-url: plain http is only allowed for loopback hosts (api.example.com); use https", "export");
        Cli.Result query = Cli.run(env, "", "export", "--provider", "bridge", "--workspace", ws, "--base-url", "https://api.example.com/?key=s3cret-pw");
        assertFalse(query.err().contains("s3cret-pw"), query.err());
    }

    @Test
    void aDbSubcommandsConfigurationErrorShowsThatSubcommandsUsage() {
        java.util.Map<String, String> env = java.util.Map.of("CONTACTKIT_POSTGRES_URL", "postgresql://u:pw@127.0.0.1:5/db");
        String bad = "invalid database configuration: schema must be 1-63 lower-case letters, digits or '_', starting with a letter or '_',"
                + " got 'Foo'";
        Cli.Result migrate = Cli.run(env, "", "db", "migrate", "--schema", "Foo");
        assertUsage(migrate, bad, "db migrate");
        assertTrue(migrate.err().contains("Usage: contactkit db migrate"), migrate.err());
        Cli.Result split = Cli.run(env, "", "db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", "../examples/rules.yaml", "--schema", "Foo");
        assertUsage(split, bad, "db split");
        assertTrue(split.err().contains("Usage: contactkit db split"), split.err());
    }
}
