package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.test.TestDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pool engine's acquire and release, without I/O: a real pool of one open connection, taken and given
 * back. The benchmark lives in the engine's package to reach its package-private acquire/release rather
 * than widen the public API for it.
 *
 * <p>Pool state belongs to one event loop, and pool-level work issued from a completion (the usual async
 * caller) already runs there. So each invocation hops onto the loop once and runs {@value #BATCH} pairs
 * there; the hop and its future are shared by the batch (a cost per batch, reported per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AcquireReleaseBenchmark {

    static final int BATCH = 1000;

    private ConnectionPool pool;
    private PooledConnection held;
    private final ConnectionPool.Grant keep = (pooled, error) -> held = pooled;

    /** Opens a pool of one connection against {@code MOMOKO_BENCH_URL}, else the test database. */
    @Setup(Level.Trial)
    public void open() {
        String url = System.getenv("MOMOKO_BENCH_URL");
        ConnectOptions options = url != null && !url.isBlank() ? ConnectOptions.parse(url) : TestDatabase.get().options();
        pool = (ConnectionPool) Pool.builder().name("jmh").connectOptions(options).size(1).maxSize(1).build();
        pool.connect().join();
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        pool.close().join();
    }

    /**
     * A pool-level statement's acquire and release (shared, as {@code pool.execute} takes it).
     *
     * @return how many pairs ran, so the work is not optimised away
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sharedAcquireRelease() {
        return onLoop(true);
    }

    /**
     * An exclusive acquire and release, as a transaction or {@code getConn} takes it (without the reset a
     * {@code putConn} sends to the server).
     *
     * @return how many pairs ran
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int exclusiveAcquireRelease() {
        return onLoop(false);
    }

    private int onLoop(boolean shared) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        pool.onContext(() -> {
            int pairs = 0;
            for (int i = 0; i < BATCH; i++) {
                held = null;
                pool.acquire(shared, false, keep);
                if (held == null) {
                    done.completeExceptionally(new IllegalStateException("the free connection was not handed over "
                            + "at once: " + pool.stats()));
                    return;
                }
                pool.release(held, shared, null);
                pairs++;
            }
            done.complete(pairs);
        });
        return done.join();
    }
}
