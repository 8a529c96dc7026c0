package io.momoko.autoconfigure;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.PartiallyConnectedException;
import io.momoko.Pool;
import io.momoko.autoconfigure.health.MomokoHealthContributorAutoConfiguration;
import io.momoko.autoconfigure.health.MomokoHealthIndicator;
import io.momoko.autoconfigure.metrics.MicrometerPoolMetrics;
import io.momoko.autoconfigure.metrics.MomokoMetricsAutoConfiguration;
import io.momoko.test.TestDatabase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MomokoAutoConfigurationTests {

    private static final ConnectOptions DB = TestDatabase.get().options();

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
                "momoko.pool.acquire-timeout=750ms", "momoko.pool.query-timeout=5s",
                "momoko.pool.reconnect-interval=250ms", "momoko.pool.raise-connect-errors=true",
                "momoko.pool.auto-shrink=true", "momoko.pool.shrink-delay=10s", "momoko.pool.shrink-period=5s",
                "momoko.pool.max-waiting=12", "momoko.pool.max-lifetime=10m", "momoko.pool.validation-interval=1s",
                "momoko.pool.leak-detection-threshold=20s", "momoko.pool.pipelining=2",
                "momoko.application-name=shop").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Pool.class);
                    Pool pool = context.getBean(Pool.class);
                    assertThat(pool.stats().name()).isEqualTo("orders");
                    assertThat(pool.stats().size()).isEqualTo(2);
                    assertThat(pool.stats().maxSize()).isEqualTo(7);
                    assertThat(pool.stats().free()).isEqualTo(2);
                    io.momoko.Row settings = pool.execute("SELECT current_setting('TimeZone') AS zone, "
                            + "current_setting('application_name') AS app").join().fetchOne();
                    assertThat(settings.getString("zone")).isEqualTo("UTC");
                    assertThat(settings.getString("app")).isEqualTo("shop");
                    MomokoProperties.Pool bound = context.getBean(MomokoProperties.class).getPool();
                    assertThat(bound.getAcquireTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(bound.getQueryTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(bound.getReconnectInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(bound.isAutoShrink()).isTrue();
                    assertThat(bound.getShrinkDelay()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(bound.getShrinkPeriod()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(bound.getMaxWaiting()).isEqualTo(12);
                    assertThat(bound.getMaxLifetime()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(bound.getValidationInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(bound.getLeakDetectionThreshold()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(bound.getPipelining()).isEqualTo(2);
                    assertThat(bound.getSetSession()).hasSize(2);
                });
    }

    @Test
    void acceptsAUrl() {
        String url = "postgresql://" + DB.user() + (DB.password() == null ? "" : ":" + DB.password()) + "@" + DB.host()
                + ":" + DB.port() + "/" + DB.database() + "?sslmode=" + DB.sslMode().dsnValue();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withPropertyValues("momoko.url=" + url).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class).execute("SELECT 1").join().fetchOne().get(0)).isEqualTo(1);
                });
    }

    @Test
    void failsOnABadValueNamingTheProperty() {
        runner.withPropertyValues("momoko.pool.size=5", "momoko.pool.max-size=2").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("momoko.pool.maxSize")
                    .hasMessageContaining("maxSize (2) must be >= size (5)");
        });
        runner.withPropertyValues("momoko.port=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("momoko.port")
                    .hasMessageContaining("port must be between 1 and 65535, was 0");
        });
        runner.withPropertyValues("momoko.pool.acquire-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("momoko.pool.acquire-timeout");
        });
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
    void reportsHealthDownWhenTheDatabaseIsUnreachable() throws Exception {
        runner.withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + closedPort(),
                "momoko.pool.raise-connect-errors=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = context.getBean(MomokoHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get("reason")))
                            .contains("No database connection available");
                    assertThat(health.toString()).doesNotContain("password");
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
            context.getBean(MicrometerPoolMetrics.class).bindTo(registry);
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

    @Test
    void exposesPoolsAndLeasesThroughTheEndpoint() {
        runner.withConfiguration(AutoConfigurations.of(
                        io.momoko.autoconfigure.endpoint.MomokoEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=momoko", "momoko.pool.size=2",
                        "momoko.password=hunter2")
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
