package io.momoko.internal;

import io.momoko.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A pool's closing: whether close was asked for, the sockets still closing, and the future that completes
 * once nothing is open, busy or being opened. Also where every connection the pool lets go is closed, so
 * close can wait for all of them. Touched on the pool's context, except {@link #requested()}.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(io.momoko.Pool.class);

    private final PoolSettings settings;
    private final PoolMetrics metrics;
    private final PoolContext context;
    private volatile boolean requested;
    /** Closes still under way; each leaves the set when done, so retirements do not pile up. */
    private final Set<CompletableFuture<Void>> closing = new HashSet<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    Shutdown(PoolSettings settings, PoolMetrics metrics, PoolContext context) {
        this.settings = settings;
        this.metrics = metrics;
        this.context = context;
    }

    boolean requested() {
        return requested;
    }

    void request() {
        requested = true;
    }

    /** Completes once every connection of the pool is closed. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Closes a connection the pool lets go of, remembering the close until the socket is gone. */
    void closeConnection(PoolConnection connection) {
        metrics.connectionClosed();
        CompletableFuture<Void> socketClosed = connection.close();
        if (socketClosed.isDone()) {
            return;
        }
        closing.add(socketClosed);
        socketClosed.whenComplete((ignored, error) -> context.execute(() -> closing.remove(socketClosed)));
    }

    /** Completes {@link #closed()} when close was asked for and nothing is busy or being opened any more. */
    void finishIfIdle(boolean nothingBusy, int pending) {
        if (!requested || !nothingBusy || pending > 0 || closed.isDone()) {
            return;
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .whenComplete((ignored, error) -> closed.complete(null));
    }

    /** Says who still held a connection when the close grace period ended. */
    void warnForced(PooledConnection pooled) {
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
