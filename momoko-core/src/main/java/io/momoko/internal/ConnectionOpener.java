package io.momoko.internal;

import io.momoko.Pool;
import io.momoko.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The transitions that open connections: one more for a waiting request (stretch or reconnect of a dead
 * slot), or those missing to reach {@code size} at {@code connect()}. A new connection goes to
 * {@link PoolEngine#offer} like any other that becomes available; a failed attempt becomes a throttled dead
 * slot ({@link DeadSlots}).
 */
final class ConnectionOpener {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final PoolSettings settings;
    private final PoolState state;
    private final PoolContext context;
    private final Connector connector;
    private final Shutdown shutdown;
    private final PoolEngine engine;
    private final PoolMetrics metrics;
    /** Written on the context, read by mogrify from any thread. */
    private volatile boolean hstore;

    ConnectionOpener(PoolSettings settings, PoolState state, PoolContext context, Connector connector,
                     Shutdown shutdown, PoolEngine engine) {
        this.settings = settings;
        this.state = state;
        this.context = context;
        this.connector = connector;
        this.shutdown = shutdown;
        this.engine = engine;
        this.metrics = settings.metrics();
    }

    boolean hstore() {
        return hstore;
    }

    /** Switches hstore on for every connection, current and future, without asking the server again. */
    CompletableFuture<Void> enableHstore() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        context.execute(() -> {
            hstore = true;
            state.free.forEach(pooled -> pooled.connection.hstoreEnabled());
            state.busy.forEach(pooled -> pooled.connection.hstoreEnabled());
            state.answers.then(() -> result.complete(null));
            state.settle();
        });
        return result;
    }

    /**
     * Opens the connections missing to reach {@code size}, dead slots included: a {@code connect()} after a
     * failed one tries again rather than repeat the old failure.
     *
     * @return one outcome per attempt, {@code true} when that connection joined the pool
     */
    CompletableFuture<List<CompletableFuture<Boolean>>> openToSize() {
        CompletableFuture<List<CompletableFuture<Boolean>>> result = new CompletableFuture<>();
        context.execute(() -> {
            if (shutdown.requested()) {
                state.answers.then(() -> result.completeExceptionally(engine.closedException()));
            } else {
                state.dead.clear();
                int missing = Math.max(0, settings.size() - state.total());
                List<CompletableFuture<Boolean>> attempts = new ArrayList<>(missing);
                for (int i = 0; i < missing; i++) {
                    attempts.add(open());
                }
                state.answers.then(() -> result.complete(attempts));
            }
            state.settle();
        });
        return result;
    }

    /** Why the last connection attempt or connection failed, or {@code null}. */
    Throwable lastFailure() {
        return state.dead.lastCause();
    }

    /**
     * Starts opening one connection; called on the context by a transition, which settles.
     *
     * @return completes with whether the connection joined the pool
     */
    CompletableFuture<Boolean> open() {
        state.pending++;
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        long started = context.nanoTime();
        connector.open().whenComplete((connection, error) -> context.execute(() -> {
            boolean joined = opened(connection, error, started);
            state.answers.then(() -> outcome.complete(joined));
            state.settle();
        }));
        return outcome;
    }

    private boolean opened(PoolConnection connection, Throwable error, long startedNanos) {
        state.pending--;
        long now = context.nanoTime();
        if (error != null) {
            metrics.connectionFailed();
            Throwable cause = Errors.unwrap(error);
            LOG.debug("Pool '{}': connection to {} failed: {}", settings.name(), connector.target(), cause.getMessage());
            if (!shutdown.requested()) {
                state.dead.connectFailed(now, cause);
                engine.failWaitersIfNothingLive(cause, now);
            }
            shutdown.finishIfIdle();
            return false;
        }
        metrics.connectionCreated(Duration.ofNanos(now - startedNanos));
        if (shutdown.requested()) {
            shutdown.closeConnection(connection);
            shutdown.finishIfIdle();
            return true;
        }
        if (hstore) {
            connection.hstoreEnabled();
        }
        PooledConnection pooled = new PooledConnection(connection, now, Lifetime.expiry(settings.maxLifetime(), now));
        // A free connection closed by the server or the network shows as dead at once, not at its next use.
        connection.closedFuture().whenComplete((ignored, closeError) -> context.execute(() -> {
            if (state.free.contains(pooled)) {
                engine.bury(pooled, null, context.nanoTime());
                state.settle();
            }
        }));
        engine.offer(pooled, now);
        return true;
    }
}
