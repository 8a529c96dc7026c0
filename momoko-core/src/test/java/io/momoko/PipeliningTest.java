package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.Gate;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelining as it is by default, against a real server: each statement's result or error is its own, slow
 * statements run side by side on connections of their own (stretching the pool), session changers never
 * share, and close fails every request not yet written. Placement details: {@code PipelinePlacementTest}.
 */
@ExtendWith(TestDatabaseExtension.class)
class PipeliningTest {

    private static final String QUICK = "SELECT pg_backend_pid(), %s::int";

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;

    @BeforeEach
    void setUp(TestDatabase db) {
        options = db.options();
    }

    @AfterEach
    void tearDown() {
        for (Pool pool : pools) {
            result(pool.close());
        }
    }

    /** The default builder: pipelining as a Boot user gets it. */
    private Pool connected(int size, int maxSize) {
        Pool pool = TestPools.builder("pipelining", options).size(size).maxSize(maxSize).build();
        pools.add(pool);
        return result(pool.connect());
    }

    /** Runs a template a few times one after the other, so the pool knows it to be short. */
    private static void warm(Pool pool, String sql) {
        for (int i = 1; i <= 5; i++) {
            result(pool.execute(sql, i));
        }
    }

    @Test
    void aFailingStatementAmongAHundredPipelinedOnesFailsAloneAndTheOthersAnswer() {
        Pool pool = connected(1, 1);
        String divide = "SELECT pg_backend_pid(), 100 / %s::int";
        warm(pool, divide);
        List<CompletableFuture<Cursor<Row>>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(pool.execute(divide, i == 50 ? 0 : 1));
        }
        Set<Object> backends = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            if (i == 50) {
                assertThat(failure(requests.get(i))).isInstanceOf(DatabaseException.class)
                        .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("22012"));
            } else {
                Row row = result(requests.get(i)).fetchOne();
                backends.add(row.get(0));
                assertThat(row.get(1)).isEqualTo(100);
            }
        }
        assertThat(backends).hasSize(1);
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void aSlowStatementAmongFastOnesHoldsNoneOfThemUp() {
        Pool pool = connected(2, 2);
        warm(pool, QUICK);
        try (Gate gate = Gate.closed(options)) {
            CompletableFuture<Cursor<Row>> slow = pool.execute(gate.select("pg_backend_pid()"));
            gate.awaitWaiting(1);
            List<CompletableFuture<Cursor<Row>>> quick = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                quick.add(pool.execute(QUICK, i));
            }
            Set<Object> quickBackends = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                Row row = result(quick.get(i)).fetchOne();
                quickBackends.add(row.get(0));
                assertThat(row.get(1)).isEqualTo(i);
            }
            assertThat(slow).as("the fast statements answered while the slow one is held").isNotDone();
            gate.open();
            assertThat(quickBackends).hasSize(1).doesNotContain(result(slow).fetchOne().get(0));
        }
    }

    @Test
    void slowStatementsRunSideBySideAndStretchThePool() {
        Pool pool = connected(1, 4);
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(pool.execute(gate.select("pg_backend_pid()")));
            }
            // All four held on the server at once: each has a connection of its own.
            gate.awaitWaiting(4);
            assertThat(pool.stats().total()).isEqualTo(4);
            gate.open();
            assertThat(slow.stream().map(running -> result(running).fetchOne().get(0)).distinct()).hasSize(4);
        }
        // Once known to be slow, the template still takes a connection of its own each time.
        try (Gate gate = Gate.closed(options)) {
            List<CompletableFuture<Cursor<Row>>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(pool.execute(gate.select("pg_backend_pid()")));
            }
            gate.awaitWaiting(4);
            gate.open();
            slow.forEach(Await::result);
        }
    }

    @Test
    void sessionChangingStatementsNeverShareAConnection() {
        Pool pool = connected(1, 4);
        warm(pool, QUICK);
        try (Gate gate = Gate.closed(options)) {
            CompletableFuture<Cursor<Row>> changer = pool.execute(
                    gate.select("pg_backend_pid(), set_config('application_name', 'changed', false)"));
            gate.awaitWaiting(1);
            Set<Object> quickBackends = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                quickBackends.add(result(pool.execute(QUICK, i)).fetchOne().get(0));
            }
            gate.open();
            assertThat(quickBackends).doesNotContain(result(changer).fetchOne().get(0));
        }
        // The change did not reach anyone else's statement.
        for (int i = 0; i < 4; i++) {
            assertThat(result(pool.execute("SHOW application_name")).fetchOne().get(0)).isNotEqualTo("changed");
        }
    }

    @Test
    void closeFailsEveryRequestNotYetWrittenAndLetsTheRunningOneFinish() {
        Pool pool = connected(1, 1);
        warm(pool, QUICK);
        try (Gate gate = Gate.closed(options)) {
            CompletableFuture<Cursor<Row>> running = pool.execute(gate.select("7"));
            gate.awaitWaiting(1);
            List<CompletableFuture<Cursor<Row>>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(pool.execute(QUICK, i));
            }
            Await.until("five waiting", () -> pool.stats().waiting() == 5);
            CompletableFuture<Void> closed = pool.close();
            for (CompletableFuture<Cursor<Row>> request : queued) {
                assertThat(failure(request)).isInstanceOf(PoolClosedException.class);
            }
            gate.open();
            assertThat(result(running).fetchOne().get(0)).isEqualTo(7);
            result(closed);
        }
    }
}
