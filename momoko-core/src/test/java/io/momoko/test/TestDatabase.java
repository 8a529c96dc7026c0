package io.momoko.test;

import io.momoko.ConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL server every test talks to, resolved once per JVM in this order:
 * <ol>
 *   <li>{@code MOMOKO_TEST_URL}, a URL or libpq DSN;</li>
 *   <li>{@code MOMOKO_TEST_HOST}, {@code _PORT}, {@code _DB}, {@code _USER}, {@code _PASSWORD}, the variables
 *       Momoko's own suite reads (defaults: port 5432, database {@code momoko_test}, user {@code postgres});</li>
 *   <li>an embedded PostgreSQL (io.zonky.test), started on a free port and stopped when the JVM exits.</li>
 * </ol>
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final ConnectOptions options;
    private final EmbeddedPostgres embedded;

    private TestDatabase(ConnectOptions options, EmbeddedPostgres embedded) {
        this.options = options;
        this.embedded = embedded;
    }

    /**
     * Returns the test database, starting the embedded server on first use when no variable names one.
     *
     * @return the database
     */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = resolve(System.getenv());
        }
        return instance;
    }

    static TestDatabase resolve(Map<String, String> env) {
        String url = env.get("MOMOKO_TEST_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(ConnectOptions.parse(url), null);
        }
        String host = env.get("MOMOKO_TEST_HOST");
        if (host != null && !host.isBlank()) {
            ConnectOptions.Builder builder = ConnectOptions.builder()
                    .host(host)
                    .port(Integer.parseInt(env.getOrDefault("MOMOKO_TEST_PORT", "5432")))
                    .database(env.getOrDefault("MOMOKO_TEST_DB", "momoko_test"))
                    .user(env.getOrDefault("MOMOKO_TEST_USER", "postgres"));
            String password = env.get("MOMOKO_TEST_PASSWORD");
            if (password != null && !password.isEmpty()) {
                builder.password(password);
            }
            return new TestDatabase(builder.build(), null);
        }
        return startEmbedded();
    }

    private static TestDatabase startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "momoko-embedded-postgres-stop"));
            ConnectOptions options = ConnectOptions.builder()
                    .host("localhost")
                    .port(postgres.getPort())
                    .database("postgres")
                    .user("postgres")
                    .sslMode(io.momoko.SslMode.DISABLE)
                    .build();
            return new TestDatabase(options, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL for the tests", e);
        }
    }

    /**
     * Returns how to connect to the test database.
     *
     * @return the options
     */
    public ConnectOptions options() {
        return options;
    }

    /**
     * Returns the test database as a URL, password included (tests only).
     *
     * @return a {@code postgresql://} URL
     */
    public String url() {
        return url(options);
    }

    /**
     * Writes connect options as a URL, password included (tests only: {@code ConnectOptions.toString()} never
     * shows it). Only user, password, host, port, database and sslmode are written.
     *
     * @param options the options
     * @return a {@code postgresql://} URL
     */
    public static String url(ConnectOptions options) {
        String credentials = encode(options.user()) + (options.password() != null ? ":" + encode(options.password()) : "");
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "postgresql://" + credentials + "@" + host + ":" + options.port() + "/" + encode(options.database())
                + "?sslmode=" + options.sslMode().dsnValue();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Tells whether the tests started this server themselves.
     *
     * @return {@code true} for the embedded server
     */
    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + options + (isEmbedded() ? ", embedded" : "") + "]";
    }
}
