package io.momoko.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Housekeeping and inspection for operators: auto-shrink (Momoko's: close connections idle longer than
 * {@code shrinkDelay} down to {@code size}, looked at every {@code shrinkPeriod}) and eviction on demand.
 * Retirement at {@code maxLifetime} happens where a connection comes back ({@link PoolEngine#offer}), and
 * its time is set by {@link Lifetime}.
 */
final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(io.momoko.Pool.class);

    private final PoolSettings settings;
    private final PoolState state;
    private final PoolContext context;
    private final Shutdown shutdown;
    private long shrinkTimer = -1;

    Maintenance(PoolSettings settings, PoolState state, PoolContext context, Shutdown shutdown) {
        this.settings = settings;
        this.state = state;
        this.context = context;
        this.shutdown = shutdown;
    }

    /** Starts the shrink timer with the pool's first use, when auto-shrink is on. */
    void ensureShrinking() {
        if (settings.autoShrink() && shrinkTimer < 0 && !shutdown.requested()) {
            shrinkTimer = context.setPeriodic(settings.shrinkPeriod().toMillis(), this::shrink);
        }
    }

    void stop() {
        if (shrinkTimer >= 0) {
            context.cancelTimer(shrinkTimer);
        }
    }

    private void shrink() {
        long now = context.nanoTime();
        long delay = settings.shrinkDelay().toNanos();
        // The free stack's tail is its least recently used connection.
        while (state.total() > settings.size() && !state.free.isEmpty()
                && now - state.free.peekLast().lastUsedNanos > delay) {
            PooledConnection idle = state.free.pollLast();
            LOG.debug("Pool '{}': shrinking, closing a connection idle for {} ms", settings.name(),
                    (now - idle.lastUsedNanos) / 1_000_000);
            shutdown.closeConnection(idle.connection);
        }
        state.settle();
    }

    /** Closes every free connection now; they are reopened on demand. */
    CompletableFuture<Integer> evictIdle() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        context.execute(() -> {
            int evicted = state.free.size();
            while (!state.free.isEmpty()) {
                shutdown.closeConnection(state.free.poll().connection);
            }
            state.answers.then(() -> result.complete(evicted));
            state.settle();
        });
        return result;
    }

    /**
     * Renews every connection: free ones are closed now, those in use when they come back. New connections are
     * opened on demand, with whatever the connector now does differently.
     */
    void retireAll() {
        context.execute(() -> {
            for (PooledConnection pooled : state.busy) {
                pooled.expiresNanos = Long.MIN_VALUE;
            }
            while (!state.free.isEmpty()) {
                shutdown.closeConnection(state.free.poll().connection);
            }
            state.settle();
        });
    }

    /** Runs {@code reader} over the connections in use, on the context, and completes with what it built. */
    <T> CompletableFuture<T> inspectBusy(BiFunction<Iterable<PooledConnection>, Long, T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.execute(() -> {
            T value = reader.apply(state.busy, context.nanoTime());
            state.answers.then(() -> result.complete(value));
            state.settle();
        });
        return result;
    }
}
