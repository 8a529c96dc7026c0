package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.CapturedOutput;
import io.momoko.test.OutputCaptureExtension;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Pool#blocking()} against a real server: values back, Momoko's exceptions unwrapped, the loop refused. */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class BlockingPoolTest {

    private static Pool pool;
    private static BlockingPool db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        pool = result(TestPools.builder("blocking", database.options()).size(2).maxSize(4).build().connect());
        db = pool.blocking();
        db.execute("CREATE TABLE IF NOT EXISTS blocking_accounts (id int PRIMARY KEY, balance int NOT NULL "
                + "CHECK (balance >= 0))");
    }

    @AfterAll
    static void tearDown() {
        db.execute("DROP TABLE IF EXISTS blocking_accounts");
        result(pool.close());
    }

    private static void accounts(int first, int second) {
        db.transaction(List.of("DELETE FROM blocking_accounts",
                Statement.of("INSERT INTO blocking_accounts VALUES (1, %s), (2, %s)", first, second)));
    }

    private static List<Integer> balances() {
        List<Integer> balances = new ArrayList<>();
        db.execute("SELECT balance FROM blocking_accounts ORDER BY id").fetchAll()
                .forEach(row -> balances.add(row.get(0, Integer.class)));
        return balances;
    }

    @Test
    void returnsValues() {
        assertThat(db.execute("SELECT %s::int + 1 AS n", 41).fetchOne().getInteger("n")).isEqualTo(42);
        assertThat(db.execute("SELECT %(a)s::text AS a", Map.of("a", "x")).fetchOne().getString("a")).isEqualTo("x");
        record Pair(int a, String b) {
        }
        assertThat(db.withCursorFactory(CursorFactory.record(Pair.class)).execute("SELECT 1 AS a, 'b' AS b").fetchOne())
                .isEqualTo(new Pair(1, "b"));
        assertThat(pool.stats().busy()).isZero();
    }

    @Test
    void throwsMomokoExceptionsUnwrapped() {
        assertThatThrownBy(() -> db.execute("SELECT 1/0")).isExactlyInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("22012"));
        assertThatThrownBy(() -> db.execute("SELECT %s", 1, 2)).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void refusesToBlockAnEventLoop() {
        // Run on an event loop for certain: a stage attached to a pool future may run on the caller's thread when
        // the future completed first, which made this test pass or fail by timing.
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            CompletableFuture<Object> onTheLoop = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                try {
                    onTheLoop.complete(db.execute("SELECT 2"));
                } catch (RuntimeException e) {
                    onTheLoop.completeExceptionally(e);
                }
            });
            assertThat(Await.failure(onTheLoop)).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("A blocking call on pool '" + pool.name() + "'");
            assertThat(pool.stats().busy()).isZero();
        } finally {
            Await.result(vertx.close().toCompletionStage());
        }
    }

    @Test
    void inTransactionCommitsOrRollsBackAndRethrows() {
        accounts(100, 0);
        db.inTransaction(tx -> tx.execute("UPDATE blocking_accounts SET balance = balance - 40 WHERE id = 1")
                .rowCount() + tx.execute("UPDATE blocking_accounts SET balance = balance + 40 WHERE id = 2").rowCount());
        assertThat(balances()).containsExactly(60, 40);

        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.execute("UPDATE blocking_accounts SET balance = balance + 500 WHERE id = 2");
            return tx.execute("UPDATE blocking_accounts SET balance = balance - 500 WHERE id = 1");
        })).isInstanceOf(DatabaseException.class).satisfies(e -> assertThat(((DatabaseException) e).sqlState())
                .isEqualTo("23514"));
        assertThat(balances()).containsExactly(60, 40);
        assertThat(pool.stats().busy()).isZero();
    }

    @Test
    void usesTheConnectionBoundToTheThread(CapturedOutput output) {
        accounts(10, 10);
        Connection connection = result(pool.getConn());
        try {
            result(connection.execute("BEGIN"));
            Object pid = result(connection.execute("SELECT pg_backend_pid()")).fetchOne().get(0);
            try (ConnectionBinding.Binding ignored = ConnectionBinding.bind(pool, connection)) {
                assertThat(db.execute("SELECT pg_backend_pid()").fetchOne().get(0)).isEqualTo(pid);
                // Joins the open transaction rather than committing it.
                db.transaction(List.of("UPDATE blocking_accounts SET balance = 0"));
                db.inTransaction(tx -> tx.execute("UPDATE blocking_accounts SET balance = 1 WHERE id = 1"));
                List<Integer> streamed = new ArrayList<>();
                db.stream(1, "SELECT balance FROM blocking_accounts ORDER BY id", row -> streamed.add(row.get(0, Integer.class)));
                assertThat(streamed).containsExactly(1, 0);
                // The plain pool runs outside the transaction: it still sees the committed balances, and warns once.
                assertThat(result(pool.execute("SELECT sum(balance) FROM blocking_accounts")).fetchOne().get(0, Long.class))
                        .isEqualTo(20L);
                result(pool.execute("SELECT 1"));
            }
            result(connection.execute("ROLLBACK"));
        } finally {
            result(pool.putConn(connection));
        }
        assertThat(balances()).containsExactly(10, 10);
        assertThat(output.err()).containsOnlyOnce("runs OUTSIDE that transaction")
                .contains("Pool '" + pool.name() + "'").contains("BlockingPoolTest.usesTheConnectionBoundToTheThread");
    }

    @Test
    void streamsOnTheCallingThread() {
        List<Integer> values = new ArrayList<>();
        AtomicReference<Thread> consumerThread = new AtomicReference<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Thread caller = Await.result(CompletableFuture.supplyAsync(() -> {
                db.stream(3, "SELECT generate_series(1, %s)", row -> {
                    consumerThread.set(Thread.currentThread());
                    values.add(row.get(0, Integer.class));
                }, 10);
                return Thread.currentThread();
            }, executor));
            assertThat(consumerThread.get()).isSameAs(caller);
        } finally {
            executor.shutdown();
        }
        assertThat(values).hasSize(10).startsWith(1, 2, 3).endsWith(10);
        assertThat(pool.stats().busy()).isZero();
    }

    @Test
    void bindingsNestAndCloseOutOfOrder() {
        Connection first = result(pool.getConn());
        Connection second = result(pool.getConn());
        try {
            ConnectionBinding.Binding outer = ConnectionBinding.bind(pool, first);
            ConnectionBinding.Binding inner = ConnectionBinding.bind(pool, second);
            assertThat(ConnectionBinding.current(pool)).isSameAs(second);
            outer.close();
            assertThat(ConnectionBinding.current(pool)).isSameAs(second);
            inner.close();
            inner.close();
            assertThat(ConnectionBinding.current(pool)).isNull();
        } finally {
            result(pool.putConn(first));
            result(pool.putConn(second));
        }
    }
}
