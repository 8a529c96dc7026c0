package io.momoko;

import io.momoko.metrics.ObservedStatement;
import io.momoko.metrics.StatementObserver;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The statement observer (the hook tracing uses) sees every statement, its end, and never a parameter value. */
@ExtendWith(TestDatabaseExtension.class)
class StatementObserverTest {

    private record Seen(ObservedStatement statement, String thread, Throwable error) {
    }

    private final List<Seen> started = new CopyOnWriteArrayList<>();
    private final List<Seen> finished = new CopyOnWriteArrayList<>();
    private Pool pool;

    @BeforeEach
    void setUp(TestDatabase db) {
        StatementObserver observer = statement -> {
            started.add(new Seen(statement, Thread.currentThread().getName(), null));
            return error -> finished.add(new Seen(statement, Thread.currentThread().getName(), error));
        };
        pool = result(TestPools.builder("momoko-observed", db.options()).size(1).observer(observer).build().connect());
    }

    @AfterEach
    void tearDown() {
        result(pool.close());
    }

    @Test
    void seesEveryStatementWithoutItsValues() {
        result(pool.execute("SELECT %s::text AS secret", "hunter2"));
        assertThat(failure(pool.execute("SELECT 1/0"))).isInstanceOf(DatabaseException.class);
        result(pool.transaction(List.of("SELECT 1", "SELECT 2")));
        result(pool.withConnection(connection -> connection.execute("SELECT %s", 42)));
        result(pool.executeMany("SELECT %s", List.<Object[]>of(new Object[] {1}, new Object[] {2})));

        assertThat(started).extracting(seen -> seen.statement().sql()).containsExactly("SELECT %s::text AS secret",
                "SELECT 1/0", "SELECT 1; SELECT 2", "SELECT %s", "SELECT %s");
        assertThat(started).allSatisfy(seen -> {
            assertThat(seen.statement().toString()).doesNotContain("hunter2");
            assertThat(seen.statement().operation()).isEqualTo("SELECT");
            assertThat(seen.statement().pool()).isEqualTo(pool.name());
        });
        // Pool-level statements start on the caller's thread; the borrowed connection's ran in withConnection's
        // callback, on the pool's event loop, which was its caller.
        assertThat(List.of(started.get(0), started.get(1), started.get(2), started.get(4)))
                .extracting(Seen::thread).containsOnly(Thread.currentThread().getName());
        io.momoko.test.Await.until("every statement finished", () -> finished.size() == 5);
        assertThat(finished.get(1).error()).isInstanceOf(DatabaseException.class);
        assertThat(finished).filteredOn(seen -> seen.error() == null).hasSize(4);
        assertThat(new ObservedStatement("p", "  /* hint */ -- c\n insert into t values (1)", "d", "h", 1).operation())
                .isEqualTo("INSERT");
    }
}
