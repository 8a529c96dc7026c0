package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.KernelSockets;
import io.momoko.test.PgActivity;
import io.momoko.test.TcpProxy;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that stops answering without closing anything: what callers wait for, and whether the sockets carry
 * TCP keepalive (issue 14, item 7). The kernel's socket table is read from outside the JVM.
 */
@ExtendWith(TestDatabaseExtension.class)
class SilentServerTest {

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;
    private TcpProxy proxy;
    private Connection admin;

    @BeforeEach
    void setUp(TestDatabase db) {
        options = db.options();
        proxy = new TcpProxy(options.host(), options.port());
        admin = result(Momoko.connect(options));
    }

    @AfterEach
    void tearDown() {
        proxy.silence(false);
        pools.forEach(pool -> result(pool.close()));
        proxy.close();
        result(admin.close());
    }

    private Pool connected(Pool.Builder builder) {
        Pool pool = builder.build();
        pools.add(pool);
        return result(pool.connect());
    }

    /** The local port of the connection that runs this statement, as the server saw it. */
    private static int clientPort(SqlOperations<Row> operations) {
        return result(operations.execute("SELECT client_port FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
                .fetchOne().get(0, Integer.class);
    }

    @Test
    void everyConnectionCarriesTcpKeepaliveByDefault() {
        requireKernelTable();
        Pool pool = connected(TestPools.builder("momoko-keepalive", options).size(1));
        OptionalLong left = KernelSockets.keepaliveSecondsLeft(clientPort(pool));
        assertThat(left).as("keepalive timer of the pool's socket").isPresent();
        assertThat(left.getAsLong()).isBetween(1L, 60L);
    }

    @Test
    void keepaliveIdleTimeComesFromTheOptionsAndCanBeSwitchedOff() {
        requireKernelTable();
        Pool tuned = connected(TestPools.builder("momoko-keepalive", ConnectOptions.parse(
                TestDatabase.get().url() + (TestDatabase.get().url().contains("?") ? "&" : "?")
                        + "keepalives_idle=7&keepalives_interval=2&keepalives_count=3")).size(1));
        OptionalLong left = KernelSockets.keepaliveSecondsLeft(clientPort(tuned));
        assertThat(left).as("keepalive timer of the tuned pool's socket").isPresent();
        assertThat(left.getAsLong()).isBetween(1L, 7L);
        Pool off = connected(TestPools.builder("momoko-keepalive", options.toBuilder()
                .keepalive(TcpKeepalive.OFF).build()).size(1));
        assertThat(KernelSockets.keepaliveSecondsLeft(clientPort(off))).isEmpty();
    }

    @Test
    void aSilentServerCostsCallersNoMoreThanTheirBoundsAndThePoolServesWhenItSpeaksAgain() {
        Duration acquireTimeout = Duration.ofSeconds(2);
        Pool pool = connected(TestPools.builder("momoko-silent", options.toBuilder().host("127.0.0.1")
                        .port(proxy.port()).connectTimeout(Duration.ofSeconds(2)).build())
                .size(2).maxSize(2).acquireTimeout(acquireTimeout).queryTimeout(Duration.ofSeconds(1))
                .validationInterval(Duration.ZERO).reconnectInterval(Duration.ofMillis(100)));

        // A statement the server has received; then the server falls silent (its answer is held back, every
        // byte the client sends is still acknowledged, new connections are accepted and never answered).
        CompletableFuture<Cursor<Row>> inFlight = pool.execute("SELECT pg_sleep(0.3)");
        Await.until("the statement reached the server",
                () -> PgActivity.running(admin, pool.name(), "SELECT pg_sleep(0.3)") == 1);
        proxy.mode(TcpProxy.Mode.STALL);
        proxy.silence(true);

        assertThat(failure(inFlight, Duration.ofSeconds(5))).as("the in-flight statement, bound by queryTimeout")
                .isInstanceOf(QueryTimeoutException.class);
        CompletableFuture<Cursor<Row>> fresh = pool.execute("SELECT 2");
        assertThat(failure(fresh, acquireTimeout.plusSeconds(3))).as("a new request, bound by acquireTimeout")
                .isInstanceOf(AcquireTimeoutException.class);

        proxy.mode(TcpProxy.Mode.PASS);
        proxy.silence(false);
        Await.until("the pool serves again", () -> Await.succeeds(pool.execute("SELECT 3")));
        Await.until("nothing left busy", () -> pool.stats().busy() == 0);
    }

    private static void requireKernelTable() {
        // Linux is where the suite runs (the embedded server's binaries are Linux ones); say so if not.
        assertThat(KernelSockets.readable()).as("/proc/net/tcp readable").isTrue();
    }
}
