package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancels and timeouts reach the server for the statement they are meant for, and never for another one.
 * The statements sleep for 30 s, so a test that passes within its deadlines cannot have waited them out.
 */
@ExtendWith(TestDatabaseExtension.class)
class CancelTest {

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;
    private Connection admin;
    private String application;

    @BeforeEach
    void setUp(TestDatabase db) {
        application = "momoko-cancel-" + Long.toHexString(System.nanoTime());
        options = db.options().toBuilder().applicationName(application).build();
        admin = result(Momoko.connect(db.options()));
    }

    @AfterEach
    void tearDown() {
        pools.forEach(pool -> result(pool.close()));
        result(admin.close());
    }

    private Pool pool(Pool.Builder builder) {
        Pool pool = builder.connectOptions(options).name(application).build();
        pools.add(pool);
        return result(pool.connect());
    }

    private long sleepingOnServer() {
        return result(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                + "AND state = 'active' AND query LIKE 'SELECT pg_sleep%%'", application)).fetchOne().get(0, Long.class);
    }

    @Test
    void cancellingARunningStatementStopsItOnTheServerAndFreesTheConnection() {
        Pool pool = pool(Pool.builder().size(1).maxSize(1));
        CompletableFuture<?> sleeping = pool.execute("SELECT pg_sleep(30)");
        Await.until("the statement runs", () -> sleepingOnServer() == 1);
        sleeping.cancel(true);

        Await.until("the server no longer runs it", Duration.ofSeconds(5), () -> sleepingOnServer() == 0);
        Cursor<Row> next = pool.execute("SELECT 1").orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(next.fetchOne().get(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aQueryTimeoutCancelNeverReachesTheNextStatement() {
        Pool pool = pool(Pool.builder().size(1).maxSize(1).queryTimeout(Duration.ofMillis(50)));
        int innocentFailures = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // Near the limit: sometimes finishes just before the timeout, sometimes just after.
            double seconds = 0.040 + (i % 20) * 0.001;
            pool.execute("SELECT pg_sleep(" + seconds + ")");
            Throwable innocent = pool.execute("SELECT pg_sleep(0.02)").handle((cursor, error) -> error).join();
            if (innocent != null) {
                innocentFailures++;
                errors.add(String.valueOf(innocent));
            }
        }
        assertThat(errors).isEmpty();
        assertThat(innocentFailures).isZero();
    }

    @Test
    void closingAConnectionDuringALongStatementDoesNotWaitForIt() {
        Connection connection = result(Momoko.connect(options));
        CompletableFuture<?> sleeping = connection.execute("SELECT pg_sleep(30)");
        Await.until("the statement runs", () -> sleepingOnServer() == 1);
        CompletableFuture<Void> closed = connection.close();
        assertThat(failure(sleeping)).isInstanceOf(ConnectionClosedException.class);
        closed.orTimeout(5, TimeUnit.SECONDS).join();
        Await.until("the server no longer runs it", Duration.ofSeconds(5), () -> sleepingOnServer() == 0);
    }

    @Test
    void closingThePoolCancelsStatementsStillRunningAfterTheGracePeriod() {
        Pool pool = Pool.builder().connectOptions(options).name(application).size(1)
                .closeTimeout(Duration.ofMillis(300)).build();
        result(pool.connect());
        CompletableFuture<?> sleeping = pool.execute("SELECT pg_sleep(30)");
        Await.until("the statement runs", () -> sleepingOnServer() == 1);
        pool.close().orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(failure(sleeping)).isInstanceOf(MomokoException.class);
        Await.until("the server no longer runs it", Duration.ofSeconds(5), () -> sleepingOnServer() == 0);
    }

    @Test
    void closingAConnectionWhoseCancelCannotGetThroughDropsTheSocketAfterTheBound() {
        try (io.momoko.test.TcpProxy proxy = new io.momoko.test.TcpProxy(options.host(), options.port())) {
            Connection connection = result(Momoko.connect(options.toBuilder().host("127.0.0.1").port(proxy.port())
                    .build()));
            CompletableFuture<?> sleeping = connection.execute("SELECT pg_sleep(30)");
            Await.until("the statement runs", () -> sleepingOnServer() == 1);
            // Every byte now takes 12 s each way: the cancel request and the socket's goodbye crawl.
            proxy.latency(Duration.ofSeconds(12));
            long started = System.nanoTime();
            connection.close().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(failure(sleeping)).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void aCallerTimingOutARunningStatementStopsItOnTheServer() {
        Pool pool = pool(Pool.builder().size(1).maxSize(1));
        CompletableFuture<?> sleeping = pool.execute("SELECT pg_sleep(30)").orTimeout(300, TimeUnit.MILLISECONDS);
        assertThat(failure(sleeping)).isInstanceOf(java.util.concurrent.TimeoutException.class);
        Await.until("the server no longer runs it", Duration.ofSeconds(5), () -> sleepingOnServer() == 0);
        assertThat(pool.execute("SELECT 1").orTimeout(5, TimeUnit.SECONDS).join().fetchOne().get(0, Integer.class))
                .isEqualTo(1);
    }

    @Test
    void cancellingARunningTransactionRollsItBackOnTheServer() {
        Pool pool = pool(Pool.builder().size(1).maxSize(1));
        String table = "cancel_tx_" + Long.toHexString(System.nanoTime());
        result(admin.execute("CREATE TABLE " + table + " (i int)"));
        try {
            CompletableFuture<?> transaction = pool.transaction(List.of("INSERT INTO " + table + " VALUES (100)",
                    "SELECT pg_sleep(30)", "INSERT INTO " + table + " VALUES (101)"));
            Await.until("the transaction sleeps", () -> sleepingOnServer() == 1);
            transaction.cancel(true);
            Await.until("the server no longer runs it", Duration.ofSeconds(5), () -> sleepingOnServer() == 0);
            assertThat(pool.execute("SELECT 1").orTimeout(5, TimeUnit.SECONDS).join().fetchOne().get(0, Integer.class))
                    .isEqualTo(1);
            assertThat(result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class)).isZero();
        } finally {
            result(admin.execute("DROP TABLE " + table));
        }
    }
}
