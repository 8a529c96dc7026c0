package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.metrics.PoolMetrics;
import io.vertx.core.Vertx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's acquire and release asked from several caller threads at once, as callers outside the pool's event
 * loop ask (a virtual thread, a Reactor worker): each request hops to the loop, is granted and released there, and
 * the caller is woken. One event loop owns the state, so this shows how far one pool's bookkeeping scales with
 * callers before the loop is the ceiling (ARCHITECTURE.md, "Spreading a pool over N event loops"). A pool of 8 fake
 * connections, so that no caller ever waits for a connection: what is measured is the hand-off and the state
 * machine, no I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContendedAcquireReleaseBenchmark {

    private Vertx vertx;
    private PoolEngine engine;

    /** Builds an engine of 8 connections on a real Vert.x event loop. */
    @Setup(Level.Trial)
    public void open() {
        vertx = Vertx.vertx();
        PoolSettings settings = new PoolSettings(ConnectOptions.parse("postgresql://jmh@fake/db"), "jmh", 8, 8,
                Duration.ofMillis(500), true, List.of(), false, Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofSeconds(30), 10_000, null, Duration.ofMinutes(30), Duration.ofSeconds(30), null,
                Duration.ofSeconds(30), 1, 256, null, PoolMetrics.NOOP);
        engine = new PoolEngine(settings, new VertxPoolContext(vertx), new FakeConnector(), LeakTracker.OFF);
        engine.opener().openToSize().join();
    }

    /** Closes the event loop. */
    @TearDown(Level.Trial)
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private PooledConnection cycle() {
        CompletableFuture<PooledConnection> done = new CompletableFuture<>();
        engine.acquire(Sharing.EXCLUSIVE, false, null, (pooled, error) -> {
            engine.release(pooled, Sharing.EXCLUSIVE, null);
            done.complete(pooled);
        });
        return done.join();
    }

    /**
     * One caller thread.
     *
     * @return the connection, so the work is not optimised away
     */
    @Benchmark
    @Threads(1)
    public PooledConnection callers1() {
        return cycle();
    }

    /**
     * Two caller threads.
     *
     * @return the connection
     */
    @Benchmark
    @Threads(2)
    public PooledConnection callers2() {
        return cycle();
    }

    /**
     * Four caller threads.
     *
     * @return the connection
     */
    @Benchmark
    @Threads(4)
    public PooledConnection callers4() {
        return cycle();
    }

    /**
     * Eight caller threads.
     *
     * @return the connection
     */
    @Benchmark
    @Threads(8)
    public PooledConnection callers8() {
        return cycle();
    }
}
