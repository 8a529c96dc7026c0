package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.metrics.PoolMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's acquire and release alone: a {@link PoolEngine} of one open connection on a fake context and
 * connector, taken and given back on the thread that owns it (as pool-level work issued from a completion
 * runs on the pool's event loop). No I/O, no Vert.x, no server: what is measured is the state machine.
 * It lives in the engine's package and in the test sources, so that nothing outside the module reaches the
 * engine; {@code momoko-benchmarks} runs it from the test jar ({@code -Dbench.mode=jmh}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AcquireReleaseBenchmark {

    private PoolEngine engine;
    private PooledConnection held;
    private final Grant keep = (pooled, error) -> held = pooled;

    /** Builds an engine of one connection, opened at once by the fake connector. */
    @Setup(Level.Trial)
    public void open() {
        PoolSettings settings = new PoolSettings(ConnectOptions.parse("postgresql://jmh@fake/db"), "jmh", 1, 1,
                Duration.ofMillis(500), true, List.of(), false, Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofSeconds(30), 10_000, null, Duration.ofMinutes(30), Duration.ofSeconds(30), null,
                Duration.ofSeconds(30), 1, 256, null, PoolMetrics.NOOP);
        engine = new PoolEngine(settings, new FakePoolContext(), new FakeConnector(), LeakTracker.OFF);
        engine.opener().openToSize().join();
    }

    /**
     * A pool-level statement's acquire and release (shared, as {@code pool.execute} takes it).
     *
     * @return the connection, so the work is not optimised away
     */
    @Benchmark
    public PooledConnection sharedAcquireRelease() {
        return pair(Sharing.SHORT);
    }

    /**
     * An exclusive acquire and release, as a transaction or {@code getConn} takes it (without the reset a
     * {@code putConn} sends to the server).
     *
     * @return the connection
     */
    @Benchmark
    public PooledConnection exclusiveAcquireRelease() {
        return pair(Sharing.EXCLUSIVE);
    }

    private PooledConnection pair(Sharing sharing) {
        held = null;
        engine.acquire(sharing, false, null, keep);
        PooledConnection taken = held;
        if (taken == null) {
            throw new IllegalStateException("the free connection was not handed over at once: " + engine.stats());
        }
        engine.release(taken, sharing, null);
        return taken;
    }
}
