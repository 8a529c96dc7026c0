package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Pool;
import io.momoko.Statement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.momoko.internal.FakeFutures.done;
import static org.assertj.core.api.Assertions.assertThat;

/** A request cancelled (or timed out by its caller) before it was written is never written. */
class PoolCancelTest {

    private final FakePool fake = new FakePool();

    @Test
    void aCancelledQueuedStatementIsNeverWritten() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        List<CompletableFuture<?>> inserts = List.of(pool.execute("INSERT INTO t VALUES (1)"),
                pool.execute("INSERT INTO t VALUES (2)"), pool.execute("INSERT INTO t VALUES (3)"));
        inserts.forEach(insert -> insert.cancel(true));
        assertThat(pool.stats().waiting()).isZero();

        done(pool.putConn(holder));
        assertThat(fake.connection(0).log).isEmpty();
        assertThat(pool.stats()).extracting(s -> s.free()).isEqualTo(1);
    }

    @Test
    void aStatementWhoseCallerTimedOutWhileQueuedIsNeverWritten() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<?> insert = pool.execute("INSERT INTO t VALUES (1)");
        // orTimeout completes the caller's own future exceptionally; the request must notice it.
        insert.completeExceptionally(new java.util.concurrent.TimeoutException());
        done(pool.putConn(holder));
        assertThat(fake.connection(0).log).isEmpty();
    }

    @Test
    void aCancelledQueuedTransactionIsNeverWritten() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<?> transaction = pool.transaction(List.of(Statement.of("INSERT INTO t VALUES (1)")));
        transaction.cancel(true);
        done(pool.putConn(holder));
        assertThat(fake.connection(0).log).isEmpty();
    }

    @Test
    void aCancelledQueuedInTransactionNeverRunsItsWork() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<Object> work = pool.inTransaction(tx -> tx.execute("INSERT INTO t VALUES (1)")
                .thenApply(cursor -> null));
        work.cancel(true);
        done(pool.putConn(holder));
        assertThat(fake.connection(0).log).isEmpty();
        assertThat(pool.stats().free()).isEqualTo(1);
    }

    @Test
    void orTimeoutOnAQueuedRequestLeavesNothingBehind() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<?> insert = pool.execute("INSERT INTO t VALUES (1)").orTimeout(1, TimeUnit.NANOSECONDS);
        await(insert);
        done(pool.putConn(holder));
        assertThat(fake.connection(0).log).isEmpty();
    }

    private static void await(CompletableFuture<?> future) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!future.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(future).isDone();
    }

    @Test
    void aTransactionCancelledWhileRunningIsStoppedAndRolledBackNeverCommitted() {
        Pool pool = fake.connected();
        CompletableFuture<?> transaction = pool.transaction(List.of(Statement.of("INSERT INTO t VALUES (1)"),
                Statement.of("SELECT pg_sleep(30)"), Statement.of("INSERT INTO t VALUES (2)")));
        fake.connection(0).answer();
        assertThat(fake.connection(0).log).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "SELECT pg_sleep(30)");
        transaction.cancel(true);
        fake.connection(0).answer();
        assertThat(fake.connection(0).log).contains("CANCEL").doesNotContain("COMMIT", "INSERT INTO t VALUES (2)")
                .endsWith("ROLLBACK");
        assertThat(pool.stats().free()).isEqualTo(1);
    }
}
