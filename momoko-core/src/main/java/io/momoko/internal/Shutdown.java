package io.momoko.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.momoko.Pool;

/**
 * Closing the pool: free connections close at once, waiters fail, busy connections get the
 * {@code closeTimeout} grace period and are then closed under their holders. Also where every connection the
 * pool lets go of is closed, so that close can wait for the last socket. Touched on the pool's context,
 * except {@link #requested()}.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final PoolSettings settings;
    private final PoolState state;
    private final PoolContext context;
    private final LeakTracker leaks;
    private final PoolEngine engine;
    private volatile boolean requested;
    /** Closes still under way; each leaves the set when done, so retirements do not pile up. */
    private final Set<CompletableFuture<Void>> closing = new HashSet<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    Shutdown(PoolSettings settings, PoolState state, PoolContext context, LeakTracker leaks, PoolEngine engine) {
        this.settings = settings;
        this.state = state;
        this.context = context;
        this.leaks = leaks;
        this.engine = engine;
    }

    boolean requested() {
        return requested;
    }

    /**
     * Stops taking work; callable from any thread.
     *
     * @return completes when every connection is closed
     */
    CompletableFuture<Void> close() {
        context.execute(() -> {
            if (requested) {
                return;
            }
            requested = true;
            engine.maintenance().stop();
            while (!state.free.isEmpty()) {
                closeConnection(state.free.poll().connection);
            }
            state.dead.clear();
            if (!state.busy.isEmpty()) {
                context.setTimer(settings.closeTimeout().toMillis(), this::forceClose);
            }
            engine.failAllWaiters(engine.closedException());
            finishIfIdle();
            state.settle();
        });
        return closed;
    }

    private void forceClose() {
        for (PooledConnection pooled : state.busy.toArray(new PooledConnection[0])) {
            warnForced(pooled);
            leaks.stop(pooled);
            state.busy.remove(pooled);
            closeConnection(pooled.connection);
        }
        finishIfIdle();
        state.settle();
    }

    /** Closes a connection the pool lets go of, remembering the close until the socket is gone. */
    void closeConnection(PoolConnection connection) {
        settings.metrics().connectionClosed();
        CompletableFuture<Void> socketClosed = connection.close();
        if (socketClosed.isDone()) {
            return;
        }
        closing.add(socketClosed);
        socketClosed.whenComplete((ignored, error) -> context.execute(() -> closing.remove(socketClosed)));
    }

    /** Completes {@link #close()}'s future once close was asked for and nothing is busy or being opened. */
    void finishIfIdle() {
        if (!requested || !state.busy.isEmpty() || state.pending > 0 || closed.isDone()) {
            return;
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .whenComplete((ignored, error) -> closed.complete(null));
    }

    /** Says who still held a connection when the close grace period ended. */
    private void warnForced(PooledConnection pooled) {
        LeakTracker.Lease lease = pooled.lease;
        if (lease != null) {
            LOG.warn("Pool '{}' closed while a connection was still borrowed by {}; it is closed now. Borrowed at:",
                    settings.name(), lease.borrower(), lease.borrowedAt());
        } else if (pooled.exclusive) {
            LOG.warn("Pool '{}' closed while a connection was still borrowed; it is closed now (set "
                    + "leakDetectionThreshold to record who borrows)", settings.name());
        } else {
            LOG.warn("Pool '{}' closed while a statement was still running on {}; it is closed now", settings.name(),
                    pooled.connection);
        }
    }
}
