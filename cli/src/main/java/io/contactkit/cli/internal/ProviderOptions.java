package io.contactkit.cli.internal;

import io.contactkit.adapter.memory.InMemoryContactProvider;
import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.api.ContactKit;
import io.contactkit.ports.RetryPolicy;
import java.time.Duration;
import io.contactkit.domain.IdentityRules;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Which provider and workspace a command talks to. Credentials come only from the environment,
 * never from flags: {@value #BIRD_ACCESS_KEY} or {@value #BIRD_ACCESS_TOKEN} (sent as {@code AccessKey} or
 * {@code Bearer}; one of them), {@value #BRIDGE_API_KEY}, {@value #BRIDGE_SIGNING_SECRET}.
 */
public final class ProviderOptions {

    public static final String BIRD_ACCESS_KEY = "CONTACTKIT_BIRD_ACCESS_KEY";
    public static final String BIRD_ACCESS_TOKEN = "CONTACTKIT_BIRD_ACCESS_TOKEN";
    public static final String BRIDGE_API_KEY = "CONTACTKIT_BRIDGE_API_KEY";
    public static final String BRIDGE_SIGNING_SECRET = "CONTACTKIT_BRIDGE_SIGNING_SECRET";
    /** The PostgreSQL store's URL, {@code postgresql://user:password@host:port/database}: a secret, like the keys. */
    public static final String POSTGRES_URL = "CONTACTKIT_POSTGRES_URL";

    /**
     * Where a provider's credentials come from, as the messages name them.
     *
     * @param providerId the provider's id
     * @return the environment variable (or variables) that hold them
     */
    static String credentials(String providerId) {
        return switch (providerId) {
            case "bird" -> BIRD_ACCESS_KEY + " (or " + BIRD_ACCESS_TOKEN + ")";
            case "bridge" -> BRIDGE_API_KEY;
            case "postgres" -> "the user and password in " + POSTGRES_URL;
            default -> "the provider's credentials";
        };
    }

    @Option(names = "--provider", required = true, paramLabel = "bird|bridge|memory|postgres",
            description = "The provider: bird, bridge, memory (in this process only: its contacts are gone when the command ends),"
                    + " or postgres (the durable store at " + POSTGRES_URL + "; pending schema migrations are applied on first use).")
    String provider;

    @Option(names = "--workspace", required = true, paramLabel = "ID", description = "The workspace id.")
    String workspace;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The provider's base URL (default: its public API). Plain http only for loopback hosts, e.g. a simulator.")
    String baseUrl;

    @Option(names = "--bridge-api", paramLabel = "connect|legacy",
            description = "Bridge's API generation: connect (the Contacts API, default) or legacy (the signed inbound API).")
    String bridgeApi;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "With --provider postgres: the schema holding the store (default " + PostgresSettings.DEFAULT_SCHEMA + "), as db migrate --schema names it.")
    String schema;

    /** The facade on the chosen provider. @throws CommandLine.ParameterException for bad options, CliFailure for missing credentials */
    ContactKit kit(Io io, CommandSpec spec, int concurrency) {
        return kit(io, spec, concurrency, RetryPolicy.none(), ContactKit.DEFAULT_TIMEOUT, IdentityRules.NONE);
    }

    /** Whether the provider applies identity rules itself (all of them): {@code memory} and {@code postgres}. */
    static boolean appliesRules(String provider) {
        String id = provider.strip().toLowerCase(Locale.ROOT);
        return id.equals("memory") || id.equals("postgres");
    }

    /**
     * The facade with its own per-operation retries and deadline (all attempts of one operation
     * included); the {@code memory} and {@code postgres} providers obey the identity rules given.
     */
    ContactKit kit(Io io, CommandSpec spec, int concurrency, RetryPolicy retry, Duration timeout, IdentityRules rules) {
        String id = provider.strip().toLowerCase(Locale.ROOT);
        if (workspace.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workspace must not be blank");
        }
        if (baseUrl != null && baseUrl.isBlank() && (id.equals("bird") || id.equals("bridge"))) {
            // before the credentials are looked for; the factories would say "baseUrl is required", of an option that was given
            throw new CommandLine.ParameterException(spec.commandLine(), "--base-url must not be " + (baseUrl.isEmpty() ? "empty" : "blank")
                    + ": give the provider's base URL (https://host[:port][/path]), or leave the option out for the provider's public API");
        }
        ProviderSettings.Builder settings = ProviderSettings.builder();
        if (schema != null && !id.equals("postgres")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--schema applies only to --provider postgres");
        }
        switch (id) {
            case "memory":
                if (baseUrl != null || bridgeApi != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--base-url and --bridge-api do not apply to --provider memory");
                }
                break;
            case "bird":
                if (bridgeApi != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--bridge-api applies only to --provider bridge");
                }
                birdCredential(io, settings);
                break;
            case "bridge":
                String api = bridgeApi == null ? "connect" : bridgeApi.strip().toLowerCase(Locale.ROOT);
                if (!api.equals("connect") && !api.equals("legacy")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--bridge-api must be connect or legacy, got '" + Field.abbreviate(bridgeApi) + "'");
                }
                settings.option("api", api);
                settings.secret("apiKey", secret(io, BRIDGE_API_KEY, "--provider bridge needs a Bridge API key"));
                if (api.equals("legacy")) {
                    settings.secret("signingSecret", secret(io, BRIDGE_SIGNING_SECRET, "--bridge-api legacy signs every request and needs the signing secret"));
                }
                break;
            case "postgres":
                if (baseUrl != null || bridgeApi != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--base-url and --bridge-api do not apply to --provider postgres: set " + POSTGRES_URL);
                }
                postgres(io, settings, schema);
                break;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown provider '" + Field.abbreviate(provider) + "': use bird, bridge, memory or postgres");
        }
        settings.option("baseUrl", baseUrl);
        try {
            if (id.equals("memory") && !rules.isNone()) {
                return ContactKit.builder().provider(new InMemoryContactProvider(rules)).concurrency(concurrency).retry(retry).timeout(timeout).build();
            }
            if (id.equals("postgres") && !rules.isNone()) {
                PostgresSettings store = PostgresSettings.from(settings.build()).withRules(rules);
                return ContactKit.builder().provider(new PostgresContactProvider(store)).closeProvider(true).concurrency(concurrency).retry(retry).timeout(timeout).build();
            }
            return ContactKit.builder().provider(id).settings(settings.build()).concurrency(concurrency).retry(retry).timeout(timeout).build();
        } catch (IllegalArgumentException e) {
            // the factories' messages name the setting, never a secret
            String baseUrlProblem = baseUrlProblem(e.getMessage());
            throw new CommandLine.ParameterException(spec.commandLine(), baseUrlProblem != null ? baseUrlProblem
                    : "invalid provider configuration: " + e.getMessage());
        }
    }

    /** What the HTTP adapters' settings say of a base URL: a message naming their setting baseUrl, or one about plain http. */
    private static final String BASE_URL = "baseUrl ";
    private static final String PLAIN_HTTP = "plain http is only allowed for loopback hosts";

    /**
     * A problem of the base URL as the HTTP adapters' settings say it, in the command line's words, or null when the message
     * is about something else: under the option's name ({@code --base-url}, not the setting {@code baseUrl}), without what
     * only a library user can set (allowing insecure http) and saying that credentials come from the environment. The
     * library's messages never repeat the URL, and neither does this.
     */
    static String baseUrlProblem(String message) {
        String said;
        if (message != null && message.startsWith(BASE_URL)) {
            said = "--base-url " + message.substring(BASE_URL.length());
        } else if (message != null && message.startsWith(PLAIN_HTTP)) {
            said = "--base-url: " + message;
        } else {
            return null;
        }
        return said.replace(" (http:// only for a loopback host, or with allowInsecureHttp)", " (http:// only for a loopback host)")
                .replace("; use https, or allow insecure http explicitly", "; use https")
                .replace("pass credentials as the provider's secret settings", "credentials come only from the environment")
                .replace("and keys as the provider's secret settings", "and keys only in the environment");
    }

    /** An access key ({@code AccessKey}) or an access token issued to a user ({@code Bearer}): exactly one. */
    private static void birdCredential(Io io, ProviderSettings.Builder settings) {
        String key = io.env(BIRD_ACCESS_KEY);
        String token = io.env(BIRD_ACCESS_TOKEN);
        if (key != null && token != null) {
            throw new CliFailure(BIRD_ACCESS_KEY + " and " + BIRD_ACCESS_TOKEN + " are both set: set one (an access key is sent as"
                    + " AccessKey, an access token as Bearer)");
        }
        if (token != null) {
            settings.secret("accessToken", Secret.of(token));
        } else {
            settings.secret("accessKey", secret(io, BIRD_ACCESS_KEY, "--provider bird needs a Bird access key (or "
                    + BIRD_ACCESS_TOKEN + " for an access token)"));
        }
    }

    /**
     * Makes the PostgreSQL store. What only its making reads (an {@code sslrootcert} file that holds no certificate) is
     * refused as a setting the settings refuse is: a usage error starting with {@code problem}, not an unexpected failure.
     */
    static PostgresContactProvider openStore(CommandSpec spec, String problem, PostgresSettings settings) {
        try {
            return new PostgresContactProvider(settings);
        } catch (IllegalArgumentException e) {
            throw CommandBase.usage(spec, problem + e.getMessage());
        }
    }

    /** The PostgreSQL store's settings: the URL from the environment only, migrations applied on first use. */
    static ProviderSettings.Builder postgres(Io io, ProviderSettings.Builder settings) {
        return settings.secret("url", secret(io, POSTGRES_URL, "--provider postgres needs the database URL postgresql://user:password@host:port/database"))
                .option("migrate", "true");
    }

    /**
     * The same in the schema {@code --schema} names, or the default one when {@code schema} is null (a name the store
     * refuses is said by its settings, as a usage error).
     */
    static ProviderSettings.Builder postgres(Io io, ProviderSettings.Builder settings, String schema) {
        postgres(io, settings);
        return schema == null ? settings : settings.option("schema", schema.strip());
    }

    private static Secret secret(Io io, String variable, String why) {
        String value = io.env(variable);
        if (value == null) {
            throw new CliFailure(variable + " is not set: " + why + " in the environment (credentials are never taken from flags)");
        }
        return Secret.of(value);
    }
}
