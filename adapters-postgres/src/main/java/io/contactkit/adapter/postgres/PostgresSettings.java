package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.domain.IdentityRules;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the PostgreSQL store lives and how to talk to it. The password is a {@link Secret}: it is
 * never part of {@code toString()} or of any error message, also when it arrived inside a URL.
 *
 * <p>Provider settings understood by {@link #from(ProviderSettings)}:
 * <ul>
 *   <li>secret {@code url} (or option {@code url} when it holds no password):
 *       {@code postgresql://user:password@host:port/database} or {@code r2dbc:postgresql://...}, with libpq's
 *       {@code sslmode} and {@code sslrootcert} as its only query parameters
 *       ({@code postgresql://...?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem});</li>
 *   <li>secret {@code password}: overrides the URL's password;</li>
 *   <li>options {@code schema} (default {@value #DEFAULT_SCHEMA}), {@code poolInitialSize},
 *       {@code poolMaxSize}, {@code statementTimeout}, {@code lockTimeout}, {@code connectTimeout}
 *       (ISO-8601 such as {@code PT5S}, or milliseconds; at most {@link #MAX_TIMEOUT}, 7 days), {@code maxRetries}, {@code migrate}
 *       ({@code true}: apply pending schema migrations on first use), {@code writeBatches} (how many
 *       group-commit statements of new contacts may be in flight at once; 0 writes each alone), {@code rules}
 *       (identity rules as JSON in the shape of a rules file, its identifier keys read as the command line's
 *       {@code --rules} reads them: {@code email} is {@code emailaddress}, {@code id:crm} is {@code crm}; see
 *       {@link io.contactkit.domain.IdentityRules#fromFile}; default none), {@code sslMode} and {@code sslRootCert}
 *       (as the URL's {@code sslmode} and {@code sslrootcert}, which they override);</li>
 *   <li>component: an {@link ObservationRegistry}, where the store's observations go.</li>
 * </ul>
 *
 * <p>Observability: an {@link ObservationRegistry} (no-op by default) receives one {@code contactkit.store.operations}
 * observation per operation of the store; see {@link io.contactkit.adapter.postgres.observation.StoreObservationDocumentation}.
 * It is never part of {@code toString()}.
 */
public final class PostgresSettings {

    /**
     * The schema used unless another is set.
     */
    public static final String DEFAULT_SCHEMA = "contactkit";
    /**
     * PostgreSQL's port.
     */
    public static final int DEFAULT_PORT = 5432;
    /**
     * How many group-commit statements may be in flight at once unless another number is set; see {@link #writeBatches()}.
     */
    public static final int DEFAULT_WRITE_BATCHES = 2;
    /**
     * The longest {@code statementTimeout}, {@code lockTimeout} and {@code connectTimeout}: 7 days. PostgreSQL
     * takes a timeout as milliseconds in an {@code int} (about 24.8 days), and the store sets
     * {@code idle_in_transaction_session_timeout} to up to twice the statement timeout; far longer ones
     * no longer fit a {@code long} of milliseconds.
     */
    public static final Duration MAX_TIMEOUT = io.contactkit.ports.RetryPolicy.MAX_WAIT;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // PostgreSQL's reserved keywords and those that may name only a type or function (pg_get_keywords(), categories R and
    // T): the store writes the schema unquoted, and there such a name is a syntax error
    private static final Set<String> KEYWORDS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation", "column",
            "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role", "current_schema",
            "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
            "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in",
            "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit",
            "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
            "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar", "some",
            "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "user",
            "using", "variadic", "verbose", "when", "where", "window", "with");
    private static final Set<String> OPTIONS = Set.of("url", "schema", "poolInitialSize", "poolMaxSize", "statementTimeout",
            "lockTimeout", "connectTimeout", "maxRetries", "migrate", "writeBatches", "rules", "sslMode", "sslRootCert");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final String schema;
    private final int poolInitialSize;
    private final int poolMaxSize;
    private final Duration statementTimeout;
    private final Duration lockTimeout;
    private final Duration connectTimeout;
    private final int maxRetries;
    private final boolean migrate;
    private final int writeBatches;
    private final IdentityRules rules;
    private final SslMode sslMode;
    private final @Nullable Path sslRootCert;
    private final ObservationRegistry observationRegistry;

    private PostgresSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.schema = b.schema;
        this.poolInitialSize = b.poolInitialSize;
        this.poolMaxSize = b.poolMaxSize;
        this.statementTimeout = b.statementTimeout;
        this.lockTimeout = b.lockTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxRetries = b.maxRetries;
        this.migrate = b.migrate;
        this.writeBatches = b.writeBatches;
        this.rules = b.rules;
        this.sslMode = b.sslMode;
        this.sslRootCert = b.sslRootCert;
        this.observationRegistry = b.observationRegistry;
    }

    /**
     * Settings from a URL ({@code postgresql://user:password@host:port/database}); see {@link Builder} for the rest.
     *
     * @param url the URL, kept secret as it may hold a password
     * @return the builder
     */
    public static Builder url(Secret url) {
        return new Builder().parse(Objects.requireNonNull(url, "url").reveal());
    }

    /**
     * Settings from provider settings (see the class comment).
     *
     * @param settings the provider settings
     * @return the settings
     * @throws IllegalArgumentException for a missing or malformed setting; the message names the setting, never its secret
     */
    public static PostgresSettings from(ProviderSettings settings) {
        settings.requireKnownNames(PostgresContactProvider.ID, OPTIONS, java.util.Set.of("url", "password"));
        Builder b;
        Optional<Secret> secretUrl = settings.secret("url");
        if (secretUrl.isPresent()) {
            b = url(secretUrl.get());
        } else {
            String plain = settings.option("url").orElseThrow(() -> new IllegalArgumentException(
                    "the postgres provider needs a url: postgresql://user:password@host:port/database"));
            b = new Builder().parse(plain);
            if (b.password != null) {
                throw new IllegalArgumentException("the url option holds a password: pass the URL as the secret 'url', or the password as the secret 'password'");
            }
        }
        settings.secret("password").ifPresent(b::password);
        settings.option("schema").ifPresent(b::schema);
        settings.option("poolInitialSize").ifPresent(v -> b.poolInitialSize(integer("poolInitialSize", v)));
        settings.option("poolMaxSize").ifPresent(v -> b.poolMaxSize(integer("poolMaxSize", v)));
        settings.option("statementTimeout").ifPresent(v -> b.statementTimeout(duration("statementTimeout", v)));
        settings.option("lockTimeout").ifPresent(v -> b.lockTimeout(duration("lockTimeout", v)));
        settings.option("connectTimeout").ifPresent(v -> b.connectTimeout(duration("connectTimeout", v)));
        settings.option("maxRetries").ifPresent(v -> b.maxRetries(integer("maxRetries", v)));
        settings.option("migrate").ifPresent(v -> b.migrate(bool("migrate", v)));
        settings.option("writeBatches").ifPresent(v -> b.writeBatches(integer("writeBatches", v)));
        settings.option("rules").ifPresent(v -> b.rules(Codec.rulesFile(v)));
        settings.option("sslMode").ifPresent(v -> b.sslMode(SslMode.of(v)));
        settings.option("sslRootCert").ifPresent(v -> b.sslRootCert(Path.of(v.strip())));
        settings.component(ObservationRegistry.class).ifPresent(b::observationRegistry);
        return b.build();
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static boolean bool(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        }
        return v.equals("true");
    }

    private static Duration duration(String name, String value) {
        String v = value.strip();
        try {
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration such as PT5S, got '" + value + "'");
        }
    }

    /** {@return the server's host} */
    public String host() {
        return host;
    }

    /** {@return the server's port} */
    public int port() {
        return port;
    }

    /** {@return the database} */
    public String database() {
        return database;
    }

    /** {@return the user it logs in as, or {@code null} when none was given (the driver then logs in as {@code postgres})} */
    public @Nullable String user() {
        return user;
    }

    /** {@return the password, unless the URL or the server needs none} */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /**
     * The schema holding the store's tables.
     *
     * @return the schema
     */
    public String schema() {
        return schema;
    }

    /** {@return the connections opened at start} */
    public int poolInitialSize() {
        return poolInitialSize;
    }

    /** {@return the most connections the pool opens} */
    public int poolMaxSize() {
        return poolMaxSize;
    }

    /** {@return the longest a statement may run} */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** {@return the longest a statement waits for a lock} */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** {@return how long to wait for a connection} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How often a transaction aborted by a serialization failure or deadlock is tried again.
     *
     * @return the number of tries after the first
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Whether pending schema migrations are applied on first use.
     *
     * @return true when they are
     */
    public boolean migrate() {
        return migrate;
    }

    /**
     * How many group-commit statements may be in flight at once: commands whose identifiers the store
     * has never seen, arriving while such statements run, are written together by the next one (each
     * with its own result); 0 writes each such command by a statement of its own.
     *
     * @return how many group-commit statements may be in flight at once
     */
    public int writeBatches() {
        return writeBatches;
    }

    /**
     * The identity rules every command this store decides obeys (blocked values, identifiers per
     * contact, merge caps), {@link IdentityRules#NONE} by default. Every instance writing a workspace
     * must use the same rules: a write with other rules than the workspace's is refused with a
     * {@link io.contactkit.ports.ConflictException} whose provider code is {@link PostgresContactProvider#RULES_MISMATCH}.
     *
     * @return the rules
     */
    public IdentityRules rules() {
        return rules;
    }

    /**
     * Whether and how the connections use TLS: {@link SslMode#PREFER} (libpq's default) unless set.
     *
     * @return the mode
     */
    public SslMode sslMode() {
        return sslMode;
    }

    /**
     * The root certificate (PEM) the server's certificate must be signed by, for {@link SslMode#VERIFY_CA},
     * {@link SslMode#VERIFY_FULL} and {@link SslMode#REQUIRE}; without one, those modes trust the authorities Java trusts.
     *
     * @return the file, when one is set
     */
    public Optional<Path> sslRootCert() {
        return Optional.ofNullable(sslRootCert);
    }

    /** {@return where the store's observations go; {@link ObservationRegistry#NOOP} unless one was given} */
    public ObservationRegistry observationRegistry() {
        return observationRegistry;
    }

    /**
     * The same settings with other identity rules.
     *
     * @param value the rules ({@link IdentityRules#NONE} for none)
     * @return the settings
     */
    public PostgresSettings withRules(IdentityRules value) {
        return toBuilder().rules(value).build();
    }

    /**
     * The same settings with another schema.
     *
     * @param value the schema
     * @return the settings
     */
    public PostgresSettings withSchema(String value) {
        return toBuilder().schema(value).build();
    }

    /**
     * The same settings, applying migrations on first use or not.
     *
     * @param value true to apply them
     * @return the settings
     */
    public PostgresSettings withMigrate(boolean value) {
        return toBuilder().migrate(value).build();
    }

    /**
     * A builder holding these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.database = database;
        b.user = user;
        b.password = password;
        b.schema = schema;
        b.poolInitialSize = poolInitialSize;
        b.poolMaxSize = poolMaxSize;
        b.statementTimeout = statementTimeout;
        b.lockTimeout = lockTimeout;
        b.connectTimeout = connectTimeout;
        b.maxRetries = maxRetries;
        b.migrate = migrate;
        b.writeBatches = writeBatches;
        b.rules = rules;
        b.sslMode = sslMode;
        b.sslRootCert = sslRootCert;
        b.observationRegistry = observationRegistry;
        return b;
    }

    /**
     * The server and database without credentials: {@code postgresql://user@host:port/database}.
     *
     * @return the description
     */
    public String describe() {
        // the user name and database percent-encoded as in the URL: a user "kit:x" printed as is would read as user kit with
        // the password x, and the URL printed would name another user
        return "postgresql://" + (user == null ? "" : encoded(user) + "@") + host + ":" + port + "/" + encoded(database);
    }

    /** {@code value} with every character but RFC 3986's unreserved ones percent-encoded (its UTF-8 bytes). */
    private static String encoded(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", password=" + (password == null ? "none" : "redacted") + ", schema=" + schema
                + ", pool=" + poolInitialSize + ".." + poolMaxSize + ", statementTimeout=" + statementTimeout
                + ", lockTimeout=" + lockTimeout + ", maxRetries=" + maxRetries + ", migrate=" + migrate + ", writeBatches=" + writeBatches
                + ", sslmode=" + sslMode.value() + (sslRootCert == null ? "" : ", sslrootcert=" + sslRootCert)
                + (rules.isNone() ? "" : ", rules=" + rules) + "]";
    }

    /** Builds {@link PostgresSettings}. */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private String database;
        private String user;
        private Secret password;
        private String schema = DEFAULT_SCHEMA;
        private int poolInitialSize = 2;
        private int poolMaxSize = 16;
        private Duration statementTimeout = Duration.ofSeconds(30);
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 20;
        private boolean migrate;
        private int writeBatches = DEFAULT_WRITE_BATCHES;
        private IdentityRules rules = IdentityRules.NONE;
        private SslMode sslMode = SslMode.PREFER;
        private @Nullable Path sslRootCert;
        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

        private Builder() {
        }

        private Builder parse(String url) {
            String text = url.strip();
            if (text.startsWith("r2dbc:")) {
                text = text.substring("r2dbc:".length());
            }
            int schemeEnd = text.indexOf("://");
            String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
                throw malformed("it must start with postgresql:// or postgres://");
            }
            int authorityEnd = text.indexOf('/', schemeEnd + 3);
            String authority = text.substring(schemeEnd + 3, authorityEnd < 0 ? text.length() : authorityEnd);
            if (authority.indexOf('@') != authority.lastIndexOf('@')) {
                throw malformed("it has more than one '@' before the host: a '@' in the user name or password is written %40");
            }
            checkPort(authority);
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                // the reason alone: the whole message would quote the URL, password included
                throw e.getReason().startsWith("Malformed escape pair") ? badPercent() : malformed(e.getReason().toLowerCase(Locale.ROOT) + ENCODE);
            }
            if (uri.getHost() == null) {
                throw malformed("no host name" + (text.indexOf('@', schemeEnd) >= 0 ? ENCODE : ""));
            }
            if (uri.getRawPath() == null || uri.getRawPath().length() < 2) {
                throw malformed("no database name after the host (postgresql://user:password@host:port/database)");
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the PostgreSQL URL takes no fragment ('#...')");
            }
            if (uri.getRawQuery() != null) {
                query(uri.getRawQuery());
            }
            host = uri.getHost();
            port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
            database = decode(uri.getRawPath().substring(1));
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                if (colon >= 0 && colon < info.length() - 1) {
                    password = Secret.of(decode(info.substring(colon + 1)));
                }
            }
            return this;
        }

        /**
         * Refuses a port outside 1-65535 written after the host, also one too long for {@link URI} to read
         * as a port. The port is not repeated: where the host was left out, the digits may be a password.
         */
        private static void checkPort(String authority) {
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0 || colon < hostPort.lastIndexOf(']')) {
                return;
            }
            String digits = hostPort.substring(colon + 1);
            // a port of other characters than digits too ("host:notaport"), which the URI parser would take for no host at all
            if (!digits.isEmpty() && (!digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535)) {
                throw malformed("the port must be a number from 1 to 65535 (postgresql://user:password@host:5432/database; leave it out for"
                        + " PostgreSQL's " + DEFAULT_PORT + ")");
            }
        }

        /** libpq's {@code sslmode} and {@code sslrootcert}, the only query parameters taken; names only in messages. */
        private void query(String raw) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "sslmode" -> sslMode(SslMode.of(value));
                    case "sslrootcert" -> sslRootCert(Path.of(value));
                    default -> throw new IllegalArgumentException("the PostgreSQL URL takes only sslmode and sslrootcert in its query (libpq's"
                            + " names), not '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "': other settings are the provider's options");
                }
            }
        }

        private static String decode(String raw) {
            try {
                return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw badPercent();
            }
        }

        // what most often breaks a URL: a password with characters that URLs reserve
        private static final String ENCODE = " (characters a URL reserves, such as '@', ':', '/', '?', '#', '%' or a space, are written"
                + " percent-encoded in the user name and password: %40 for '@', %25 for '%')";

        private static IllegalArgumentException badPercent() {
            return malformed("a '%' is not followed by two hexadecimal digits: a '%' in the user name or password is written %25");
        }

        private static IllegalArgumentException malformed(String why) {
            return new IllegalArgumentException("malformed PostgreSQL URL: " + why + "; expected postgresql://user:password@host:port/database"
                    + " or r2dbc:postgresql://... (the URL is not repeated here: it may hold a password)");
        }

        /**
         * Sets the password.
         *
         * @param value the password; {@code null} drops one taken from the URL
         * @return this builder
         */
        public Builder password(@Nullable Secret value) {
            this.password = value;
            return this;
        }

        /**
         * Sets the user it logs in as.
         *
         * @param value the user it logs in as; {@code null} leaves it unset (the driver then logs in as {@code postgres})
         * @return this builder
         */
        public Builder user(@Nullable String value) {
            this.user = value;
            return this;
        }

        /**
         * Sets the schema holding the tables.
         *
         * @param value the schema holding the tables
         * @return this builder
         */
        public Builder schema(String value) {
            String v = Objects.requireNonNull(value, "schema").strip();
            if (!SCHEMA.matcher(v).matches()) {
                throw new IllegalArgumentException("schema must be 1-63 lower-case letters, digits or '_', starting with a letter or '_', got '" + value + "'");
            }
            if (KEYWORDS.contains(v) || v.startsWith("pg_")) {
                throw new IllegalArgumentException("schema '" + v + "' is " + (v.startsWith("pg_")
                        ? "reserved: PostgreSQL keeps names starting with pg_ for its own schemas" : "a keyword PostgreSQL reserves") + ": choose another");
            }
            this.schema = v;
            return this;
        }

        /**
         * Sets the connections opened at start.
         *
         * @param value the connections opened at start
         * @return this builder
         */
        public Builder poolInitialSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("poolInitialSize must be at least 0, got " + value);
            }
            this.poolInitialSize = value;
            return this;
        }

        /**
         * Sets the most connections the pool opens.
         *
         * @param value the most connections the pool opens
         * @return this builder
         */
        public Builder poolMaxSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("poolMaxSize must be at least 1, got " + value);
            }
            this.poolMaxSize = value;
            return this;
        }

        /**
         * Sets the longest a statement may run.
         *
         * @param value the longest a statement may run; positive, at most {@link PostgresSettings#MAX_TIMEOUT} (7 days)
         * @return this builder
         */
        public Builder statementTimeout(Duration value) {
            this.statementTimeout = positive("statementTimeout", value);
            return this;
        }

        /**
         * Sets the longest a statement waits for a lock.
         *
         * @param value the longest a statement waits for a lock; positive, at most {@link PostgresSettings#MAX_TIMEOUT} (7 days)
         * @return this builder
         */
        public Builder lockTimeout(Duration value) {
            this.lockTimeout = positive("lockTimeout", value);
            return this;
        }

        /**
         * Sets how long to wait for a connection.
         *
         * @param value how long to wait for a connection; positive, at most {@link PostgresSettings#MAX_TIMEOUT} (7 days)
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        /**
         * Sets how often an aborted transaction is tried again.
         *
         * @param value how often an aborted transaction is tried again
         * @return this builder
         */
        public Builder maxRetries(int value) {
            if (value < 0 || value > 1000) {
                throw new IllegalArgumentException("maxRetries must be 0-1000, got " + value);
            }
            this.maxRetries = value;
            return this;
        }

        /**
         * Sets whether pending migrations are applied on first use.
         *
         * @param value whether pending migrations are applied on first use
         * @return this builder
         */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /**
         * Sets how many group-commit statements may be in flight at once; see {@link PostgresSettings#writeBatches()}.
         *
         * @param value 0-64; 0 writes each new contact by a statement of its own
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is outside 0-64
         */
        public Builder writeBatches(int value) {
            if (value < 0 || value > 64) {
                throw new IllegalArgumentException("writeBatches must be 0-64, got " + value);
            }
            this.writeBatches = value;
            return this;
        }

        /**
         * Sets whether and how the connections use TLS; see {@link SslMode}.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder sslMode(SslMode value) {
            this.sslMode = Objects.requireNonNull(value, "sslMode");
            return this;
        }

        /**
         * Sets the root certificate (PEM) the server's certificate must be signed by; see {@link PostgresSettings#sslRootCert()}.
         *
         * @param value the file, or {@code null} to trust the authorities Java trusts
         * @return this builder
         * @throws IllegalArgumentException when the file cannot be read
         */
        public Builder sslRootCert(@Nullable Path value) {
            if (value != null && !Files.isReadable(value)) {
                throw new IllegalArgumentException("sslrootcert " + value + ": " + (Files.exists(value) ? "cannot be read" : "no such file"));
            }
            this.sslRootCert = value;
            return this;
        }

        /**
         * Sets the identity rules every command the store decides obeys; see {@link PostgresSettings#rules()}.
         *
         * @param value the rules ({@link IdentityRules#NONE} for none)
         * @return this builder
         */
        public Builder rules(IdentityRules value) {
            this.rules = Objects.requireNonNull(value, "rules");
            return this;
        }

        /**
         * Where one observation per store operation goes; default {@link ObservationRegistry#NOOP}.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry value) {
            this.observationRegistry = Objects.requireNonNull(value, "observationRegistry");
            return this;
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be a positive duration of at most 7 days (" + MAX_TIMEOUT + ")");
            }
            if (value.toMillis() < 1) {
                // the session options are whole milliseconds: 0ms is PostgreSQL's "no timeout"
                throw new IllegalArgumentException(name + " must be at least 1 ms (PostgreSQL counts it in whole milliseconds, and 0 would turn it off)");
            }
            return value;
        }

        /** {@return the settings} */
        public PostgresSettings build() {
            if (sslRootCert != null && (sslMode == SslMode.DISABLE || sslMode == SslMode.PREFER)) {
                throw new IllegalArgumentException("sslrootcert is used to check the server's certificate, which sslmode=" + sslMode.value()
                        + " does not: give sslmode=verify-full (or verify-ca, or require)");
            }
            if (poolInitialSize > poolMaxSize) {
                throw new IllegalArgumentException("poolInitialSize (" + poolInitialSize + ") exceeds poolMaxSize (" + poolMaxSize + ")");
            }
            return new PostgresSettings(this);
        }
    }
}
