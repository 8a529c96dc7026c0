package io.momoko;

import io.momoko.metrics.PoolMetrics;
import io.momoko.test.Await;
import io.momoko.test.CapturedOutput;
import io.momoko.test.Gate;
import io.momoko.test.OutputCaptureExtension;
import io.momoko.test.PgActivity;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Momoko's pool semantics against a real server: data, queueing, parallelism, stretching, shrinking.
 * Statements that must still be running while the test looks wait at a {@link Gate}, not in a
 * {@code pg_sleep} that a loaded machine could outlast.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class PoolTest {

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;
    private Connection admin;

    @BeforeEach
    void setUp(TestDatabase db) {
        options = db.options();
        admin = result(Momoko.connect(options));
    }

    @AfterEach
    void tearDown() {
        for (Pool pool : pools) {
            result(pool.close());
        }
        result(admin.close());
    }

    private Pool.Builder builder() {
        return TestPools.builder("momoko-test", options);
    }

    private Pool connected(Pool.Builder builder) {
        Pool pool = builder.build();
        pools.add(pool);
        return result(pool.connect());
    }

    private long serverConnections(Pool pool) {
        return PgActivity.sessions(admin, pool.name());
    }

    /** Issues {@code n} statements that wait at the gate and waits until the server holds them all. */
    private static List<CompletableFuture<Cursor<Row>>> heldAtTheGate(Pool pool, Gate gate, int n, int held) {
        List<CompletableFuture<Cursor<Row>>> statements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statements.add(pool.execute(gate.select("%s::int"), i));
        }
        gate.awaitWaiting(held);
        return statements;
    }

    @Test
    void connectOpensSizeConnections() {
        Pool pool = connected(builder().size(3).maxSize(5));
        assertThat(pool.stats()).isEqualTo(new PoolStats(pool.name(), 3, 5, 3, 0, 0, 0, 0));
        assertThat(serverConnections(pool)).isEqualTo(3L);
        assertThat(pool.toString()).isEqualTo("Pool[" + pool.name() + "]: 3 free, 0 busy, 0 dead, 0 pending, 0 waiting "
                + "(size 3, maxSize 5)");
    }

    @Test
    void runsStatementsThroughThePool() {
        Pool pool = connected(builder().size(2));
        assertThat(result(pool.execute("SELECT %s + %s", 1, 2)).fetchOne().get(0)).isEqualTo(3);
        result(pool.execute("CREATE TABLE IF NOT EXISTS pool_items (id int PRIMARY KEY)"));
        try {
            result(pool.transaction(List.of("DELETE FROM pool_items", "INSERT INTO pool_items VALUES (1), (2)")));
            assertThat(result(pool.execute("SELECT count(*) FROM pool_items")).fetchOne().get(0)).isEqualTo(2L);
            assertThat(((DatabaseException) failure(pool.transaction(List.of("INSERT INTO pool_items VALUES (3)",
                    "INSERT INTO pool_items VALUES (1)")))).sqlState()).isEqualTo("23505");
            assertThat(result(pool.execute("SELECT count(*) FROM pool_items")).fetchOne().get(0)).isEqualTo(2L);
            assertThat(result(pool.callProc("abs", -5)).fetchOne().get(0)).isEqualTo(5);
            assertThat(pool.mogrify("SELECT %s", "x'y")).isEqualTo("SELECT 'x''y'");
            result(pool.ping());
        } finally {
            result(pool.execute("DROP TABLE pool_items"));
        }
        assertThat(pool.stats().busy()).isZero();
    }

    @Test
    void getConnAndPutConnFifteenTimes() {
        Pool pool = connected(builder().size(2));
        Set<Integer> pids = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            Connection conn = result(pool.getConn());
            pids.add(result(conn.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class));
            assertThat(pool.stats().busy()).isEqualTo(1);
            result(pool.putConn(conn));
            assertThat(pool.stats().busy()).isZero();
        }
        // LIFO: the most recently returned connection is reused every time.
        assertThat(pids).hasSize(1);
    }

    @Test
    void getConnAndPutConnFifteenTimesWithReconnects() {
        Pool pool = connected(builder().size(1).maxSize(1));
        for (int i = 0; i < 15; i++) {
            Connection conn = result(pool.getConn());
            int pid = result(conn.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
            result(pool.putConn(conn));
            result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
            Await.until("the pool to see backend " + pid + " die", () -> pool.stats().dead() == 1);
            assertThat(result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class)).isNotEqualTo(pid);
        }
        assertThat(pool.stats().total()).isEqualTo(1);
    }

    @Test
    void manageReturnsTheConnectionWhenTheBlockThrows() {
        Pool pool = connected(builder().size(1));
        Connection conn = result(pool.getConn());
        try (ManagedConnection managed = pool.manage(conn)) {
            result(managed.connection().execute("SELECT 1"));
            throw new IllegalStateException("boom");
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        Await.until("connection returned", () -> pool.stats().free() == 1);
        assertThat(failure(conn.execute("SELECT 1"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("returned to pool");
    }

    @Test
    void nonDriverErrorsLeaveNothingBusy() {
        Pool pool = connected(builder().size(2));
        assertThat(failure(pool.execute("SELECT %s", new Object()))).isInstanceOf(UnsupportedTypeException.class);
        assertThat(failure(pool.execute("SELECT %s, %s", 1))).isInstanceOf(ProgrammingException.class);
        assertThat(failure(pool.withConnection(conn -> {
            throw new IllegalArgumentException("user code");
        }))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(pool.execute("SELECT * FROM nowhere"))).isInstanceOf(DatabaseException.class);
        Await.until("nothing busy", () -> pool.stats().busy() == 0);
        assertThat(pool.stats().free()).isEqualTo(2);
    }

    @Test
    void servesWaitersInArrivalOrder() {
        Pool pool = connected(builder().size(1).maxSize(1));
        Connection held = result(pool.getConn());
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int ticket = i;
            requests.add(pool.getConn().thenCompose(conn -> {
                order.add(ticket);
                return pool.putConn(conn);
            }));
            int queued = i + 1;
            Await.until(queued + " waiting", () -> pool.stats().waiting() == queued);
        }
        result(pool.putConn(held));
        requests.forEach(Await::result);
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void warnsAboutAConnectionHeldTooLong(CapturedOutput output) {
        Pool pool = connected(builder().size(1).leakDetectionThreshold(Duration.ofMillis(100)));
        Connection held = result(pool.getConn());
        // The warning's stack trace is printed after its first line: wait for the whole of it.
        Await.until("a leak warning", () -> output.err().contains("held for more than 100 ms")
                && output.err().contains("PoolTest.warnsAboutAConnectionHeldTooLong"));
        assertThat(output.err()).contains("Pool '" + pool.name() + "'").contains("Connection borrowed from pool")
                .contains("PoolTest.warnsAboutAConnectionHeldTooLong");
        result(pool.putConn(held));
    }

    @Test
    void closeNamesConnectionsNeverReturned(CapturedOutput output) {
        Pool pool = builder().size(1).closeTimeout(Duration.ofMillis(100))
                .leakDetectionThreshold(Duration.ofMinutes(1)).build();
        result(pool.connect());
        Connection forgotten = result(pool.getConn());
        result(pool.close());
        assertThat(output.err()).contains("Pool '" + pool.name() + "' closed while a connection was still borrowed")
                .contains("PoolTest.closeNamesConnectionsNeverReturned");
        assertThat(forgotten.isClosed()).isTrue();
        Await.until("the server to end the pool's sessions", () -> serverConnections(pool) == 0);
    }

    @Test
    void queuesMoreRequestsThanConnections() {
        Pool pool = connected(builder().size(2).maxSize(2));
        List<CompletableFuture<Cursor<Row>>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(pool.execute("SELECT %s::int", i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(result(requests.get(i)).fetchOne().get(0)).isEqualTo(i);
        }
        assertThat(pool.stats().total()).isEqualTo(2);
    }

    @Test
    void runsQueriesInParallel() {
        Pool pool = connected(builder().size(4));
        try (Gate gate = Gate.closed(options)) {
            // All four are on the server at the same moment: one connection each, none queued behind another.
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 4, 4);
            assertThat(pool.stats().busy()).isEqualTo(4);
            gate.open();
            for (int i = 0; i < 4; i++) {
                assertThat(result(held.get(i)).fetchOne().get(0)).isEqualTo(i);
            }
        }
    }

    @Test
    void stretchesToServeConcurrentRequests() {
        Pool pool = connected(builder().size(1).maxSize(4));
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 4, 4);
            assertThat(pool.stats().total()).isEqualTo(4);
            assertThat(serverConnections(pool)).isEqualTo(4L);
            gate.open();
            held.forEach(Await::result);
        }
    }

    @Test
    void sequentialRequestsStretchAtMostOnce() {
        Pool pool = connected(builder().size(1).maxSize(4));
        for (int i = 0; i < 3; i++) {
            result(pool.execute("SELECT 1"));
        }
        assertThat(pool.stats().total()).isBetween(1, 2);
    }

    @Test
    void neverStretchesBeyondMaxSize() {
        Pool pool = connected(builder().size(1).maxSize(3));
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 12, 3);
            assertThat(pool.stats().total()).isEqualTo(3);
            assertThat(pool.stats().waiting()).isEqualTo(9);
            assertThat(serverConnections(pool)).isEqualTo(3L);
            gate.open();
            for (int i = 0; i < 12; i++) {
                assertThat(result(held.get(i)).fetchOne().get(0)).isEqualTo(i);
                assertThat(pool.stats().total()).isLessThanOrEqualTo(3);
            }
        }
        assertThat(pool.stats().total()).isEqualTo(3);
        assertThat(serverConnections(pool)).isEqualTo(3L);
    }

    @Test
    void getConnStretchesToo() {
        Pool pool = connected(builder().size(1).maxSize(3));
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(result(pool.getConn()));
        }
        assertThat(pool.stats().total()).isEqualTo(3);
        assertThat(pool.stats().busy()).isEqualTo(3);
        held.forEach(conn -> result(pool.putConn(conn)));
        assertThat(pool.stats().free()).isEqualTo(3);
    }

    @Test
    void stretchesAfterADisconnect() {
        Pool pool = connected(builder().size(1).maxSize(3));
        int pid = result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
        Await.until("the pool to see its connection die", () -> pool.stats().dead() == 1);
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 3, 3);
            assertThat(pool.stats().total() - pool.stats().dead()).isEqualTo(3);
            gate.open();
            held.forEach(Await::result);
        }
    }

    @Test
    void shrinksIdleConnectionsBackToSize() {
        Pool pool = connected(builder().size(2).maxSize(5).autoShrink(true)
                .shrinkDelay(Duration.ofSeconds(1)).shrinkPeriod(Duration.ofMillis(500)));
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 5, 5);
            assertThat(pool.stats().total()).isEqualTo(5);
            gate.open();
            held.forEach(Await::result);
        }
        Await.until("pool shrunk to 2", () -> pool.stats().total() == 2);
        // The server ends a session a moment after the pool has closed its socket.
        Await.until("the server down to 2 sessions", () -> serverConnections(pool) == 2);
        assertThat(pool.stats().free()).isEqualTo(2);
    }

    @Test
    void runsSetSessionOnEveryNewConnection() {
        for (String zone : List.of("UTC", "Israel", "Australia/Melbourne")) {
            Pool pool = connected(builder().size(1).maxSize(2).setSession(List.of("SET TIME ZONE '" + zone + "'")));
            assertThat(result(pool.execute("SELECT current_setting('TimeZone')")).fetchOne().get(0)).isEqualTo(zone);
        }
    }

    @Test
    void surfacesAFailingSetSessionStatement() {
        Pool pool = builder().size(2).setSession(List.of("SET no_such_setting = 1")).build();
        pools.add(pool);
        Throwable error = failure(pool.connect());
        assertThat(error).isInstanceOf(PartiallyConnectedException.class)
                .hasMessageStartingWith("2 connection(s) failed to connect");
        assertThat(error.getCause()).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error.getCause()).sqlState()).isEqualTo("42704");
        assertThat(pool.stats().dead()).isEqualTo(2);
    }

    @Test
    void putConnRollsBackAndUndoesSessionChanges() {
        Pool pool = connected(builder().size(1).maxSize(1).setSession(List.of("SET TIME ZONE 'UTC'")));
        result(pool.execute("CREATE TABLE IF NOT EXISTS pool_reset (id int)"));
        try {
            Connection conn = result(pool.getConn());
            result(conn.execute("BEGIN"));
            result(conn.execute("INSERT INTO pool_reset VALUES (1)"));
            result(conn.execute("SET TIME ZONE 'Asia/Tokyo'"));
            result(conn.execute("SET statement_timeout = '1234ms'"));
            result(pool.putConn(conn));

            Connection next = result(pool.getConn());
            Row row = result(next.execute("SELECT current_setting('TimeZone'), current_setting('statement_timeout'), "
                    + "(SELECT count(*) FROM pool_reset), now() = statement_timestamp()")).fetchOne();
            assertThat(row.get(0)).isEqualTo("UTC");
            assertThat(row.get(1)).isEqualTo("0");
            assertThat(row.get(2)).isEqualTo(0L);
            assertThat(row.get(3)).as("not inside the old transaction").isEqualTo(true);
            result(pool.putConn(next));
        } finally {
            result(pool.execute("DROP TABLE pool_reset"));
        }
    }

    @Test
    void refusesForeignAndDoubleReturns() {
        Pool pool = connected(builder().size(1));
        Pool other = connected(builder().size(1));
        Connection conn = result(pool.getConn());
        assertThat(failure(other.putConn(conn))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("was not borrowed from pool '" + other.name() + "'");
        result(pool.putConn(conn));
        assertThat(failure(pool.putConn(conn))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("already returned");
        Connection standalone = result(Momoko.connect(options));
        try {
            assertThat(failure(pool.putConn(standalone))).isInstanceOf(ProgrammingException.class);
        } finally {
            result(standalone.close());
        }
    }

    @Test
    void failsAWaiterAfterTheAcquireTimeoutNamingThePool() {
        Pool pool = connected(builder().size(1).maxSize(1).acquireTimeout(Duration.ofMillis(200)));
        Connection held = result(pool.getConn());
        Throwable error = failure(pool.execute("SELECT 1"));
        assertThat(error).isInstanceOf(AcquireTimeoutException.class)
                .hasMessageContaining("Pool '" + pool.name() + "': no connection available within 200 ms")
                .hasMessageContaining("0 free, 1 busy");
        result(pool.putConn(held));
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
        assertThat(pool.stats().waiting()).isZero();
    }

    @Test
    void aCancelledGetConnDoesNotKeepTheConnectionItWasWaitingFor() {
        Pool pool = connected(builder().size(1).maxSize(1));
        Connection held = result(pool.getConn());
        CompletableFuture<Connection> abandoned = pool.getConn();
        Await.until("one waiter", () -> pool.stats().waiting() == 1);
        assertThat(abandoned.cancel(false)).isTrue();
        result(pool.putConn(held));
        Await.until("the connection back on the free stack", () -> pool.stats().free() == 1
                && pool.stats().busy() == 0);
        Connection next = result(pool.getConn());
        assertThat(result(next.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
        result(pool.putConn(next));
    }

    @Test
    void rejectsAtOnceWhenTheWaitQueueIsFull() {
        Pool pool = connected(builder().size(1).maxSize(1).maxWaiting(1));
        Connection held = result(pool.getConn());
        CompletableFuture<Cursor<Row>> waiting = pool.execute("SELECT 1");
        Await.until("one waiter", () -> pool.stats().waiting() == 1);
        assertThat(failure(pool.execute("SELECT 2"))).isInstanceOf(PoolOverloadedException.class)
                .hasMessageContaining("maxWaiting (1)");
        result(pool.putConn(held));
        assertThat(result(waiting).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void cancelsAStatementThatExceedsItsQueryTimeout() {
        Pool pool = connected(builder().size(1).maxSize(1).queryTimeout(Duration.ofMillis(300)));
        Throwable error = failure(pool.execute("SELECT pg_sleep(30)"));
        assertThat(error).isInstanceOf(QueryTimeoutException.class).hasMessageContaining("300 ms");
        // The server stopped the statement and the same connection serves the next one.
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
        assertThat(PgActivity.running(admin, pool.name(), "%pg_sleep(30)%")).isZero();
        assertThat(failure(pool.execute(Statement.of("SELECT pg_sleep(%s)", 30).withTimeout(Duration.ofMillis(100)))))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("100 ms");
        assertThat(pool.stats().total()).isEqualTo(1);
    }

    @Test
    void retiresConnectionsAtTheirMaxLifetime() {
        Pool pool = connected(builder().size(1).maxSize(1).maxLifetime(Duration.ofMillis(300)));
        int first = result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        Await.until("connection replaced", () -> result(pool.execute("SELECT pg_backend_pid()")).fetchOne()
                .get(0, Integer.class) != first);
        assertThat(pool.stats().total()).isEqualTo(1);
    }

    @Test
    void validatesIdleConnectionsBeforeUse() {
        Pool pool = connected(builder().size(1).maxSize(1).validationInterval(Duration.ZERO));
        int pid = result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
        assertThat(result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class)).isNotEqualTo(pid);
    }

    @Test
    void aFatalServerErrorRetiresTheConnection() {
        Pool pool = connected(builder().size(1).maxSize(1));
        Throwable error = failure(pool.execute("SELECT pg_terminate_backend(pg_backend_pid())"));
        // The server sends FATAL 57P01 and closes; which of the two the driver reports first varies.
        if (error instanceof DatabaseException) {
            assertThat(((DatabaseException) error).isConnectionFatal()).isTrue();
        } else {
            assertThat(error).isInstanceOf(ConnectionClosedException.class);
        }
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
        assertThat(pool.stats().total() - pool.stats().dead()).isEqualTo(1);
    }

    @Test
    void knowsWhichServerErrorsEndTheSession() {
        for (String state : List.of("08006", "08003", "57P01", "57P02", "57P03")) {
            assertThat(new DatabaseException(state, "FATAL", "m", null, null, null, null).isConnectionFatal()).isTrue();
        }
        for (String state : List.of("57014", "23505", "40001", "42P01")) {
            assertThat(new DatabaseException(state, "ERROR", "m", null, null, null, null).isConnectionFatal()).isFalse();
        }
    }

    @Test
    void pipelinesStatementsOnOneConnection() {
        Pool pool = connected(builder().size(1).maxSize(1).pipelining(8));
        List<CompletableFuture<Cursor<Row>>> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(pool.execute("SELECT pg_backend_pid(), %s::int", i));
        }
        Set<Object> pids = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Row row = result(requests.get(i)).fetchOne();
            pids.add(row.get(0));
            assertThat(row.get(1)).isEqualTo(i);
        }
        assertThat(pids).hasSize(1);
        Await.until("idle", () -> pool.stats().busy() == 0);
    }

    @Test
    void pipelinedStatementsDoNotQueueBehindAStatementThatIsTakingLong() {
        // The one real-server check of the stall rule (its details: PoolEngineTest, on a fake clock). Coarse on
        // purpose: the long statement is held at a gate, so a short one that joined its connection could not
        // answer before the deadline whatever the machine's load.
        Pool pool = connected(builder().size(2).maxSize(2).pipelining(8));
        try (Gate gate = Gate.closed(options)) {
            CompletableFuture<Cursor<Row>> slow = pool.execute(gate.select("pg_backend_pid()"));
            long issued = System.nanoTime();
            Await.until("the long statement held on the server for longer than the stall window", () ->
                    System.nanoTime() - issued > 50_000_000 && gate.waiting() == 1);
            Set<Object> quickBackends = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                quickBackends.add(result(pool.execute("SELECT pg_backend_pid()"), Duration.ofSeconds(10))
                        .fetchOne().get(0));
            }
            assertThat(slow).as("the short statements answered while the long one still runs").isNotDone();
            gate.open();
            assertThat(quickBackends).hasSize(1).doesNotContain(result(slow).fetchOne().get(0));
        }
    }

    @Test
    void pipelinesAndStillStretchesUnderLoad() {
        Pool pool = connected(builder().size(1).maxSize(4).pipelining(8));
        try (Gate gate = Gate.closed(options)) {
            // 40 statements at 8 per connection need 5 connections: the pool stretches to all 4 it may open,
            // and each one's first statement waits at the gate with the others pipelined behind it.
            List<CompletableFuture<Cursor<Row>>> held = heldAtTheGate(pool, gate, 40, 4);
            assertThat(pool.stats().total()).isEqualTo(4);
            assertThat(serverConnections(pool)).isEqualTo(4L);
            gate.open();
            for (int i = 0; i < 40; i++) {
                assertThat(result(held.get(i)).fetchOne().get(0)).isEqualTo(i);
            }
        }
    }

    @Test
    void reportsToTheMetricsSpi() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        AtomicInteger statements = new AtomicInteger();
        Pool pool = connected(builder().size(2).metrics(new PoolMetrics() {
            @Override
            public void connectionCreated(Duration took) {
                created.incrementAndGet();
            }

            @Override
            public void acquired(long waitedNanos) {
                acquired.incrementAndGet();
            }

            @Override
            public void statementCompleted(long elapsedNanos, boolean succeeded) {
                statements.incrementAndGet();
            }
        }));
        result(pool.execute("SELECT 1"));
        failure(pool.execute("SELECT 1/0"));
        assertThat(created.get()).isEqualTo(2);
        assertThat(acquired.get()).isEqualTo(2);
        assertThat(statements.get()).isEqualTo(2);
    }

    @Test
    void closeFailsWaitersLetsWorkFinishAndRefusesNewWork() {
        Pool pool = connected(builder().size(1).maxSize(1));
        CompletableFuture<Void> closing;
        try (Gate gate = Gate.closed(options)) {
            CompletableFuture<Cursor<Row>> running = pool.execute(gate.select("7"));
            gate.awaitWaiting(1);
            CompletableFuture<Cursor<Row>> waiting = pool.execute("SELECT 1");
            Await.until("one waiter", () -> pool.stats().waiting() == 1);
            closing = pool.close();
            assertThat(failure(waiting)).isInstanceOf(PoolClosedException.class);
            assertThat(running).as("the running statement, still held on the server").isNotDone();
            assertThat(closing).as("close, waiting for the running statement").isNotDone();
            gate.open();
            assertThat(result(running).fetchOne().get(0)).isEqualTo(7);
        }
        result(closing);
        assertThat(pool.isClosed()).isTrue();
        assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(PoolClosedException.class);
        assertThat(failure(pool.getConn())).isInstanceOf(PoolClosedException.class);
        Await.until("the server to end the pool's sessions", () -> serverConnections(pool) == 0);
    }

    @Test
    void inTransactionAndWithConnectionGiveTheConnectionBack() {
        Pool pool = connected(builder().size(1).maxSize(1));
        int value = result(pool.inTransaction(tx -> tx.execute("SELECT 41 + 1").thenApply(c -> c.fetchOne()
                .get(0, Integer.class))));
        assertThat(value).isEqualTo(42);
        String text = result(pool.withConnection(conn -> conn.execute("SELECT 'x'")
                .thenApply(c -> c.fetchOne().getString("?column?"))));
        assertThat(text).isEqualTo("x");
        assertThat(pool.stats().free()).isEqualTo(1);
    }

    @Test
    void listsWhoHoldsConnectionsAndEvictsIdleOnes() {
        // Who borrowed is recorded only with leak detection on (a stack walk per getConn otherwise).
        Pool pool = connected(builder().size(3).maxSize(3).leakDetectionThreshold(Duration.ofMinutes(1)));
        Connection held = result(pool.getConn());
        int heldPid = result(held.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        try (Gate gate = Gate.closed(options)) {
            String sql = gate.select("1");
            CompletableFuture<Cursor<Row>> running = pool.execute(sql);
            gate.awaitWaiting(1);
            List<PoolLease> leases = result(pool.admin().leases());
            assertThat(leases).hasSize(2);
            PoolLease borrowed = leases.stream().filter(l -> l.holder().equals("getConn")).findFirst().orElseThrow();
            assertThat(borrowed.backendPid()).isEqualTo(heldPid);
            assertThat(borrowed.borrowedAt()).contains("PoolTest.listsWhoHoldsConnectionsAndEvictsIdleOnes");
            assertThat(borrowed.statement()).isNull();
            PoolLease statement = leases.stream().filter(l -> l.holder().equals("statement")).findFirst().orElseThrow();
            assertThat(statement.statement()).isEqualTo("\"" + sql + "\"");
            assertThat(statement.heldFor()).isPositive();

            assertThat(result(pool.admin().evictIdle())).isEqualTo(1);
            assertThat(pool.stats().free()).isZero();
            gate.open();
            result(running);
        }
        result(pool.putConn(held));
        assertThat(pool.stats().free()).isEqualTo(2);
    }

    @Test
    void neverShowsThePassword() {
        Pool pool = Pool.builder().name("secretive").url("postgresql://u:hunter2@localhost:1/db").build();
        pools.add(pool);
        assertThat(pool.toString()).doesNotContain("hunter2");
        Throwable error = failure(pool.execute("SELECT 1"));
        assertThat(error.getMessage()).doesNotContain("hunter2");
    }
}
