package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.Gate;
import io.momoko.test.PgActivity;
import io.momoko.test.TcpProxy;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Momoko's volatile-database and proxy tests: the pool between a server that goes away and comes back. */
@ExtendWith(TestDatabaseExtension.class)
class PoolFaultTest {

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
        for (Pool pool : pools) {
            result(pool.close());
        }
        proxy.close();
        result(admin.close());
    }

    private Pool.Builder throughProxy() {
        return TestPools.builder("momoko-fault", options.toBuilder().host("127.0.0.1").port(proxy.port())
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    private static int pid(Cursor<Row> cursor) {
        return cursor.fetchOne().get(0, Integer.class);
    }

    private Pool track(Pool pool) {
        pools.add(pool);
        return pool;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void startsWithDeadConnectionsWhenTheServerIsUnreachable() throws Exception {
        Pool pool = track(Pool.builder().size(3).raiseConnectErrors(false)
                .connectOptions(options.toBuilder().host("127.0.0.1").port(freePort()).build()).build());
        result(pool.connect());
        assertThat(pool.stats().dead()).isEqualTo(3);
        Throwable error = failure(pool.execute("SELECT 1"));
        assertThat(error).isInstanceOf(DatabaseNotAvailableException.class)
                .hasMessageStartingWith("No database connection available");
        assertThat(error.getCause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void failsConnectWithPartiallyConnectedWhenAllFail() throws Exception {
        Pool pool = track(Pool.builder().size(2)
                .connectOptions(options.toBuilder().host("127.0.0.1").port(freePort()).build()).build());
        assertThat(failure(pool.connect())).isInstanceOf(PartiallyConnectedException.class)
                .hasMessageStartingWith("2 connection(s) failed to connect");
    }

    @Test
    void staysUsableAfterAPartialConnect() {
        Pool pool = track(throughProxy().size(3).maxSize(3).reconnectInterval(Duration.ofHours(1)).build());
        // Let exactly one connection through: refuse from the second accepted connection on.
        proxy.mode(TcpProxy.Mode.PASS);
        result(pool.execute("SELECT 1"));
        proxy.mode(TcpProxy.Mode.REFUSE);
        Throwable error = failure(pool.connect());
        assertThat(error).isInstanceOf(PartiallyConnectedException.class)
                .hasMessageStartingWith("2 connection(s) failed to connect");
        assertThat(pool.stats().free()).isEqualTo(1);
        assertThat(pool.stats().dead()).isEqualTo(2);
        assertThat(result(pool.execute("SELECT 42")).fetchOne().get(0)).isEqualTo(42);
    }

    @Test
    void reconnectsOnceTheServerIsBack() {
        Pool pool = track(throughProxy().size(2).reconnectInterval(Duration.ofMillis(100)).build());
        result(pool.connect());
        proxy.mode(TcpProxy.Mode.REFUSE);
        proxy.dropAll();
        Await.until("both connections dead", () -> pool.stats().dead() == 2);
        assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(DatabaseNotAvailableException.class);
        proxy.mode(TcpProxy.Mode.PASS);
        Await.until("a query succeeds again", () -> Await.succeeds(pool.execute("SELECT 1")));
        assertThat(result(pool.execute("SELECT 2")).fetchOne().get(0)).isEqualTo(2);
    }

    @Test
    void respectsTheReconnectInterval() {
        Pool pool = track(throughProxy().size(1).maxSize(1).reconnectInterval(Duration.ofHours(1)).build());
        result(pool.connect());
        proxy.mode(TcpProxy.Mode.REFUSE);
        proxy.dropAll();
        Await.until("connection dead", () -> pool.stats().dead() == 1);
        int before = proxy.accepted();
        // The first request may reconnect at once (the connection died in use, it did not fail to open)...
        assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(DatabaseNotAvailableException.class);
        int afterFirst = proxy.accepted();
        assertThat(afterFirst - before).isLessThanOrEqualTo(1);
        // ...but after a failed attempt, no request may try again within the interval: they fail at once.
        for (int i = 0; i < 20; i++) {
            assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(DatabaseNotAvailableException.class);
        }
        assertThat(proxy.accepted()).isEqualTo(afterFirst);
    }

    @Test
    void abortsTheWaitingQueueWhenEveryConnectionDies() {
        Pool pool = track(throughProxy().size(1).maxSize(1).reconnectInterval(Duration.ofHours(1)).build());
        result(pool.connect());
        CompletableFuture<Cursor<Row>> running = pool.execute("SELECT pg_sleep(10)");
        List<CompletableFuture<Cursor<Row>>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(pool.execute("SELECT 1"));
        }
        Await.until("five waiters", () -> pool.stats().waiting() == 5);
        proxy.mode(TcpProxy.Mode.REFUSE);
        proxy.dropAll();
        assertThat(failure(running)).isInstanceOf(ConnectionClosedException.class);
        for (CompletableFuture<Cursor<Row>> waiter : waiting) {
            assertThat(failure(waiter)).isInstanceOf(DatabaseNotAvailableException.class);
        }
        assertThat(pool.stats().waiting()).isZero();
    }

    @Test
    void waitsForAConnectionAfterADisconnectWhenOthersLive() {
        Pool pool = track(throughProxy().size(2).maxSize(2).reconnectInterval(Duration.ofHours(1)).build());
        result(pool.connect());
        Connection live = result(pool.getConn());
        int livePid = pid(result(live.execute("SELECT pg_backend_pid()")));
        int idlePid = pid(result(pool.execute("SELECT pg_backend_pid()")));
        // From now on no connection can be opened: a request can only be served by the live one.
        proxy.mode(TcpProxy.Mode.REFUSE);
        result(admin.execute("SELECT pg_terminate_backend(%s)", idlePid));
        Await.until("the idle connection dead", () -> pool.stats().dead() == 1);
        assertThat(pid(result(live.execute("SELECT pg_backend_pid()")))).as("the other connection, live").isEqualTo(livePid);
        assertThat(pool.stats().busy()).isEqualTo(1);

        CompletableFuture<Cursor<Row>> first = pool.execute("SELECT pg_backend_pid()");
        // It may try the dead slot once (that connection died, it did not fail to open); refused, it waits on.
        Await.until("the first request waiting, any reconnect attempt over", () -> first.isDone()
                || pool.stats().waiting() == 1 && pool.stats().pending() == 0);
        CompletableFuture<Cursor<Row>> second = pool.execute("SELECT pg_backend_pid()");
        Await.until("the second request waiting too", () -> second.isDone() || pool.stats().waiting() == 2);
        assertThat(first).as("a request while another connection lives").isNotDone();
        assertThat(second).as("a request after a failed reconnect while another connection lives").isNotDone();

        result(pool.putConn(live));
        assertThat(pid(result(first))).isEqualTo(livePid);
        assertThat(pid(result(second))).isEqualTo(livePid);
    }

    @Test
    void executesBeforeConnectFinished() {
        Pool pool = track(throughProxy().size(2).build());
        CompletableFuture<Pool> connecting = pool.connect();
        CompletableFuture<Cursor<Row>> early = pool.execute("SELECT 5");
        assertThat(result(early).fetchOne().get(0)).isEqualTo(5);
        result(connecting);
        assertThat(pool.stats().total()).isEqualTo(2);
    }

    @Test
    void failsRatherThanHangsWhenTheServerStalls() {
        proxy.mode(TcpProxy.Mode.STALL);
        Pool pool = track(throughProxy().size(1).reconnectInterval(Duration.ofHours(1)).build());
        Throwable error = failure(pool.connect());
        assertThat(error).isInstanceOf(PartiallyConnectedException.class);
        assertThat(error.getCause()).isInstanceOf(ConnectException.class).hasMessageContaining("no answer within 2000 ms");
    }

    @Test
    void neverRunsAStatementTwice() {
        Pool pool = track(throughProxy().size(1).maxSize(2).build());
        result(pool.connect());
        String table = "fault_once_" + Long.toHexString(System.nanoTime());
        result(admin.execute("CREATE TABLE " + table + " (id serial, note text)"));
        try {
            // The statement reaches the server, held at the gate, when the connection is cut: the pool must
            // report the failure and must not run it again elsewhere.
            try (Gate gate = Gate.closed(options)) {
                CompletableFuture<Cursor<Row>> insert = pool.execute("INSERT INTO " + table
                        + " (note) SELECT 'x' FROM (SELECT " + gate.lock() + ") AS gate RETURNING id");
                gate.awaitWaiting(1);
                proxy.dropAll();
                assertThat(failure(insert)).isInstanceOf(ConnectionClosedException.class)
                        .satisfies(e -> assertThat(((ConnectionClosedException) e).wasSent()).isTrue());
            }
            Await.until("server finished the statement", () ->
                    PgActivity.running(admin, pool.name(), "INSERT INTO " + table + "%") == 0);
            assertThat(result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class))
                    .isLessThanOrEqualTo(1L);
        } finally {
            result(admin.execute("DROP TABLE " + table));
        }
    }

    @Test
    void survivesAServerRestart(@TempDir Path dataDirectory) throws Exception {
        int port = freePort();
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        EmbeddedPostgres running = server.start();
        try {
            Pool pool = track(Pool.builder().size(2).reconnectInterval(Duration.ofMillis(200))
                    .connectOptions(ConnectOptions.builder().host("localhost").port(port).user("postgres")
                            .database("postgres").sslMode(SslMode.DISABLE).build()).build());
            result(pool.connect());
            CompletableFuture<Cursor<Row>> inFlight = pool.execute("SELECT pg_sleep(30)");
            Await.until("statement running", () -> pool.stats().busy() == 1);
            running.close();
            assertThat(failure(inFlight)).isInstanceOfAny(ConnectionClosedException.class, DatabaseException.class);
            Await.until("both connections dead", () -> pool.stats().dead() == 2);
            assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(DatabaseNotAvailableException.class);

            running = server.start();
            Await.until("the pool serves again", () -> Await.succeeds(pool.execute("SELECT 1")));
            assertThat(result(pool.execute("SELECT 7")).fetchOne().get(0)).isEqualTo(7);
        } finally {
            running.close();
        }
    }

    @Test
    void runsATransactionOnceAcrossAReconnect() {
        Pool pool = track(throughProxy().size(1).maxSize(1).build());
        result(pool.connect());
        String table = "fault_tx_" + Long.toHexString(System.nanoTime());
        result(admin.execute("CREATE TABLE " + table + " (id int)"));
        try {
            proxy.dropAll();
            Await.until("connection dead", () -> pool.stats().dead() == 1);
            result(pool.transaction(List.of("INSERT INTO " + table + " VALUES (1)")));
            assertThat(result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0)).isEqualTo(1L);
        } finally {
            result(admin.execute("DROP TABLE " + table));
        }
    }
}
