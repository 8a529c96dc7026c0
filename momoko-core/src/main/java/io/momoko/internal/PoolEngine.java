package io.momoko.internal;

import io.momoko.DatabaseNotAvailableException;
import io.momoko.MomokoException;
import io.momoko.Pool;
import io.momoko.PoolClosedException;
import io.momoko.PoolStats;
import io.momoko.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The pool's state machine: the transitions that hand connections out and take them back, over
 * {@link PoolState}. The other transitions are {@link ConnectionOpener} (open), {@link Maintenance} (shrink,
 * evict) and {@link Shutdown} (close); nothing else changes the state.
 *
 * <h2>Who owns the state</h2>
 * One {@link PoolContext} (a Vert.x event loop). Entry points called from another thread hop onto it;
 * callbacks of connections opened from it already run there. No lock is needed.
 *
 * <h2>Actions, then answers</h2>
 * A transition mutates the state and queues what it owes callers in {@link Answers} (a connection, a failure,
 * a follow-up); {@link PoolState#settle()} then publishes the numbers and only then delivers the answers,
 * whose code may call back into the pool. "Answer only once the pool is consistent" is the structure.
 *
 * <h2>How waiters are woken</h2>
 * A request that finds no free connection is queued (FIFO, {@link WaiterQueue}) and, when allowed, one
 * connection is opened for it (stretching up to {@code maxSize}, or reconnecting a {@link DeadSlots dead
 * slot}). A connection that becomes available goes to the head waiter first, else onto the free stack (LIFO).
 * A waiter removed by its acquire timeout is no longer queued, so it is never handed a connection later.
 * When nothing live or pending is left, waiters fail with {@link DatabaseNotAvailableException} at once.
 *
 * <h2>The hot path</h2>
 * A request made on the context that finds an open, recently used connection on top of the free stack is
 * handed it at once: no waiter, no future, no lambda ({@code AcquireReleaseBenchmark}).
 */
final class PoolEngine {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final PoolSettings settings;
    private final PoolContext context;
    private final Connector connector;
    private final PoolMetrics metrics;
    private final LeakTracker leaks;
    private final PipelinePlacement placement;
    private final long validationIntervalNanos;

    private final PoolState state;
    private final ConnectionOpener opener;
    private final Maintenance maintenance;
    private final Shutdown shutdown;

    PoolEngine(PoolSettings settings, PoolContext context, Connector connector, LeakTracker leaks) {
        this.settings = settings;
        this.context = context;
        this.connector = connector;
        this.metrics = settings.metrics();
        this.leaks = leaks;
        this.placement = new PipelinePlacement(settings.pipelining());
        this.validationIntervalNanos = settings.validationInterval().toNanos();
        this.state = new PoolState(settings);
        this.shutdown = new Shutdown(settings, state, context, leaks, this);
        this.opener = new ConnectionOpener(settings, state, context, connector, shutdown, this);
        this.maintenance = new Maintenance(settings, state, context, shutdown);
        state.settle();
    }

    PoolContext context() {
        return context;
    }

    String name() {
        return settings.name();
    }

    ConnectionOpener opener() {
        return opener;
    }

    Maintenance maintenance() {
        return maintenance;
    }

    Shutdown shutdown() {
        return shutdown;
    }

    /**
     * Gets a connection for one pool-level statement (shared, see {@link Sharing}) or for exclusive use, and
     * gives it to {@code grant} on the pool's context. Callable from any thread. Once {@code caller} (the future
     * the request's caller holds, or {@code null}) is done, the request is withdrawn: a request its caller
     * cancelled or timed out is never given a connection, so its work is never written.
     */
    void acquire(Sharing sharing, boolean ping, CompletableFuture<?> caller, Grant grant) {
        long requestedNanos = context.nanoTime();
        if (context.inContext()) {
            serve(sharing, ping, caller, grant, requestedNanos, requestedNanos);
        } else {
            context.execute(() -> serve(sharing, ping, caller, grant, requestedNanos, context.nanoTime()));
        }
    }

    private void serve(Sharing sharing, boolean ping, CompletableFuture<?> caller, Grant grant, long requestedNanos,
                       long now) {
        if (!Waiter.wanted(caller)) {
            return;
        }
        if (!shutdown.requested() && !ping) {
            PooledConnection ready = placement.joinable(sharing, state.busy, false, now);
            if (ready == null) {
                ready = takeReadyFree(now);
            }
            if (ready != null) {
                maintenance.ensureShrinking();
                take(ready, sharing, requestedNanos, now);
                state.answers.grant(grant, ready);
                state.settle();
                return;
            }
        }
        Waiter waiter = new Waiter(grant, caller, sharing, ping, requestedNanos);
        place(waiter, now);
        state.settle();
        if (waiter.queued && caller != null) {
            // Withdrawn at once when the caller gives up, so it neither counts as waiting nor gets a connection.
            caller.whenComplete((ignored, error) -> context.execute(() -> {
                if (state.waiters.withdraw(waiter, context)) {
                    state.settle();
                }
            }));
        }
    }

    /** The top of the free stack if it is open, unexpired and used recently enough to skip validation. */
    private PooledConnection takeReadyFree(long now) {
        PooledConnection top = state.free.peek();
        if (top == null || top.connection.isClosed() || now >= top.expiresNanos
                || now - top.lastUsedNanos > validationIntervalNanos) {
            return null;
        }
        return state.free.pop();
    }

    private void place(Waiter waiter, long now) {
        if (shutdown.requested()) {
            fail(waiter, closedException());
            return;
        }
        maintenance.ensureShrinking();
        PooledConnection candidate = takeFree(now);
        if (candidate != null) {
            if (waiter.ping || now - candidate.lastUsedNanos > validationIntervalNanos) {
                validateThenHand(candidate, waiter);
            } else {
                hand(candidate, waiter, now);
            }
            return;
        }
        PooledConnection joinable = placement.joinable(waiter.sharing, state.busy, atMaxSize(), now);
        if (joinable != null) {
            hand(joinable, waiter, now);
            return;
        }
        boolean openOne;
        if (state.dead.takeRetriable(now)) {
            openOne = true;
        } else if (!state.dead.isEmpty() && state.busy.isEmpty() && state.pending == 0) {
            fail(waiter, notAvailable(state.dead.lastCause()));
            return;
        } else {
            openOne = state.dead.isEmpty() && state.total() < settings.maxSize();
        }
        // Queued before the connection is asked for: a connector may answer at once (a refused connect does),
        // and that answer must find the request waiting for it.
        enqueue(waiter);
        if (openOne) {
            opener.open();
        }
    }

    private PooledConnection takeFree(long now) {
        while (!state.free.isEmpty()) {
            PooledConnection candidate = state.free.pop();
            if (candidate.connection.isClosed()) {
                bury(candidate, null, now);
            } else if (now >= candidate.expiresNanos) {
                retire(candidate);
            } else {
                return candidate;
            }
        }
        return null;
    }

    private void enqueue(Waiter waiter) {
        if (state.waiters.size() >= settings.maxWaiting()) {
            fail(waiter, PoolErrors.overloaded(name(), settings.maxWaiting(), state.now()));
            return;
        }
        state.waiters.addLast(waiter);
        long timeout = settings.acquireTimeout().toMillis();
        // A request placed again (after a failed validation) keeps its original deadline.
        long remaining = timeout - (context.nanoTime() - waiter.requestedNanos) / 1_000_000;
        waiter.timer = context.setTimer(Math.max(1, remaining), () -> {
            if (state.waiters.remove(waiter)) {
                metrics.acquireTimedOut();
                fail(waiter, PoolErrors.timedOut(name(), timeout, state.now()));
                state.settle();
            }
        });
    }

    /**
     * Checks an idle connection before handing it over. The round trip is bounded (HikariCP's
     * validationTimeout): a connection whose peer went silent is given up within the acquire timeout (5 s at
     * most) and the request is placed again, which opens a new connection for it.
     */
    private void validateThenHand(PooledConnection candidate, Waiter waiter) {
        candidate.exclusive = true;
        state.busy.add(candidate);
        CompletableFuture<Void> validation = BoundedValidation.validate(connector, candidate.connection, context,
                settings.acquireTimeout().toMillis());
        validation.whenComplete((ignored, error) -> context.execute(() -> {
            long now = context.nanoTime();
            state.busy.remove(candidate);
            candidate.exclusive = false;
            if (error == null && !Waiter.wanted(waiter.caller)) {
                offer(candidate, now);
            } else if (error == null) {
                candidate.lastUsedNanos = now;
                hand(candidate, waiter, now);
            } else {
                LOG.debug("Pool '{}': idle connection failed validation: {}", name(), Errors.unwrap(error).getMessage());
                bury(candidate, Errors.unwrap(error), now);
                place(waiter, now);
            }
            state.settle();
        }));
    }

    /** Gives a connection to a request: marks it in use now, answers once the change is published. */
    private void hand(PooledConnection pooled, Waiter waiter, long now) {
        take(pooled, waiter.sharing, waiter.requestedNanos, now);
        assert !waiter.answered : "a request answered twice";
        waiter.answered = true;
        state.answers.grant(waiter.grant, pooled);
    }

    private void fail(Waiter waiter, Throwable error) {
        assert !waiter.answered : "a request answered twice";
        waiter.answered = true;
        state.answers.fail(waiter.grant, error);
    }

    private void take(PooledConnection pooled, Sharing sharing, long requestedNanos, long now) {
        if (sharing.shared()) {
            if (pooled.statements++ == 0) {
                pooled.progressNanos = now;
            }
            if (sharing == Sharing.UNSURE) {
                pooled.unsure++;
            }
        } else {
            pooled.exclusive = true;
        }
        state.busy.add(pooled);
        pooled.borrowedNanos = now;
        metrics.acquired(now - requestedNanos);
    }

    /** Fails every waiter when no connection is live or being opened: nothing could ever serve them. */
    void failWaitersIfNothingLive(Throwable cause, long now) {
        if (!state.nothingLive() || state.waiters.isEmpty()) {
            return;
        }
        if (state.dead.takeRetriable(now)) {
            opener.open();
            return;
        }
        failAllWaiters(notAvailable(cause));
    }

    void failAllWaiters(MomokoException error) {
        for (Waiter next = state.waiters.pollWanted(context); next != null; next = state.waiters.pollWanted(context)) {
            fail(next, error);
        }
    }

    /**
     * An exclusive holder is done with a connection, or a shared request never used the one it was granted.
     * Callable from any thread; the release runs on the pool's context, then {@code then} (if any) runs there
     * once the numbers say the connection is back.
     */
    void release(PooledConnection pooled, Sharing sharing, Runnable then) {
        release(pooled, sharing, null, 0, then);
    }

    /**
     * As {@link #release(PooledConnection, Sharing, Runnable)}, for a pool-level statement that ran: its own
     * time on the server (since it was granted or the statement ahead of it answered, whichever is later) is
     * recorded in {@code latency}, which decides whether its template may share a connection.
     */
    void release(PooledConnection pooled, Sharing sharing, TemplateLatency latency, long grantedNanos, Runnable then) {
        if (context.inContext()) {
            releaseNow(pooled, sharing, latency, grantedNanos, then);
        } else {
            context.execute(() -> releaseNow(pooled, sharing, latency, grantedNanos, then));
        }
    }

    private void releaseNow(PooledConnection pooled, Sharing sharing, TemplateLatency latency, long grantedNanos,
                            Runnable then) {
        long now = context.nanoTime();
        if (sharing.shared()) {
            if (latency != null) {
                latency.record(now - Math.max(grantedNanos, pooled.progressNanos));
            }
            if (sharing == Sharing.UNSURE) {
                pooled.unsure--;
            }
            if (--pooled.statements > 0) {
                pooled.progressNanos = now;
            }
        } else {
            pooled.exclusive = false;
            leaks.stop(pooled);
        }
        if (pooled.isIdle()) {
            metrics.released(now - pooled.borrowedNanos);
            state.busy.remove(pooled);
            offer(pooled, now);
        } else if (!shutdown.requested()) {
            Waiter head = state.waiters.peekWanted(context);
            if (head != null && head.sharing.shared() && !head.ping
                    && placement.canTakeOnAnswer(pooled, head.sharing, atMaxSize())) {
                hand(pooled, state.waiters.pollWanted(context), now);
            }
        }
        if (then != null) {
            state.answers.then(then);
        }
        state.settle();
    }

    /** Whether a request can neither get a free connection nor have one opened for it. */
    private boolean atMaxSize() {
        return state.free.isEmpty() && state.total() >= settings.maxSize();
    }

    /** Puts an idle connection to use: the head waiter, else the free stack. */
    void offer(PooledConnection pooled, long now) {
        if (pooled.connection.isClosed()) {
            bury(pooled, null, now);
            if (!state.waiters.isEmpty()) {
                if (state.dead.takeRetriable(now)) {
                    opener.open();
                } else {
                    failWaitersIfNothingLive(state.dead.lastCause(), now);
                }
            }
            // A connection that died in use during close must not make close() wait for the grace period.
            shutdown.finishIfIdle();
            return;
        }
        if (shutdown.requested()) {
            shutdown.closeConnection(pooled.connection);
            shutdown.finishIfIdle();
            return;
        }
        if (now >= pooled.expiresNanos) {
            retire(pooled);
            if (!state.waiters.isEmpty() || state.total() < settings.size()) {
                opener.open();
            }
            return;
        }
        pooled.lastUsedNanos = now;
        Waiter waiter = state.waiters.pollWanted(context);
        if (waiter != null) {
            hand(pooled, waiter, now);
        } else {
            state.free.push(pooled);
        }
    }

    /** Records a broken connection as a dead slot; it may reconnect at once, since the server was reachable. */
    void bury(PooledConnection pooled, Throwable cause, long now) {
        state.busy.remove(pooled);
        state.free.remove(pooled);
        if (!pooled.connection.isClosed()) {
            shutdown.closeConnection(pooled.connection);
        } else {
            metrics.connectionClosed();
        }
        if (!shutdown.requested()) {
            state.dead.broke(now, cause);
        }
    }

    private void retire(PooledConnection pooled) {
        LOG.debug("Pool '{}': retiring a connection that reached maxLifetime", name());
        state.free.remove(pooled);
        shutdown.closeConnection(pooled.connection);
    }

    boolean isClosed() {
        return shutdown.requested();
    }

    PoolClosedException closedException() {
        return PoolErrors.closed(name());
    }

    DatabaseNotAvailableException notAvailable(Throwable cause) {
        return PoolErrors.notAvailable(name(), connector.target(), state.now(), cause);
    }

    /** The last published numbers; from any thread. */
    PoolStats stats() {
        return state.published();
    }
}
