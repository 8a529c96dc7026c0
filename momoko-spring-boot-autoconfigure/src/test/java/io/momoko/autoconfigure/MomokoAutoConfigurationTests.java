package io.momoko.autoconfigure;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momoko.AcquireTimeoutException;
import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.PartiallyConnectedException;
import io.momoko.Pool;
import io.momoko.ProgrammingException;
import io.momoko.PoolOverloadedException;
import io.momoko.PoolStats;
import io.momoko.QueryTimeoutException;
import io.momoko.Row;
import io.momoko.ServerStatus;
import io.momoko.autoconfigure.endpoint.MomokoEndpoint;
import io.momoko.autoconfigure.endpoint.MomokoEndpointAutoConfiguration;
import io.momoko.autoconfigure.health.MomokoHealthContributorAutoConfiguration;
import io.momoko.autoconfigure.health.MomokoHealthIndicator;
import io.momoko.autoconfigure.metrics.MicrometerPoolMetrics;
import io.momoko.autoconfigure.metrics.MomokoMetricsAutoConfiguration;
import io.momoko.test.Await;
import io.momoko.test.KernelSockets;
import io.momoko.test.TcpProxy;
import io.momoko.test.TestDatabase;
import io.momoko.test.TlsDatabase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class MomokoAutoConfigurationTests {

    private static final ConnectOptions DB = TestDatabase.get().options();

    /** A password that must appear in no output; the test server does not check passwords. */
    private static final String SECRET = "s3cret-" + Long.toHexString(System.nanoTime());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                    MomokoHealthContributorAutoConfiguration.class, MomokoMetricsAutoConfiguration.class))
            .withPropertyValues(databaseProperties());

    private static String[] databaseProperties() {
        return new String[] {"momoko.host=" + DB.host(), "momoko.port=" + DB.port(), "momoko.database=" + DB.database(),
            "momoko.username=" + DB.user(), "momoko.password=" + (DB.password() == null ? "" : DB.password()),
            "momoko.ssl-mode=" + DB.sslMode().dsnValue()};
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void backsOffWithoutMomokoCore() {
        runner.withClassLoader(new FilteredClassLoader(Pool.class))
                .run(context -> assertThat(context).doesNotHaveBean(Pool.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("momoko.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Pool.class).doesNotHaveBean(MomokoHealthIndicator.class);
        });
    }

    @Test
    void connectsAPoolFromProperties() {
        runner.withPropertyValues("momoko.pool.name=orders", "momoko.pool.size=2", "momoko.pool.max-size=7",
                "momoko.pool.set-session=SET TIME ZONE 'UTC',SET search_path TO public",
                "momoko.application-name=shop").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Pool.class);
                    Pool pool = context.getBean(Pool.class);
                    assertThat(pool.name()).isEqualTo("orders");
                    PoolStats stats = pool.stats();
                    assertThat(stats.size()).isEqualTo(2);
                    assertThat(stats.maxSize()).isEqualTo(7);
                    assertThat(stats.free()).isEqualTo(2);
                    Row settings = Await.result(pool.execute("SELECT current_setting('TimeZone') AS zone, "
                            + "current_setting('search_path') AS path, current_setting('application_name') AS app"))
                            .fetchOne();
                    assertThat(settings.getString("zone")).isEqualTo("UTC");
                    assertThat(settings.getString("path")).isEqualTo("public");
                    assertThat(settings.getString("app")).isEqualTo("shop");
                });
    }

    @Test
    void appliesTimeoutsLimitsAndLeakDetectionToThePool(CapturedOutput output) {
        runner.withPropertyValues("momoko.pool.name=limited", "momoko.pool.max-size=1",
                "momoko.pool.query-timeout=300ms", "momoko.pool.acquire-timeout=1s", "momoko.pool.max-waiting=1",
                "momoko.pool.leak-detection-threshold=100ms").run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    assertThat(Await.failure(pool.execute("SELECT pg_sleep(5)")))
                            .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("query timeout of 300 ms");
                    Connection held = Await.result(pool.getConn());
                    try {
                        CompletableFuture<Connection> waiting = pool.getConn();
                        Await.until("a request waiting", () -> pool.stats().waiting() == 1);
                        assertThat(Await.failure(pool.getConn())).isInstanceOf(PoolOverloadedException.class)
                                .hasMessageContaining("maxWaiting (1)");
                        assertThat(Await.failure(waiting)).isInstanceOf(AcquireTimeoutException.class)
                                .hasMessageContaining("no connection available within 1000 ms");
                        Await.until("a leak warning", () -> output.getAll()
                                .contains("Pool 'limited': a connection has been held for more than 100 ms"));
                    } finally {
                        Await.result(pool.putConn(held));
                    }
                });
    }

    @Test
    void boundsStatementsByDefaultAndLetsZeroSwitchTheBoundOff() {
        assertThat(new MomokoProperties().getPool().getQueryTimeout()).isEqualTo(Duration.ofMinutes(5));
        runner.withPropertyValues("momoko.pool.query-timeout=0").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(Await.result(context.getBean(Pool.class).execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
        });
    }

    @Test
    void appliesTcpKeepaliveToTheSockets() {
        String clientPort = "SELECT client_port FROM pg_stat_activity WHERE pid = pg_backend_pid()";
        runner.withPropertyValues("momoko.keepalive.idle=7s", "momoko.keepalive.interval=2s",
                "momoko.keepalive.count=3").run(context -> {
                    int port = Await.result(context.getBean(Pool.class).execute(clientPort)).fetchOne()
                            .get(0, Integer.class);
                    OptionalLong left = KernelSockets.keepaliveSecondsLeft(port);
                    assertThat(left).as("keepalive timer of the pool's socket").isPresent();
                    assertThat(left.getAsLong()).isBetween(1L, 7L);
                });
        runner.withPropertyValues("momoko.keepalive.enabled=false").run(context -> {
            int port = Await.result(context.getBean(Pool.class).execute(clientPort)).fetchOne().get(0, Integer.class);
            assertThat(KernelSockets.keepaliveSecondsLeft(port)).isEmpty();
        });
        runner.withPropertyValues("momoko.keepalive.idle=1500ms").run(context -> assertInvalid(context,
                "momoko.keepalive.idle", "keepalives_idle must be a whole number of seconds, at least 1, was PT1.5S"));
        runner.withPropertyValues("momoko.keepalive.count=0").run(context -> assertInvalid(context,
                "momoko.keepalive.count", "keepalives_count must be at least 1, was 0"));
    }

    @Test
    void appliesReplicaAndPgBouncerPropertiesToThePool() {
        String server = DB.host() + ":" + DB.port();
        // The test server twice: both primaries, so no standby qualifies and the fallback decides.
        String url = "postgresql://" + DB.user() + (DB.password() == null ? "" : ":" + DB.password()) + "@" + server
                + "," + server + "/" + DB.database() + "?sslmode=" + DB.sslMode().dsnValue()
                + "&target_session_attrs=read-write";
        ApplicationContextRunner multiHost = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                        MomokoHealthContributorAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + url);
        multiHost.withPropertyValues("momoko.replicas.max-lag=3s", "momoko.replicas.check-interval=100ms",
                "momoko.replicas.fallback-to-primary=false", "momoko.pool.pgbouncer=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    Pool pool = context.getBean(Pool.class);
                    Await.until("both servers checked", () -> pool.servers().stream()
                            .allMatch(status -> status.role() == ServerStatus.Role.PRIMARY));
                    assertThat(Await.failure(pool.replicas().execute("SELECT 1")))
                            .isInstanceOf(DatabaseNotAvailableException.class).hasMessageContaining("maxLag PT3S");
                    assertThat(Await.failure(pool.execute("SET search_path TO app")))
                            .isInstanceOf(ProgrammingException.class).hasMessageContaining("pgbouncer=true");
                    Health health = context.getBean(MomokoHealthIndicator.class).health(true);
                    assertThat(health.getDetails()).containsKey("servers");
                    assertThat(health.getDetails().toString()).contains("role=PRIMARY").doesNotContain(
                            DB.password() == null ? "no-password-here" : DB.password());
                });
        multiHost.run(context -> {
            Pool pool = context.getBean(Pool.class);
            assertThat(Await.result(pool.replicas().execute("SELECT 1")).fetchOne().get(0))
                    .as("no standby: reads fall back to the primary by default").isEqualTo(1);
        });
        multiHost.withPropertyValues("momoko.replicas.check-interval=0").run(context -> assertInvalid(context,
                "momoko.replicas.check-interval", "checkInterval must be > 0, was PT0S"));
    }

    @Test
    void appliesValidationIntervalToThePool() {
        runner.withPropertyValues("momoko.pool.size=2", "momoko.pool.validation-interval=0").run(context -> {
            Pool pool = context.getBean(Pool.class);
            Connection checked = Await.result(pool.getConn());
            Connection observer = Await.result(pool.getConn());
            try {
                Object pid = Await.result(checked.execute("SELECT pg_backend_pid()")).fetchOne().get(0);
                Await.result(pool.putConn(checked));
                checked = Await.result(pool.getConn());
                // The server's record of the connection's last statement: the check the pool ran before lending it.
                Row activity = Await.result(observer.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", pid))
                        .fetchOne();
                assertThat(activity.getString("query")).isEqualTo("SELECT 1");
                assertThat(Await.result(checked.execute("SELECT pg_backend_pid()")).fetchOne().get(0)).isEqualTo(pid);
            } finally {
                Await.result(pool.putConn(checked));
                Await.result(pool.putConn(observer));
            }
        });
    }

    @Test
    void appliesAutoShrinkToThePool() {
        runner.withPropertyValues("momoko.pool.max-size=2", "momoko.pool.auto-shrink=true",
                "momoko.pool.shrink-delay=100ms", "momoko.pool.shrink-period=100ms").run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    Connection first = Await.result(pool.getConn());
                    Connection second = Await.result(pool.getConn());
                    assertThat(pool.stats().total()).isEqualTo(2);
                    Await.result(pool.putConn(first));
                    Await.result(pool.putConn(second));
                    Await.until("the pool shrinks back to its size", () -> pool.stats().total() == 1);
                });
    }

    @Test
    void appliesMaxLifetimeToThePool() {
        runner.withPropertyValues("momoko.pool.max-lifetime=300ms").run(context -> {
            Pool pool = context.getBean(Pool.class);
            Object first = Await.result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0);
            // Retired when next free after its lifetime (30 minutes by default): a new backend answers.
            Await.until("the connection is replaced", () -> !first.equals(
                    Await.result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0)));
        });
    }

    @Test
    void appliesReconnectIntervalToThePool() {
        // With an interval of zero a request retries the dead slot at once; with an hour it does not. No
        // waiting: the two settings differ at the first request after the failed connect.
        for (String interval : new String[] {"0s", "1h"}) {
            try (TcpProxy down = new TcpProxy(DB.host(), DB.port())) {
                down.mode(TcpProxy.Mode.REFUSE);
                runner.withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + down.port(),
                        "momoko.ssl-mode=disable", "momoko.pool.raise-connect-errors=false",
                        "momoko.pool.acquire-timeout=1s", "momoko.pool.reconnect-interval=" + interval)
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            int attempts = down.accepted();
                            assertThat(attempts).isPositive();
                            Await.failure(context.getBean(Pool.class).execute("SELECT 1"));
                            if (interval.equals("0s")) {
                                Await.until("a reconnect attempt", () -> down.accepted() > attempts);
                            } else {
                                assertThat(down.accepted()).isEqualTo(attempts);
                            }
                        });
            }
        }
    }

    @Test
    void appliesPipeliningToThePool() {
        runner.withPropertyValues("momoko.pool.max-size=1", "momoko.pool.max-waiting=0", "momoko.pool.pipelining=2")
                .run(context -> assertThat(joinsABusyConnection(context.getBean(Pool.class))).isTrue());
    }

    /**
     * One connection and no waiting: a second statement runs only by joining the first on its connection, which
     * a template known to be short does under pipelining. The pool does not join a connection silent for 5 ms,
     * which an event loop descheduled on a loaded machine can look like, so a few tries are allowed.
     */
    private static boolean joinsABusyConnection(Pool pool) {
        for (int i = 0; i < 5; i++) {
            Await.result(pool.execute("SELECT %s::int", i));
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            CompletableFuture<?> first = pool.execute("SELECT %s::int", 1);
            boolean joined = Await.result(pool.execute("SELECT %s::int", 2).handle((cursor, error) -> error == null));
            Await.result(first);
            if (joined) {
                return true;
            }
        }
        return false;
    }

    @Test
    void appliesTheStatementCacheSizeToTheConnections() {
        runner.withPropertyValues("momoko.pool.statement-cache-size=0").run(context -> {
            Pool pool = context.getBean(Pool.class);
            long prepared = Await.result(pool.withConnection(connection -> connection.execute("SELECT %s::int", 1)
                    .thenCompose(c -> connection.execute("SELECT count(*) FROM pg_prepared_statements"))))
                    .fetchOne().get(0, Long.class);
            assertThat(prepared).isZero();
        });
    }

    @Test
    void appliesConnectOptionsToTheConnections() {
        try (TcpProxy silent = new TcpProxy(DB.host(), DB.port())) {
            silent.mode(TcpProxy.Mode.STALL);
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                    .withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + silent.port(),
                            "momoko.database=shop", "momoko.username=clerk", "momoko.password=" + SECRET,
                            "momoko.ssl-mode=require", "momoko.application-name=till", "momoko.connect-timeout=300ms")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure())
                                .hasStackTraceContaining("postgresql://clerk:***@127.0.0.1:" + silent.port()
                                        + "/shop?sslmode=require&application_name=till")
                                .hasStackTraceContaining("no answer within 300 ms");
                        assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
                    });
        }
    }

    @Test
    void honoursEveryOptionOfTheUrl() {
        String url = TestDatabase.get().url();
        String options = (url.contains("?") ? "&" : "?") + "application_name=till&connect_timeout=7"
                + "&options=-c%20search_path%3Dshop,public&keepalives_idle=7";
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + url + options, "spring.application.name=ignored").run(context -> {
                    assertThat(context).hasNotFailed();
                    Row row = Await.result(context.getBean(Pool.class).execute("SELECT current_setting("
                            + "'application_name'), current_setting('search_path'), (SELECT client_port FROM "
                            + "pg_stat_activity WHERE pid = pg_backend_pid())")).fetchOne();
                    assertThat(row.get(0)).isEqualTo("till");
                    assertThat(row.get(1)).isEqualTo("shop,public");
                    OptionalLong left = KernelSockets.keepaliveSecondsLeft(row.get(2, Integer.class));
                    assertThat(left).isPresent();
                    assertThat(left.getAsLong()).isBetween(1L, 7L);
                });
        // A property set explicitly wins over the url; one left unset never does.
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + url + options, "momoko.application-name=counter").run(context ->
                        assertThat(Await.result(context.getBean(Pool.class).execute("SHOW application_name"))
                                .fetchOne().get(0)).isEqualTo("counter"));
    }

    @Test
    void verifiesTheServerWithTheUrlsRootCertificate() {
        TlsDatabase tls = TlsDatabase.get();
        String server = "postgresql://postgres@localhost:" + tls.port() + "/postgres";
        java.nio.file.Path stranger = TlsDatabase.strangerCertificate();
        // libpq: sslmode=require with a root certificate verifies the chain. Dropping sslrootcert on the way to
        // the pool turned this into "encrypt, trust anyone".
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + server + "?sslmode=require&sslrootcert=" + stranger)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("SSL handshake failed")
                            .hasStackTraceContaining("sslrootcert " + stranger);
                });
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + server + "?sslmode=verify-full&sslrootcert=" + tls.certificate())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(Await.result(context.getBean(Pool.class).execute(
                            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).fetchOne().get(0)).isEqualTo(true);
                });
    }

    @Test
    void acceptsAUrl() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + TestDatabase.get().url()).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(Await.result(context.getBean(Pool.class).execute("SELECT 1")).fetchOne().get(0))
                            .isEqualTo(1);
                });
    }

    @Test
    void failsOnABadValueNamingTheProperty() {
        runner.withPropertyValues("momoko.pool.size=5", "momoko.pool.max-size=2").run(context ->
                assertInvalid(context, "momoko.pool.max-size", "maxSize (2) must be >= size (5)"));
        runner.withPropertyValues("momoko.pool.pipelining=0").run(context ->
                assertInvalid(context, "momoko.pool.pipelining", "pipelining must be >= 1, was 0"));
        runner.withPropertyValues("momoko.port=0").run(context ->
                assertInvalid(context, "momoko.port", "port must be between 1 and 65535, was 0"));
        runner.withPropertyValues("momoko.connect-timeout=0s").run(context ->
                assertInvalid(context, "momoko.connect-timeout", "connectTimeout must be positive, was PT0S"));
        runner.withPropertyValues("momoko.pool.acquire-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("momoko.pool.acquire-timeout");
        });
    }

    @Test
    void failsWhenNoDatabaseIsConfiguredSayingHowToConfigureOne() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MomokoPropertyFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("No database configured: set momoko.url "
                            + "(postgresql://user@host:5432/database) or momoko.host");
                });
    }

    @Test
    void refusesAJdbcUrlSayingWhatToWrite() {
        runner.withPropertyValues("momoko.url=jdbc:postgresql://localhost:5432/shop?password=" + SECRET).run(context -> {
            assertInvalid(context, "momoko.url", "Unsupported URL scheme 'jdbc:postgresql://': JDBC and R2DBC URLs "
                    + "are not accepted; write a libpq URL, postgresql://user@host:5432/database");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
        });
    }

    @Test
    void failsOnAMalformedUrlNamingItButNotItsPassword() {
        runner.withPropertyValues("momoko.url=postgresql://app:" + SECRET + "@localhost:notaport/shop").run(context -> {
            assertInvalid(context, "momoko.url", "DSN port must be a number between 1 and 65535, was 'notaport'");
            assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
        });
    }

    private static void assertInvalid(AssertableApplicationContext context, String property, String reason) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new MomokoPropertyFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
        assertThat(analysis.getDescription()).contains(property + ": " + reason);
        assertThat(analysis.getAction()).contains(property);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void backsOffForAUserPool() {
        runner.withUserConfiguration(UserPool.class).run(context -> {
            assertThat(context).hasSingleBean(Pool.class);
            assertThat(context.getBean(Pool.class).name()).isEqualTo("users-own");
        });
    }

    @Test
    void appliesCustomizersAndReusesTheUsersVertx() {
        runner.withUserConfiguration(UserVertx.class).run(context -> {
            assertThat(context).hasNotFailed();
            Pool pool = context.getBean(Pool.class);
            assertThat(pool.name()).isEqualTo("customized");
            Connection conn = pool.getConn().join();
            try {
                assertThat(conn.unwrap(Vertx.class)).isSameAs(context.getBean(Vertx.class));
            } finally {
                pool.putConn(conn).join();
            }
        });
    }

    @Test
    void usesConnectionDetailsOverProperties() {
        runner.withPropertyValues("momoko.host=nowhere.invalid", "momoko.port=1").withUserConfiguration(Details.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class).execute("SELECT 2").join().fetchOne().get(0)).isEqualTo(2);
                });
    }

    @Test
    void reportsHealthUpWithDetails() {
        runner.run(context -> {
            Health health = context.getBean(MomokoHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("free", 1).containsEntry("maxSize", 10)
                    .containsKey("serverVersion");
        });
    }

    @Test
    void describesEveryPropertyForTheIde() throws Exception {
        String metadata;
        try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(metadata).contains("\"management.health.momoko.enabled\"", "\"momoko.keepalive.idle\"",
                "\"momoko.metrics.open-telemetry-names\"", "\"momoko.pool.query-timeout\"");
    }

    @Test
    void reportsEveryHealthStateReadmeDescribes() {
        // Saturated: every connection busy, maxSize reached: UP, so that load never gets an instance restarted.
        runner.withPropertyValues("momoko.pool.max-size=1").run(context -> {
            Pool pool = context.getBean(Pool.class);
            Connection held = Await.result(pool.getConn());
            try {
                Health health = context.getBean(MomokoHealthIndicator.class).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("saturated", true);
            } finally {
                Await.result(pool.putConn(held));
            }
            Await.result(pool.close());
            Health closed = context.getBean(MomokoHealthIndicator.class).health(true);
            assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(closed.getDetails()).containsEntry("reason", "pool is closed");
        });
        // A server that stops answering: the ping's bound (2 s) makes it DOWN rather than a hung health check.
        try (TcpProxy proxy = new TcpProxy(DB.host(), DB.port())) {
            runner.withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + proxy.port(),
                    "momoko.pool.validation-interval=1h").run(context -> {
                        assertThat(context).hasNotFailed();
                        proxy.silence(true);
                        Health health = context.getBean(MomokoHealthIndicator.class).health(true);
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(String.valueOf(health.getDetails().get("reason")))
                                .isEqualTo("no answer to a ping within 2000 ms");
                        proxy.silence(false);
                    });
        }
    }

    @Test
    void reportsHealthDownWhenTheDatabaseIsUnreachable(CapturedOutput output) throws Exception {
        runner.withConfiguration(AutoConfigurations.of(MomokoEndpointAutoConfiguration.class))
                .withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + closedPort(), "momoko.password=" + SECRET,
                        "momoko.pool.raise-connect-errors=false", "management.endpoints.web.exposure.include=momoko")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = context.getBean(MomokoHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get("reason")))
                            .contains("No database connection available");
                    Pool pool = context.getBean(Pool.class);
                    assertThat(Await.failure(pool.execute("SELECT 1")))
                            .isInstanceOf(DatabaseNotAvailableException.class).hasMessageNotContaining(SECRET);
                    String seen = health + " " + context.getBean(MomokoEndpoint.class).pools() + " " + pool + " "
                            + context.getBean(MomokoConnectionDetails.class) + " "
                            + context.getBean(MomokoProperties.class);
                    assertThat(seen).contains("127.0.0.1").doesNotContain(SECRET);
                    assertThat(output.getAll()).contains("127.0.0.1").doesNotContain(SECRET);
                });
    }

    @Test
    void healthCanBeTurnedOff() {
        runner.withPropertyValues("management.health.momoko.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(Pool.class).doesNotHaveBean(MomokoHealthIndicator.class));
    }

    @Test
    void metersMoveAfterQueries() {
        runner.withPropertyValues("momoko.pool.name=metered").run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(io.momoko.autoconfigure.metrics.MomokoPoolMeters.class).bindTo(registry);
            Pool pool = context.getBean(Pool.class);
            pool.execute("SELECT 1").join();
            pool.execute("SELECT 1").join();
            assertThat(pool.execute("SELECT 1/0").handle((c, e) -> e).join()).isNotNull();
            assertThat(registry.get("momoko.pool.connections.idle").tag("pool", "metered").gauge().value()).isEqualTo(1);
            assertThat(registry.get("momoko.pool.connections.max").gauge().value()).isEqualTo(10);
            assertThat(registry.get("momoko.pool.connections.creation").functionTimer().count()).isEqualTo(1);
            assertThat(registry.get("momoko.pool.connections.acquire").functionTimer().count()).isEqualTo(3);
            FunctionTimer success = registry.get("momoko.query").tag("outcome", "success").functionTimer();
            FunctionTimer error = registry.get("momoko.query").tag("outcome", "error").functionTimer();
            assertThat(success.count()).isEqualTo(2);
            assertThat(error.count()).isEqualTo(1);
            assertThat(registry.get("momoko.pool.connections.timeout").functionCounter().count()).isZero();
        });
    }

    /** A second pool, built as the first by the public factory from {@code momoko.replica.*}. */
    @Configuration(proxyBeanMethods = false)
    static class ReplicaPool {
        @Bean
        Pool replicaPool(MomokoPoolFactory pools) {
            return pools.builder("momoko.replica").build();
        }

        @Bean
        Pool momokoPool(MomokoPoolFactory pools) {
            return pools.builder("momoko").build();
        }
    }

    @Test
    void everyPoolBeanHasHealthMetersItsOwnNameAndACloseAtShutdown() {
        runner.withConfiguration(AutoConfigurations.of(
                        io.momoko.autoconfigure.endpoint.MomokoEndpointAutoConfiguration.class))
                .withUserConfiguration(ReplicaPool.class)
                .withPropertyValues("management.endpoints.web.exposure.include=momoko", "momoko.pool.name=primary",
                        "momoko.replica.host=" + DB.host(), "momoko.replica.port=" + DB.port(),
                        "momoko.replica.database=" + DB.database(), "momoko.replica.username=" + DB.user(),
                        "momoko.replica.ssl-mode=" + DB.sslMode().dsnValue(), "momoko.replica.pool.max-size=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    java.util.Map<String, Pool> pools = context.getBeansOfType(Pool.class);
                    assertThat(pools).containsOnlyKeys("replicaPool", "momokoPool");
                    Pool replica = pools.get("replicaPool");
                    assertThat(replica.name()).isEqualTo("replica");
                    assertThat(replica.stats().maxSize()).isEqualTo(3);
                    assertThat(Await.result(replica.execute("SHOW application_name")).fetchOne().get(0))
                            .as("not the driver's vertx-pg-client").isEqualTo("replica");

                    org.springframework.boot.health.contributor.CompositeHealthContributor health = context.getBean(
                            "momokoHealthContributor",
                            org.springframework.boot.health.contributor.CompositeHealthContributor.class);
                    assertThat(health.stream().map(org.springframework.boot.health.contributor.HealthContributors.Entry::name))
                            .containsExactlyInAnyOrder("replicaPool", "momokoPool");
                    Health replicaHealth = ((org.springframework.boot.health.contributor.HealthIndicator)
                            health.getContributor("replicaPool")).health(true);
                    assertThat(replicaHealth.getStatus()).isEqualTo(Status.UP);

                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(io.momoko.autoconfigure.metrics.MomokoPoolMeters.class).bindTo(registry);
                    FunctionTimer replicaQueries = registry.get("momoko.query").tag("pool", "replica")
                            .tag("outcome", "success").functionTimer();
                    double before = replicaQueries.count();
                    Await.result(replica.execute("SELECT 1"));
                    assertThat(replicaQueries.count()).as("the replica's statements, under its own name")
                            .isEqualTo(before + 1);
                    assertThat(registry.get("momoko.pool.connections.max").tag("pool", "replica").gauge().value())
                            .isEqualTo(3);
                    assertThat(registry.get("momoko.pool.connections.max").tag("pool", "primary").gauge().value())
                            .isEqualTo(10);

                    assertThat(context.getBean(io.momoko.autoconfigure.endpoint.MomokoEndpoint.class).pools())
                            .containsOnlyKeys("replicaPool", "momokoPool");
                    context.getBean(MomokoPoolLifecycle.class).stop();
                    assertThat(pools.values()).allMatch(Pool::isClosed);
                });
    }

    @Test
    void aSecondPoolsBadPropertyIsNamedUnderItsPrefix() {
        runner.withUserConfiguration(ReplicaPool.class).withPropertyValues("momoko.replica.pool.max-size=0",
                "momoko.replica.host=" + DB.host())
                .run(context -> assertInvalid(context, "momoko.replica.pool.max-size", "maxSize must be >= 1, was 0"));
        runner.withUserConfiguration(ReplicaPool.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("No database configured: set momoko.replica.url");
        });
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        MomokoPoolFactory factory = new MomokoPoolFactory(new org.springframework.mock.env.MockEnvironment(),
                new org.springframework.beans.factory.support.DefaultListableBeanFactory()
                        .getBeanProvider(MomokoPoolMetricsProvider.class),
                new org.springframework.beans.factory.support.DefaultListableBeanFactory()
                        .getBeanProvider(io.momoko.metrics.StatementObserver.class));
        io.momoko.autoconfigure.metrics.MomokoPoolMeters meters = new io.momoko.autoconfigure.metrics.MomokoPoolMeters(
                new org.springframework.beans.factory.support.DefaultListableBeanFactory().getBeanProvider(Pool.class));
        org.springframework.boot.health.contributor.HealthIndicator health = () -> Health.up().build();
        runner.withBean("momokoPoolFactory", MomokoPoolFactory.class, () -> factory)
                .withBean("momokoPoolMeters", io.momoko.autoconfigure.metrics.MomokoPoolMeters.class, () -> meters)
                .withBean("momokoHealthIndicator", org.springframework.boot.health.contributor.HealthIndicator.class,
                        () -> health)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MomokoPoolFactory.class)).isSameAs(factory);
                    assertThat(context.getBean(io.momoko.autoconfigure.metrics.MomokoPoolMeters.class)).isSameAs(meters);
                    assertThat(context).doesNotHaveBean("momokoHealthContributor");
                });
    }

    @Test
    void registersEveryMeterReadmeListsAndOpenTelemetryNamesWhenAsked() {
        runner.withPropertyValues("momoko.pool.name=named", "momoko.pool.max-size=1", "momoko.metrics.open-telemetry-names=true").run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(io.momoko.autoconfigure.metrics.MomokoPoolMeters.class).bindTo(registry);
            Pool pool = context.getBean(Pool.class);
            Connection held = Await.result(pool.getConn());
            CompletableFuture<Connection> waiting = pool.getConn();
            Await.until("a waiting request", () -> pool.stats().waiting() == 1);
            for (String gauge : List.of("active", "idle", "opening", "pending", "dead", "waiting", "max", "min")) {
                assertThat(registry.find("momoko.pool.connections." + gauge).tag("pool", "named").gauge())
                        .as(gauge).isNotNull();
            }
            assertThat(registry.get("momoko.pool.connections.waiting").gauge().value()).isEqualTo(1);
            assertThat(registry.get("momoko.pool.connections.active").gauge().value()).isEqualTo(1);
            for (String timer : List.of("momoko.pool.connections.acquire", "momoko.pool.connections.usage",
                    "momoko.pool.connections.creation", "momoko.query", "db.client.connection.wait_time",
                    "db.client.connection.use_time", "db.client.connection.create_time")) {
                assertThat(registry.find(timer).functionTimer()).as(timer).isNotNull();
            }
            for (String counter : List.of("momoko.pool.connections.timeout", "momoko.pool.connections.failed",
                    "momoko.pool.connections.closed", "momoko.query.timeout", "db.client.connection.timeouts")) {
                assertThat(registry.find(counter).functionCounter()).as(counter).isNotNull();
            }
            assertThat(registry.get("db.client.connection.count").tag("db.client.connection.pool.name", "named")
                    .tag("db.client.connection.state", "used").gauge().value()).isEqualTo(1);
            assertThat(registry.get("db.client.connection.pending_requests").gauge().value())
                    .as("OpenTelemetry's pending means waiting requests").isEqualTo(1);
            assertThat(registry.get("db.client.connection.max").gauge().value()).isEqualTo(1);
            Await.result(pool.putConn(held));
            Await.result(pool.putConn(Await.result(waiting)));
        });
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(io.momoko.autoconfigure.metrics.MomokoPoolMeters.class).bindTo(registry);
            assertThat(registry.find("db.client.connection.count").gauge()).as("off by default").isNull();
        });
    }

    @Test
    void exposesPoolsAndLeasesThroughTheEndpoint() {
        runner.withConfiguration(AutoConfigurations.of(
                        io.momoko.autoconfigure.endpoint.MomokoEndpointAutoConfiguration.class))
                // Where a connection was borrowed is recorded only while leak detection is on.
                .withPropertyValues("management.endpoints.web.exposure.include=momoko", "momoko.pool.size=2",
                        "momoko.password=hunter2", "momoko.pool.leak-detection-threshold=1h")
                .run(context -> {
                    io.momoko.autoconfigure.endpoint.MomokoEndpoint endpoint =
                            context.getBean(io.momoko.autoconfigure.endpoint.MomokoEndpoint.class);
                    Pool pool = context.getBean(Pool.class);
                    Connection held = pool.getConn().join();
                    held.execute("BEGIN").join();
                    try {
                        var report = endpoint.pools().get("momokoPool");
                        assertThat(report.stats().busy()).isEqualTo(1);
                        assertThat(report.leases()).singleElement().satisfies(lease -> {
                            assertThat(lease.holder()).isEqualTo("getConn");
                            assertThat(lease.borrowedAt()).contains("MomokoAutoConfigurationTests");
                            assertThat(lease.backendPid()).isPositive();
                            assertThat(lease.serverState()).isEqualTo("idle in transaction");
                        });
                        assertThat(report.toString()).doesNotContain("hunter2");
                    } finally {
                        pool.putConn(held).join();
                    }
                    assertThat(endpoint.evict()).containsEntry("momokoPool", 2);
                });
    }

    @Test
    void closesGracefullyAtShutdownLettingStatementsFinish() {
        java.util.concurrent.atomic.AtomicReference<Pool> pool = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<io.momoko.Cursor<io.momoko.Row>>>
                running = new java.util.concurrent.atomic.AtomicReference<>();
        runner.run(context -> {
            pool.set(context.getBean(Pool.class));
            running.set(pool.get().execute("SELECT pg_sleep(0.5), 'finished'"));
            io.momoko.test.Await.until("statement running", () -> pool.get().stats().busy() == 1);
        });
        // The context is closed: the statement in flight finished, then the pool closed.
        assertThat(running.get().join().fetchOne().get(1)).isEqualTo("finished");
        assertThat(pool.get().isClosed()).isTrue();
        assertThat(pool.get().stats().total()).isZero();
    }

    @Test
    void explainsAFailedStartUp() throws Exception {
        int port = closedPort();
        runner.withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + port, "momoko.password=hunter2")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = new MomokoConnectFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("could not connect to PostgreSQL")
                            .contains("127.0.0.1:" + port).doesNotContain("hunter2");
                    assertThat(analysis.getAction()).contains("momoko.pool.raise-connect-errors=false");
                    assertThat(analysis.getCause()).isInstanceOf(PartiallyConnectedException.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPool {
        @Bean(destroyMethod = "close")
        Pool userPool() {
            return Pool.builder().name("users-own").connectOptions(DB).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserVertx {
        @Bean(destroyMethod = "close")
        Vertx vertx() {
            return Vertx.vertx();
        }

        @Bean
        MomokoPoolCustomizer nameCustomizer() {
            return builder -> builder.name("customized");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Details {
        @Bean
        MomokoConnectionDetails details() {
            return new MomokoConnectionDetails() {
                @Override
                public String getHost() {
                    return DB.host();
                }

                @Override
                public int getPort() {
                    return DB.port();
                }

                @Override
                public String getDatabase() {
                    return DB.database();
                }

                @Override
                public String getUsername() {
                    return DB.user();
                }

                @Override
                public String getPassword() {
                    return DB.password();
                }
            };
        }
    }
}
