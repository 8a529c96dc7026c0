package io.momoko.internal;

import io.momoko.AcquireTimeoutException;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.MomokoException;
import io.momoko.PoolClosedException;
import io.momoko.PoolOverloadedException;
import io.momoko.PoolStats;
import io.momoko.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The pool's state machine: Momoko's five groups of connections (free, busy, dead, pending, waiting) and the
 * rules that move connections between them. Nothing else mutates them.
 *
 * <h2>Who owns the state</h2>
 * One {@link PoolContext} (a Vert.x event loop) owns every field that is not final. Entry points called from
 * another thread hop onto it; callbacks of connections opened from it already run there. No lock is needed.
 *
 * <h2>Actions, then answers</h2>
 * Each entry point mutates the state and queues what it owes callers in {@link Answers} (a connection for a
 * request, a failure, a caller's follow-up); {@link #settle()} then publishes the numbers and only then
 * delivers the answers, whose code may call back into the pool. So "answer a waiter only after the pool is
 * consistent" is the structure rather than a rule each call site must remember.
 *
 * <h2>How waiters are woken</h2>
 * A request that finds no free connection is queued (FIFO, {@link WaiterQueue}) after starting, when allowed,
 * one new connection (stretching up to {@code maxSize}) or the reconnection of one dead slot
 * ({@link DeadSlots}). A connection that becomes available goes to the head waiter first and to the free
 * stack (LIFO) only when nobody waits. A waiter removed by its acquire timeout is no longer queued, so it
 * can never be handed a connection later. When nothing live or pending is left while requests wait, they
 * fail with {@link DatabaseNotAvailableException} rather than wait out their timeout.
 *
 * <h2>The hot path</h2>
 * A request made on the context that finds an open, recently used connection on top of the free stack is
 * handed it at once: no waiter, no future, no lambda ({@code AcquireReleaseBenchmark}).
 */
final class PoolEngine {

    private static final Logger LOG = LoggerFactory.getLogger(io.momoko.Pool.class);

    private final PoolSettings settings;
    private final PoolContext context;
    private final Connector connector;
    private final PoolMetrics metrics;
    private final LeakTracker leaks;
    private final PipelinePlacement placement;
    private final long validationIntervalNanos;

    private final ArrayDeque<PooledConnection> free = new ArrayDeque<>();
    /** Identity-based and open-addressed: adding and removing a connection allocates nothing. */
    private final Set<PooledConnection> busy = Collections.newSetFromMap(new IdentityHashMap<>());
    private final DeadSlots dead;
    private final WaiterQueue waiters = new WaiterQueue();
    private int pending;
    private final Answers answers = new Answers();
    private final PoolNumbers numbers;
    private final Shutdown shutdown;
    private long shrinkTimer = -1;
    /** Written on the context, read by mogrify from any thread. */
    private volatile boolean hstore;

    PoolEngine(PoolSettings settings, PoolContext context, Connector connector, LeakTracker leaks) {
        this.settings = settings;
        this.context = context;
        this.connector = connector;
        this.metrics = settings.metrics();
        this.leaks = leaks;
        this.placement = new PipelinePlacement(settings.pipelining());
        this.validationIntervalNanos = settings.validationInterval().toNanos();
        this.dead = new DeadSlots(settings.reconnectInterval().toNanos());
        this.numbers = new PoolNumbers(settings.name(), settings.size(), settings.maxSize());
        this.shutdown = new Shutdown(settings, metrics, context);
        settle();
    }

    PoolContext context() {
        return context;
    }

    String name() {
        return settings.name();
    }

    /** Publishes the numbers, then delivers what the change owes callers (see the class comment). */
    private void settle() {
        numbers.publish(free.size(), busy.size(), dead.size(), pending, waiters.size());
        answers.deliver();
    }

    // ---------------------------------------------------------------- acquiring

    /**
     * Gets a connection for one pool-level statement ({@code shared}) or for exclusive use, and gives it to
     * {@code grant} on the pool's context. Callable from any thread.
     */
    void acquire(boolean shared, boolean ping, Grant grant) {
        long requestedNanos = context.nanoTime();
        if (context.inContext()) {
            serve(shared, ping, grant, requestedNanos, requestedNanos);
        } else {
            context.execute(() -> serve(shared, ping, grant, requestedNanos, context.nanoTime()));
        }
    }

    private void serve(boolean shared, boolean ping, Grant grant, long requestedNanos, long now) {
        if (!shutdown.requested() && !ping) {
            PooledConnection ready = shared ? placement.joinable(busy, now) : null;
            if (ready == null) {
                ready = takeReadyFree(now);
            }
            if (ready != null) {
                ensureShrinking();
                take(ready, shared, requestedNanos, now);
                answers.grant(grant, ready);
                settle();
                return;
            }
        }
        place(new Waiter(grant, shared, ping, requestedNanos), now);
        settle();
    }

    /** The top of the free stack if it is open, unexpired and used recently enough to skip validation. */
    private PooledConnection takeReadyFree(long now) {
        PooledConnection top = free.peek();
        if (top == null || top.connection.isClosed() || now >= top.expiresNanos
                || now - top.lastUsedNanos > validationIntervalNanos) {
            return null;
        }
        return free.pop();
    }

    private void place(Waiter waiter, long now) {
        if (shutdown.requested()) {
            fail(waiter, closedException());
            return;
        }
        ensureShrinking();
        PooledConnection candidate = takeFree(now);
        if (candidate != null) {
            if (waiter.ping || now - candidate.lastUsedNanos > validationIntervalNanos) {
                validateThenHand(candidate, waiter);
            } else {
                hand(candidate, waiter, now);
            }
            return;
        }
        PooledConnection joinable = waiter.shared ? placement.joinable(busy, now) : null;
        if (joinable != null) {
            hand(joinable, waiter, now);
            return;
        }
        boolean openOne;
        if (dead.takeRetriable(now)) {
            openOne = true;
        } else if (!dead.isEmpty() && busy.isEmpty() && pending == 0) {
            fail(waiter, notAvailable(dead.lastCause()));
            return;
        } else {
            openOne = dead.isEmpty() && total() < settings.maxSize();
        }
        // Queued before the connection is asked for: a connector may answer at once (a refused connect does),
        // and that answer must find the request waiting for it.
        enqueue(waiter);
        if (openOne) {
            open();
        }
    }

    private PooledConnection takeFree(long now) {
        while (!free.isEmpty()) {
            PooledConnection candidate = free.pop();
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
        if (waiters.size() >= settings.maxWaiting()) {
            fail(waiter, new PoolOverloadedException("Pool '" + name() + "' rejected a request: maxWaiting ("
                    + settings.maxWaiting() + ") requests are already waiting; " + currentStats(), null));
            return;
        }
        waiters.addLast(waiter);
        long timeout = settings.acquireTimeout().toMillis();
        waiter.timer = context.setTimer(timeout, () -> {
            if (waiters.remove(waiter)) {
                metrics.acquireTimedOut();
                fail(waiter, new AcquireTimeoutException("Pool '" + name() + "': no connection available within "
                        + timeout + " ms; " + currentStats(), null));
                settle();
            }
        });
    }

    /** The head waiter, its timer cancelled, or {@code null}. */
    private Waiter dequeue() {
        Waiter waiter = waiters.pollFirst();
        if (waiter != null && waiter.timer >= 0) {
            context.cancelTimer(waiter.timer);
        }
        return waiter;
    }

    private void validateThenHand(PooledConnection candidate, Waiter waiter) {
        candidate.exclusive = true;
        busy.add(candidate);
        connector.validate(candidate.connection).whenComplete((ignored, error) -> context.execute(() -> {
            long now = context.nanoTime();
            busy.remove(candidate);
            candidate.exclusive = false;
            if (error == null) {
                candidate.lastUsedNanos = now;
                hand(candidate, waiter, now);
            } else {
                LOG.debug("Pool '{}': idle connection failed validation: {}", name(), Errors.unwrap(error).getMessage());
                bury(candidate, Errors.unwrap(error), now);
                place(waiter, now);
            }
            settle();
        }));
    }

    /** Gives a connection to a request: marks it in use now, answers once the change is published. */
    private void hand(PooledConnection pooled, Waiter waiter, long now) {
        take(pooled, waiter.shared, waiter.requestedNanos, now);
        assert !waiter.answered : "a request answered twice";
        waiter.answered = true;
        answers.grant(waiter.grant, pooled);
    }

    private void fail(Waiter waiter, Throwable error) {
        assert !waiter.answered : "a request answered twice";
        waiter.answered = true;
        answers.fail(waiter.grant, error);
    }

    private void take(PooledConnection pooled, boolean shared, long requestedNanos, long now) {
        if (shared) {
            if (pooled.statements++ == 0) {
                pooled.progressNanos = now;
            }
        } else {
            pooled.exclusive = true;
        }
        busy.add(pooled);
        pooled.borrowedNanos = now;
        metrics.acquired(now - requestedNanos);
    }

    /** Fails every waiter when no connection is live or being opened: nothing could ever serve them. */
    private void failWaitersIfNothingLive(Throwable cause, long now) {
        if (!free.isEmpty() || !busy.isEmpty() || pending > 0 || waiters.isEmpty()) {
            return;
        }
        if (dead.takeRetriable(now)) {
            open();
            return;
        }
        failAllWaiters(notAvailable(cause));
    }

    private void failAllWaiters(MomokoException error) {
        for (Waiter waiter = dequeue(); waiter != null; waiter = dequeue()) {
            fail(waiter, error);
        }
    }

    // ---------------------------------------------------------------- releasing

    /**
     * A pool-level statement or an exclusive holder is done with a connection. Callable from any thread; the
     * release runs on the pool's context, then {@code then} (if any) runs there once the numbers say the
     * connection is back.
     */
    void release(PooledConnection pooled, boolean shared, Runnable then) {
        if (context.inContext()) {
            releaseNow(pooled, shared, then);
        } else {
            context.execute(() -> releaseNow(pooled, shared, then));
        }
    }

    private void releaseNow(PooledConnection pooled, boolean shared, Runnable then) {
        long now = context.nanoTime();
        if (shared) {
            if (--pooled.statements > 0) {
                pooled.progressNanos = now;
            }
        } else {
            pooled.exclusive = false;
            leaks.stop(pooled);
        }
        if (pooled.isIdle()) {
            metrics.released(now - pooled.borrowedNanos);
            busy.remove(pooled);
            offer(pooled, now);
        } else if (placement.hasRoom(pooled) && !waiters.isEmpty() && waiters.peekFirst().shared) {
            hand(pooled, dequeue(), now);
        }
        if (then != null) {
            answers.then(then);
        }
        settle();
    }

    /** Puts an idle connection to use: the head waiter, else the free stack. */
    private void offer(PooledConnection pooled, long now) {
        if (pooled.connection.isClosed()) {
            bury(pooled, null, now);
            if (!waiters.isEmpty()) {
                if (dead.takeRetriable(now)) {
                    open();
                } else {
                    failWaitersIfNothingLive(dead.lastCause(), now);
                }
            }
            // A connection that died in use during close must not make close() wait for the grace period.
            shutdown.finishIfIdle(busy.isEmpty(), pending);
            return;
        }
        if (shutdown.requested()) {
            shutdown.closeConnection(pooled.connection);
            shutdown.finishIfIdle(busy.isEmpty(), pending);
            return;
        }
        if (now >= pooled.expiresNanos) {
            retire(pooled);
            if (!waiters.isEmpty() || total() < settings.size()) {
                open();
            }
            return;
        }
        pooled.lastUsedNanos = now;
        Waiter waiter = dequeue();
        if (waiter != null) {
            hand(pooled, waiter, now);
        } else {
            free.push(pooled);
        }
    }

    /** Records a broken connection as a dead slot; it may reconnect at once, since the server was reachable. */
    private void bury(PooledConnection pooled, Throwable cause, long now) {
        busy.remove(pooled);
        free.remove(pooled);
        if (!pooled.connection.isClosed()) {
            shutdown.closeConnection(pooled.connection);
        } else {
            metrics.connectionClosed();
        }
        if (!shutdown.requested()) {
            dead.broke(now, cause);
        }
    }

    private void retire(PooledConnection pooled) {
        LOG.debug("Pool '{}': retiring a connection that reached maxLifetime", name());
        free.remove(pooled);
        shutdown.closeConnection(pooled.connection);
    }

    // ---------------------------------------------------------------- opening

    private int total() {
        return free.size() + busy.size() + dead.size() + pending;
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
                answers.then(() -> result.completeExceptionally(closedException()));
            } else {
                dead.clear();
                int missing = Math.max(0, settings.size() - total());
                List<CompletableFuture<Boolean>> attempts = new ArrayList<>(missing);
                for (int i = 0; i < missing; i++) {
                    attempts.add(open());
                }
                answers.then(() -> result.complete(attempts));
            }
            settle();
        });
        return result;
    }

    /** Why the last connection attempt or connection failed, or {@code null}. */
    Throwable lastFailure() {
        return dead.lastCause();
    }

    private CompletableFuture<Boolean> open() {
        pending++;
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        long started = context.nanoTime();
        connector.open().whenComplete((connection, error) -> context.execute(() -> {
            boolean joined = opened(connection, error, started);
            answers.then(() -> outcome.complete(joined));
            settle();
        }));
        return outcome;
    }

    private boolean opened(PoolConnection connection, Throwable error, long startedNanos) {
        pending--;
        long now = context.nanoTime();
        if (error != null) {
            metrics.connectionFailed();
            Throwable cause = Errors.unwrap(error);
            LOG.debug("Pool '{}': connection to {} failed: {}", name(), connector.target(), cause.getMessage());
            if (!shutdown.requested()) {
                dead.connectFailed(now, cause);
                failWaitersIfNothingLive(cause, now);
            }
            shutdown.finishIfIdle(busy.isEmpty(), pending);
            return false;
        }
        metrics.connectionCreated(Duration.ofNanos(now - startedNanos));
        if (shutdown.requested()) {
            shutdown.closeConnection(connection);
            shutdown.finishIfIdle(busy.isEmpty(), pending);
            return true;
        }
        if (hstore) {
            connection.hstoreEnabled();
        }
        PooledConnection pooled = new PooledConnection(connection, now, Lifetime.expiry(settings.maxLifetime(), now));
        // A free connection closed by the server or the network shows as dead at once, not at its next use.
        connection.closedFuture().whenComplete((ignored, closeError) -> context.execute(() -> {
            if (free.contains(pooled)) {
                bury(pooled, null, context.nanoTime());
                settle();
            }
        }));
        offer(pooled, now);
        return true;
    }

    // ---------------------------------------------------------------- maintenance

    private void ensureShrinking() {
        if (settings.autoShrink() && shrinkTimer < 0 && !shutdown.requested()) {
            shrinkTimer = context.setPeriodic(settings.shrinkPeriod().toMillis(), this::shrink);
        }
    }

    private void shrink() {
        long now = context.nanoTime();
        long delay = settings.shrinkDelay().toNanos();
        // The free stack's tail is its least recently used connection.
        while (total() > settings.size() && !free.isEmpty() && now - free.peekLast().lastUsedNanos > delay) {
            PooledConnection idle = free.pollLast();
            LOG.debug("Pool '{}': shrinking, closing a connection idle for {} ms", name(),
                    (now - idle.lastUsedNanos) / 1_000_000);
            shutdown.closeConnection(idle.connection);
        }
        settle();
    }

    /** Closes every free connection now; they are reopened on demand. */
    CompletableFuture<Integer> evictIdle() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        context.execute(() -> {
            int evicted = free.size();
            while (!free.isEmpty()) {
                shutdown.closeConnection(free.poll().connection);
            }
            answers.then(() -> result.complete(evicted));
            settle();
        });
        return result;
    }

    boolean hstore() {
        return hstore;
    }

    /** Switches hstore on for every connection, current and future. */
    CompletableFuture<Void> enableHstore() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        context.execute(() -> {
            hstore = true;
            free.forEach(pooled -> pooled.connection.hstoreEnabled());
            busy.forEach(pooled -> pooled.connection.hstoreEnabled());
            answers.then(() -> result.complete(null));
            settle();
        });
        return result;
    }

    /** Runs {@code reader} over the connections in use, on the context, and completes with what it built. */
    <T> CompletableFuture<T> inspectBusy(java.util.function.BiFunction<Iterable<PooledConnection>, Long, T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.execute(() -> {
            T value = reader.apply(busy, context.nanoTime());
            answers.then(() -> result.complete(value));
            settle();
        });
        return result;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Stops taking work: free connections close now, waiters fail, busy ones get the close grace period.
     *
     * @return completes when every connection is closed
     */
    CompletableFuture<Void> close() {
        context.execute(() -> {
            if (shutdown.requested()) {
                return;
            }
            shutdown.request();
            if (shrinkTimer >= 0) {
                context.cancelTimer(shrinkTimer);
            }
            while (!free.isEmpty()) {
                shutdown.closeConnection(free.poll().connection);
            }
            dead.clear();
            if (!busy.isEmpty()) {
                context.setTimer(settings.closeTimeout().toMillis(), this::forceClose);
            }
            failAllWaiters(closedException());
            shutdown.finishIfIdle(busy.isEmpty(), pending);
            settle();
        });
        return shutdown.closed();
    }

    private void forceClose() {
        for (PooledConnection pooled : busy.toArray(new PooledConnection[0])) {
            shutdown.warnForced(pooled);
            leaks.stop(pooled);
            busy.remove(pooled);
            shutdown.closeConnection(pooled.connection);
        }
        shutdown.finishIfIdle(true, pending);
        settle();
    }

    boolean isClosed() {
        return shutdown.requested();
    }

    PoolClosedException closedException() {
        return new PoolClosedException("Pool '" + name() + "' is closed", null);
    }

    // ---------------------------------------------------------------- observing

    DatabaseNotAvailableException notAvailable(Throwable cause) {
        return new DatabaseNotAvailableException("No database connection available (pool '" + name() + "' to "
                + connector.target() + "; " + currentStats() + ")" + (cause == null ? "" : ": " + cause.getMessage()),
                cause);
    }

    /** The numbers now; on the context only (messages). */
    private PoolStats currentStats() {
        return new PoolStats(name(), settings.size(), settings.maxSize(), free.size(), busy.size(), dead.size(),
                pending, waiters.size());
    }

    /** The last published numbers; from any thread. */
    PoolStats stats() {
        return numbers.read();
    }
}
