package io.momoko.internal;

import io.momoko.AcquireTimeoutException;
import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.ConnectionClosedException;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.DatabaseException;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.ManagedConnection;
import io.momoko.MomokoException;
import io.momoko.PartiallyConnectedException;
import io.momoko.Pool;
import io.momoko.PoolClosedException;
import io.momoko.PoolOverloadedException;
import io.momoko.PoolStats;
import io.momoko.ProgrammingException;
import io.momoko.QueryTimeoutException;
import io.momoko.Row;
import io.momoko.SqlOperations;
import io.momoko.Statement;
import io.momoko.metrics.PoolMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The pool engine: Momoko's five groups of connections (free, busy, dead, pending, waiting) and the rules
 * that move connections between them.
 *
 * <h2>Who owns the state</h2>
 * One Vert.x context (an event loop) owns every field below that is not final or volatile. Every state
 * change runs on that context: public methods called from another thread hop onto it with
 * {@code runOnContext}; methods already on it run inline. Connections are opened from the context, so their
 * I/O and their callbacks run on the same thread and no lock is needed anywhere.
 *
 * <h2>How waiters are woken</h2>
 * A request that finds no free connection is queued (FIFO) after starting, when allowed, one new connection
 * (stretching up to {@code maxSize}) or the reconnection of one dead connection. A connection that becomes
 * available (opened, released, reset) goes to the head waiter first and to the free stack (LIFO) only when
 * nobody waits. A waiter is completed only after the pool's state is consistent, because completing it runs
 * the borrower's code inline, which may call back into the pool.
 *
 * <h2>Timeouts and failures</h2>
 * A waiter removed by its acquire timeout is no longer in the queue, so it can never be handed a connection
 * later. When the last live connection dies or the last pending one fails while requests wait, the waiters
 * fail with {@link DatabaseNotAvailableException} rather than wait out their timeout. {@link #stats()} reads
 * counters published (release store, acquire read) after each change and before any waiter's code runs, so
 * it is safe from any thread; five separate reads may mix two moments, which a monitoring number can afford.
 *
 * <h2>The hot path</h2>
 * A request made on the context that finds an open, recently used connection on top of the free stack is
 * handed it at once: no waiter, no future, no lambda, two clock reads per acquire and release, and one
 * release store to publish the numbers ({@code AcquireReleaseBenchmark} measures it; BENCHMARKS.md).
 */
public final class ConnectionPool implements Pool, StatementRunner, RowOperations {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);
    /**
     * How long a connection running pipelined statements may go without answering one before new
     * statements stop joining it. A healthy connection under load answers every few tens of microseconds;
     * the margin covers an event loop that is itself saturated, which delays every answer alike.
     */
    static final long STALL_NANOS = 5_000_000;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    private static final String RESET = "ROLLBACK; CLOSE ALL; RESET ALL; UNLISTEN *; "
            + "SELECT pg_advisory_unlock_all(); DISCARD TEMP";

    /**
     * The builder's checked settings.
     *
     * @param connectOptions server and login
     * @param name pool name
     * @param size initial and minimum size
     * @param maxSize maximum size
     * @param reconnectInterval minimum time between failed connection attempts of one dead slot
     * @param raiseConnectErrors whether connect() fails on partial failure
     * @param setSession statements run on every new connection
     * @param autoShrink whether idle connections above size are closed
     * @param shrinkDelay idle time before shrinking
     * @param shrinkPeriod how often to shrink
     * @param acquireTimeout how long a request may wait
     * @param maxWaiting how many requests may wait
     * @param queryTimeout default statement timeout, or null
     * @param maxLifetime connection lifetime, or null
     * @param validationInterval idle time after which a connection is pinged before use
     * @param leakDetectionThreshold hold time after which a borrower is warned about, or null
     * @param closeTimeout grace period for work in progress at close
     * @param cursorFactory row factory of {@link #operations()}
     * @param pipelining pool-level statements per connection
     * @param vertx shared Vert.x instance, or null
     * @param metrics metrics receiver
     */
    public record Settings(ConnectOptions connectOptions, String name, int size, int maxSize,
                           Duration reconnectInterval, boolean raiseConnectErrors, List<String> setSession,
                           boolean autoShrink, Duration shrinkDelay, Duration shrinkPeriod, Duration acquireTimeout,
                           int maxWaiting, Duration queryTimeout, Duration maxLifetime, Duration validationInterval,
                           Duration leakDetectionThreshold, Duration closeTimeout, CursorFactory<?> cursorFactory,
                           int pipelining, Vertx vertx, PoolMetrics metrics) {
    }

    /** A connection that broke or could not be opened, waiting to be reconnected on demand. */
    private static final class DeadSlot {
        final long failedAtNanos;
        final Throwable cause;
        /** A slot whose connection died in use may reconnect at once; a failed attempt waits. */
        final boolean throttled;

        DeadSlot(long failedAtNanos, Throwable cause, boolean throttled) {
            this.failedAtNanos = failedAtNanos;
            this.cause = cause;
            this.throttled = throttled;
        }
    }

    /**
     * Receives the connection a request asked for, or why there is none. Called once, on the pool's context,
     * after the pool's state is consistent; it may call back into the pool.
     */
    @FunctionalInterface
    interface Grant {
        void granted(PooledConnection pooled, Throwable error);
    }

    /** A request that could not be served from the free stack at once: queued, or waiting for a validation. */
    private static final class Waiter {
        final Grant grant;
        final boolean shared;
        final long requestedNanos;
        long timer = -1;
        boolean answered;

        Waiter(Grant grant, boolean shared, long requestedNanos) {
            this.grant = grant;
            this.shared = shared;
            this.requestedNanos = requestedNanos;
        }

        /** @return false when the request was already answered, so the connection must go back */
        boolean answer(PooledConnection pooled) {
            if (answered) {
                return false;
            }
            answered = true;
            grant.granted(pooled, null);
            return true;
        }

        void fail(Throwable error) {
            if (!answered) {
                answered = true;
                grant.granted(null, error);
            }
        }
    }

    private final Settings settings;
    private final long validationIntervalNanos;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Context context;
    private final PoolMetrics metrics;

    private final ArrayDeque<PooledConnection> free = new ArrayDeque<>();
    /** Identity-based and open-addressed: adding and removing a connection allocates nothing. */
    private final Set<PooledConnection> busy = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<DeadSlot> dead = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int pending;
    /** The connection the last pipelined statement joined, tried first by the next one. */
    private PooledConnection lastJoined;
    private long shrinkTimer = -1;
    private CompletableFuture<Pool> connecting;
    /** Closes still under way, awaited by close(); each leaves the set when done, so retirements do not pile up. */
    private final Set<CompletableFuture<Void>> closing = new java.util.HashSet<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile boolean closeRequested;
    private volatile boolean hstore;
    /** The numbers {@link #stats()} reads: written on the context, then published by {@link #publication}. */
    private int freeCount;
    private int busyCount;
    private int deadCount;
    private int pendingCount;
    private int waitingCount;
    private final AtomicInteger publication = new AtomicInteger();

    /**
     * Creates a pool; opens nothing until {@link #connect()} or the first request.
     *
     * @param settings the builder's checked settings
     */
    public ConnectionPool(Settings settings) {
        this.settings = settings;
        this.validationIntervalNanos = settings.validationInterval().toNanos();
        this.ownsVertx = settings.vertx() == null;
        this.vertx = ownsVertx ? SharedVertx.acquire() : settings.vertx();
        Context current = Vertx.currentContext();
        // Off a Vert.x thread this creates a fresh event-loop context; on one, the pool shares the caller's loop.
        this.context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
        this.metrics = settings.metrics();
        changed();
    }

    /**
     * Returns a fresh default pool name.
     *
     * @return {@code momoko-N}
     */
    public static String nextName() {
        return "momoko-" + POOL_NUMBER.incrementAndGet();
    }

    // ---------------------------------------------------------------- threading

    private boolean onContext() {
        return Vertx.currentContext() == context;
    }

    /** Runs {@code action} on the pool's context: inline when already there. */
    void onContext(Runnable action) {
        if (onContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public CompletableFuture<Pool> connect() {
        CompletableFuture<Pool> result = new CompletableFuture<>();
        onContext(() -> {
            if (closeRequested) {
                result.completeExceptionally(closedException());
                return;
            }
            if (connecting != null) {
                connecting.whenComplete((pool, error) -> complete(result, pool, error));
                return;
            }
            connecting = result;
            int toOpen = Math.max(0, settings.size() - total());
            if (toOpen == 0) {
                result.complete(this);
                return;
            }
            List<CompletableFuture<Boolean>> attempts = new ArrayList<>(toOpen);
            for (int i = 0; i < toOpen; i++) {
                attempts.add(open());
            }
            CompletableFuture.allOf(attempts.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> {
                long failed = attempts.stream().filter(attempt -> !attempt.join()).count();
                if (failed > 0 && settings.raiseConnectErrors()) {
                    Throwable cause = dead.isEmpty() ? null : dead.peekLast().cause;
                    result.completeExceptionally(new PartiallyConnectedException(failed
                            + " connection(s) failed to connect (pool '" + name() + "' to " + settings.connectOptions()
                            + ")" + (cause == null ? "" : ": " + cause.getMessage()), cause));
                } else {
                    result.complete(this);
                }
            });
        });
        return result;
    }

    private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
        if (error != null) {
            target.completeExceptionally(Errors.unwrap(error));
        } else {
            target.complete(value);
        }
    }

    /**
     * Opens one connection and runs its set-up.
     *
     * @return completes with {@code true} when it joined the pool, {@code false} when it failed
     */
    private CompletableFuture<Boolean> open() {
        pending++;
        changed();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        long started = System.nanoTime();
        VertxConnection.open(settings.connectOptions(), vertx)
                .thenCompose(connection -> setUp((VertxConnection) connection))
                .whenComplete((connection, error) -> onContext(
                        () -> outcome.complete(opened(connection, error, started))));
        return outcome;
    }

    private CompletableFuture<VertxConnection> setUp(VertxConnection connection) {
        connection.defaultQueryTimeout(settings.queryTimeout());
        if (hstore) {
            connection.hstoreEnabled();
        }
        return runSession(connection).handle((ignored, error) -> {
            if (error != null) {
                connection.close();
                throw new java.util.concurrent.CompletionException(Errors.unwrap(error));
            }
            return connection;
        });
    }

    /** Runs the setSession statements in order; the first failure fails the chain with the server's error. */
    private CompletableFuture<Void> runSession(VertxConnection connection) {
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (String statement : settings.setSession()) {
            chain = chain.thenCompose(ignored -> connection.execute(statement));
        }
        return chain.thenApply(ignored -> null);
    }

    private boolean opened(VertxConnection connection, Throwable error, long startedNanos) {
        pending--;
        if (error != null) {
            metrics.connectionFailed();
            Throwable cause = Errors.unwrap(error);
            LOG.debug("Pool '{}': connection to {} failed: {}", name(), settings.connectOptions(), cause.getMessage());
            if (closeRequested) {
                finishCloseIfIdle();
                changed();
                return false;
            }
            dead.addLast(new DeadSlot(System.nanoTime(), cause, true));
            failWaitersIfNothingLive(cause);
            changed();
            return false;
        }
        metrics.connectionCreated(Duration.ofNanos(System.nanoTime() - startedNanos));
        if (closeRequested) {
            closeConnection(connection);
            finishCloseIfIdle();
            changed();
            return true;
        }
        long now = System.nanoTime();
        PooledConnection pooled = new PooledConnection(connection, now, expiry(now));
        // A free connection closed by the server or the network shows as dead at once, not at its next use.
        connection.closedFuture().whenComplete((ignored, closeError) -> onContext(() -> {
            if (free.contains(pooled)) {
                bury(pooled, null);
                changed();
            }
        }));
        offer(pooled);
        return true;
    }

    private long expiry(long createdNanos) {
        Duration lifetime = settings.maxLifetime();
        if (lifetime == null) {
            return Long.MAX_VALUE;
        }
        long nanos = lifetime.toNanos();
        long jitter = (long) (nanos * 0.025 * ThreadLocalRandom.current().nextDouble());
        return createdNanos + nanos - jitter;
    }

    @Override
    public CompletableFuture<Void> close() {
        onContext(() -> {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            if (shrinkTimer >= 0) {
                vertx.cancelTimer(shrinkTimer);
            }
            while (!free.isEmpty()) {
                closeConnection(free.poll().connection);
            }
            dead.clear();
            if (!busy.isEmpty()) {
                long grace = Math.max(1, settings.closeTimeout().toMillis());
                vertx.setTimer(grace, id -> forceClose());
            }
            finishCloseIfIdle();
            failAllWaiters(closedException());
        });
        return closed;
    }

    private void forceClose() {
        for (PooledConnection pooled : new ArrayList<>(busy)) {
            if (pooled.borrowedAt != null) {
                LOG.warn("Pool '{}' closed while a connection was still borrowed; it is closed now. Borrowed at:",
                        name(), pooled.borrowedAt);
            } else if (pooled.borrower != null) {
                LOG.warn("Pool '{}' closed while a connection was still borrowed by {}; it is closed now", name(),
                        pooled.borrower);
            } else {
                LOG.warn("Pool '{}' closed while a statement was still running on {}; it is closed now", name(),
                        pooled.connection);
            }
            busy.remove(pooled);
            closeConnection(pooled.connection);
        }
        finishCloseIfIdle();
        changed();
    }

    private void closeConnection(VertxConnection connection) {
        metrics.connectionClosed();
        CompletableFuture<Void> socketClosed = connection.close();
        closing.add(socketClosed);
        socketClosed.whenComplete((ignored, error) -> onContext(() -> closing.remove(socketClosed)));
    }

    private void finishCloseIfIdle() {
        if (!closeRequested || !busy.isEmpty() || pending > 0 || closed.isDone()) {
            return;
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> {
            if (ownsVertx) {
                SharedVertx.release(vertx).onComplete(done -> closed.complete(null));
            } else {
                closed.complete(null);
            }
        });
    }

    private PoolClosedException closedException() {
        return new PoolClosedException("Pool '" + name() + "' is closed", null);
    }

    @Override
    public boolean isClosed() {
        return closeRequested;
    }

    @Override
    public String name() {
        return settings.name();
    }

    // ---------------------------------------------------------------- acquiring

    private int total() {
        return free.size() + busy.size() + dead.size() + pending;
    }

    /**
     * Gets a connection for one pool-level statement ({@code shared}) or for exclusive use, and gives it to
     * {@code grant} on the pool's context.
     */
    void acquire(boolean shared, boolean ping, Grant grant) {
        long requestedNanos = System.nanoTime();
        if (onContext()) {
            serve(shared, ping, grant, requestedNanos, requestedNanos);
        } else {
            context.runOnContext(ignored -> serve(shared, ping, grant, requestedNanos, System.nanoTime()));
        }
    }

    /**
     * The hot path: the top of the free stack, when it needs no check, is handed over without queueing, so a
     * request that finds a connection allocates nothing here. Everything else goes through a {@link Waiter}.
     */
    private void serve(boolean shared, boolean ping, Grant grant, long requestedNanos, long now) {
        if (!closeRequested && !ping) {
            PooledConnection ready = shared ? joinablePipeline(now) : null;
            if (ready == null) {
                ready = takeReadyFree(now);
            }
            if (ready != null) {
                ensureShrinking();
                take(ready, shared, requestedNanos, now);
                grant.granted(ready, null);
                return;
            }
        }
        acquire(new Waiter(grant, shared, requestedNanos), ping);
        // enqueue() and the failure paths change the numbers without publishing them themselves.
        changed();
    }

    /** The top of the free stack if it is open, unexpired and used recently enough to skip validation. */
    private PooledConnection takeReadyFree(long now) {
        PooledConnection top = free.peek();
        if (top == null || top.connection.isClosed()) {
            return null;
        }
        if (now >= top.expiresNanos || now - top.lastUsedNanos > validationIntervalNanos) {
            return null;
        }
        return free.pop();
    }

    private void acquire(Waiter waiter, boolean ping) {
        if (closeRequested) {
            waiter.fail(closedException());
            return;
        }
        ensureShrinking();
        PooledConnection candidate = takeFree();
        if (candidate != null) {
            long idle = System.nanoTime() - candidate.lastUsedNanos;
            if (ping || idle > validationIntervalNanos) {
                validateThenHand(candidate, waiter, ping);
            } else {
                hand(candidate, waiter);
            }
            return;
        }
        if (waiter.shared) {
            PooledConnection joinable = joinablePipeline(System.nanoTime());
            if (joinable != null) {
                hand(joinable, waiter);
                return;
            }
        }
        DeadSlot retriable = retriableDeadSlot();
        if (retriable != null) {
            dead.remove(retriable);
            open();
        } else if (!dead.isEmpty() && busy.isEmpty() && pending == 0) {
            waiter.fail(notAvailable(dead.peekLast().cause));
            return;
        } else if (dead.isEmpty() && total() < settings.maxSize()) {
            open();
        }
        enqueue(waiter);
    }

    private PooledConnection takeFree() {
        while (!free.isEmpty()) {
            PooledConnection candidate = free.pop();
            if (candidate.connection.isClosed()) {
                bury(candidate, null);
            } else if (System.nanoTime() >= candidate.expiresNanos) {
                retire(candidate);
            } else {
                return candidate;
            }
        }
        return null;
    }

    /**
     * With pipelining, a connection already running pool-level statements that has room for one more; the
     * last one joined is tried first. Statements are packed onto as few connections as their limit allows
     * (as Vert.x's pipelined client does): responses then arrive several per read, and each server process
     * answers several per wake-up, which on a loaded machine buys more than spreading them out. Another
     * connection is taken or opened only when every one in use is full or stalled.
     *
     * <p>A statement waits behind those ahead of it on its connection, so a connection that has answered
     * nothing for {@link #STALL_NANOS} (busy with something slow) is not joined: unlike Vert.x's client,
     * one long query does not hold up the short ones queued behind it while other connections are idle.
     */
    private PooledConnection joinablePipeline(long now) {
        if (settings.pipelining() <= 1) {
            return null;
        }
        PooledConnection last = lastJoined;
        if (last != null && joinable(last, now)) {
            return last;
        }
        for (PooledConnection pooled : busy) {
            if (joinable(pooled, now)) {
                lastJoined = pooled;
                return pooled;
            }
        }
        return null;
    }

    private boolean joinable(PooledConnection pooled, long now) {
        return !pooled.exclusive && pooled.statements > 0 && pooled.statements < settings.pipelining()
                && now - pooled.progressNanos < STALL_NANOS && !pooled.connection.isClosed();
    }

    private DeadSlot retriableDeadSlot() {
        long now = System.nanoTime();
        long interval = settings.reconnectInterval().toNanos();
        for (DeadSlot slot : dead) {
            if (!slot.throttled || now - slot.failedAtNanos >= interval) {
                return slot;
            }
        }
        return null;
    }

    private void enqueue(Waiter waiter) {
        if (waiters.size() >= settings.maxWaiting()) {
            waiter.fail(new PoolOverloadedException("Pool '" + name() + "' rejected a request: "
                    + "maxWaiting (" + settings.maxWaiting() + ") requests are already waiting; " + currentStats(), null));
            return;
        }
        waiters.addLast(waiter);
        long timeout = settings.acquireTimeout().toMillis();
        waiter.timer = vertx.setTimer(Math.max(1, timeout), id -> {
            if (waiters.remove(waiter)) {
                metrics.acquireTimedOut();
                changed();
                waiter.fail(new AcquireTimeoutException("Pool '" + name()
                        + "': no connection available within " + timeout + " ms; " + currentStats(), null));
            }
        });
    }

    private void removeWaiter(Waiter waiter) {
        waiters.remove(waiter);
        if (waiter.timer >= 0) {
            vertx.cancelTimer(waiter.timer);
        }
    }

    private void validateThenHand(PooledConnection candidate, Waiter waiter, boolean explicit) {
        candidate.exclusive = true;
        busy.add(candidate);
        candidate.connection.ping().whenComplete((ignored, error) -> onContext(() -> {
            busy.remove(candidate);
            candidate.exclusive = false;
            if (error == null) {
                candidate.lastUsedNanos = System.nanoTime();
                hand(candidate, waiter);
            } else {
                LOG.debug("Pool '{}': idle connection failed validation: {}", name(), Errors.unwrap(error).getMessage());
                bury(candidate, Errors.unwrap(error));
                acquire(waiter, explicit);
            }
            changed();
        }));
    }

    /** Gives a connection to a request; the last thing a state change does, as it runs the borrower's code. */
    private void hand(PooledConnection pooled, Waiter waiter) {
        take(pooled, waiter.shared, waiter.requestedNanos, System.nanoTime());
        if (!waiter.answer(pooled)) {
            // The request was already answered (failed elsewhere): take the connection back.
            release(pooled, waiter.shared, null);
        }
    }

    /** Marks a connection in use and publishes the numbers, before the borrower's code runs. */
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
        changed();
    }

    private DatabaseNotAvailableException notAvailable(Throwable cause) {
        return new DatabaseNotAvailableException("No database connection available (pool '" + name() + "' to "
                + settings.connectOptions() + "; " + currentStats() + ")" + (cause == null ? "" : ": " + cause.getMessage()),
                cause);
    }

    /** Fails every waiter when no connection is live or being opened: nothing could ever serve them. */
    private void failWaitersIfNothingLive(Throwable cause) {
        if (!free.isEmpty() || !busy.isEmpty() || pending > 0 || waiters.isEmpty()) {
            return;
        }
        DeadSlot retriable = retriableDeadSlot();
        if (retriable != null) {
            dead.remove(retriable);
            open();
            return;
        }
        failAllWaiters(notAvailable(cause));
    }

    /** Empties the queue and publishes the new numbers before any waiter's code runs. */
    private void failAllWaiters(MomokoException error) {
        List<Waiter> failed = new ArrayList<>(waiters);
        failed.forEach(this::removeWaiter);
        changed();
        for (Waiter waiter : failed) {
            waiter.fail(error);
        }
    }

    // ---------------------------------------------------------------- releasing

    /**
     * A pool-level statement or an exclusive holder is done with a connection. Callable from any thread: the
     * release runs on the pool's context, then {@code then} (if any) runs there, so the caller's future
     * completes only after the pool's numbers say the connection is back.
     */
    void release(PooledConnection pooled, boolean shared, Runnable then) {
        if (onContext()) {
            releaseNow(pooled, shared, then);
        } else {
            context.runOnContext(ignored -> releaseNow(pooled, shared, then));
        }
    }

    private void releaseNow(PooledConnection pooled, boolean shared, Runnable then) {
        if (shared) {
            if (--pooled.statements > 0) {
                pooled.progressNanos = System.nanoTime();
            }
        } else {
            pooled.exclusive = false;
            cancelLeakTimer(pooled);
        }
        if (pooled.isIdle()) {
            long now = System.nanoTime();
            metrics.released(now - pooled.borrowedNanos);
            busy.remove(pooled);
            offer(pooled, now);
        } else if (!pooled.connection.isClosed() && !pooled.exclusive && !waiters.isEmpty()
                && waiters.peekFirst().shared) {
            Waiter waiter = waiters.pollFirst();
            removeWaiter(waiter);
            hand(pooled, waiter);
        }
        changed();
        if (then != null) {
            then.run();
        }
    }

    /** Puts an idle connection to use: the head waiter, else the free stack. */
    private void offer(PooledConnection pooled) {
        offer(pooled, System.nanoTime());
    }

    private void offer(PooledConnection pooled, long now) {
        if (pooled.connection.isClosed()) {
            bury(pooled, null);
            reconnectForWaiters();
            changed();
            return;
        }
        if (closeRequested) {
            closeConnection(pooled.connection);
            finishCloseIfIdle();
            changed();
            return;
        }
        if (now >= pooled.expiresNanos) {
            retire(pooled);
            if (!waiters.isEmpty() || total() < settings.size()) {
                open();
            }
            changed();
            return;
        }
        pooled.lastUsedNanos = now;
        Waiter waiter = waiters.pollFirst();
        if (waiter != null) {
            if (waiter.timer >= 0) {
                vertx.cancelTimer(waiter.timer);
            }
            hand(pooled, waiter);
        } else {
            free.push(pooled);
            changed();
        }
    }

    private void reconnectForWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        DeadSlot retriable = retriableDeadSlot();
        if (retriable != null) {
            dead.remove(retriable);
            open();
        } else {
            failWaitersIfNothingLive(dead.isEmpty() ? null : dead.peekLast().cause);
        }
    }

    /** Records a broken connection as dead; it may reconnect at once, since the server was reachable. */
    private void bury(PooledConnection pooled, Throwable cause) {
        busy.remove(pooled);
        free.remove(pooled);
        cancelLeakTimer(pooled);
        if (!pooled.connection.isClosed()) {
            closeConnection(pooled.connection);
        } else {
            metrics.connectionClosed();
        }
        if (!closeRequested) {
            dead.addLast(new DeadSlot(System.nanoTime(), cause, false));
        }
    }

    private void retire(PooledConnection pooled) {
        LOG.debug("Pool '{}': retiring a connection that reached maxLifetime", name());
        free.remove(pooled);
        closeConnection(pooled.connection);
    }

    // ---------------------------------------------------------------- shrinking

    private void ensureShrinking() {
        if (settings.autoShrink() && shrinkTimer < 0 && !closeRequested) {
            shrinkTimer = vertx.setPeriodic(Math.max(1, settings.shrinkPeriod().toMillis()), id -> shrink());
        }
    }

    private void shrink() {
        long now = System.nanoTime();
        long delay = settings.shrinkDelay().toNanos();
        // The free stack's tail is its least recently used connection.
        while (total() > settings.size() && !free.isEmpty() && now - free.peekLast().lastUsedNanos > delay) {
            PooledConnection idle = free.pollLast();
            LOG.debug("Pool '{}': shrinking, closing a connection idle for {} ms", name(),
                    (now - idle.lastUsedNanos) / 1_000_000);
            closeConnection(idle.connection);
        }
        changed();
    }

    // ---------------------------------------------------------------- statements

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        CompletableFuture<Cursor<R>> result = new CompletableFuture<>();
        attempt(statement, factory, result, false);
        return result;
    }

    private <R> void attempt(Statement statement, CursorFactory<R> factory, CompletableFuture<Cursor<R>> result,
                             boolean retried) {
        acquire(true, false, (pooled, acquireError) -> {
            if (acquireError != null) {
                result.completeExceptionally(Errors.unwrap(acquireError));
                return;
            }
            long started = System.nanoTime();
            pooled.connection.run(statement, factory).whenComplete((cursor, error) -> {
                Throwable cause = error == null ? null : Errors.unwrap(error);
                metrics.statementCompleted(System.nanoTime() - started, error == null);
                if (cause instanceof QueryTimeoutException) {
                    metrics.queryTimedOut();
                }
                closeIfFatal(pooled, cause);
                release(pooled, true, () -> {
                    if (cause instanceof ConnectionClosedException && !((ConnectionClosedException) cause).wasSent()
                            && !retried) {
                        // Never written to the socket, so it cannot have run: safe to try once more elsewhere.
                        attempt(statement, factory, result, true);
                    } else {
                        complete(result, cursor, cause);
                    }
                });
            });
        });
    }

    /** A server error that means the session is gone (class 08, 57P01..03) retires the connection. */
    private static void closeIfFatal(PooledConnection pooled, Throwable cause) {
        if (cause instanceof DatabaseException && ((DatabaseException) cause).isConnectionFatal()
                || cause instanceof ConnectionClosedException) {
            pooled.connection.close();
        }
    }

    @Override
    public <R> CompletableFuture<List<Cursor<R>>> transaction(List<Statement> statements, boolean autoRollback,
                                                            CursorFactory<R> factory) {
        CompletableFuture<List<Cursor<R>>> result = new CompletableFuture<>();
        attemptTransaction(statements, autoRollback, factory, result, false);
        return result;
    }

    private <R> void attemptTransaction(List<Statement> statements, boolean autoRollback, CursorFactory<R> factory,
                                        CompletableFuture<List<Cursor<R>>> result, boolean retried) {
        acquire(false, false, (pooled, acquireError) -> {
            if (acquireError != null) {
                result.completeExceptionally(Errors.unwrap(acquireError));
                return;
            }
            AtomicBoolean commitSent = new AtomicBoolean();
            Transactions.run(pooled.connection, statements, autoRollback, factory, commitSent)
                    .whenComplete((cursors, error) -> {
                        Throwable cause = error == null ? null : Errors.unwrap(error);
                        closeIfFatal(pooled, cause);
                        Runnable finish = () -> {
                            if (cause instanceof ConnectionClosedException && !commitSent.get() && !retried) {
                                // The server rolls back a transaction whose connection dies before COMMIT.
                                attemptTransaction(statements, autoRollback, factory, result, true);
                            } else {
                                complete(result, cursors, cause);
                            }
                        };
                        if (cause != null && !autoRollback && !pooled.connection.isClosed()) {
                            // The caller asked to keep the failed transaction open, but nobody can reach this
                            // connection any more: end it before another request gets the connection.
                            pooled.connection.execute("ROLLBACK")
                                    .whenComplete((r, e) -> release(pooled, false, finish));
                        } else {
                            release(pooled, false, finish);
                        }
                    });
        });
    }

    private final Operations<Row> rows = new Operations<>(this, CursorFactory.row());

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory) {
        return new Operations<>(this, factory);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> SqlOperations<R> operations() {
        return new Operations<>(this, (CursorFactory<R>) settings.cursorFactory());
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work) {
        return withConnection(connection -> connection.inTransaction(work));
    }

    @Override
    public String mogrify(String sql, Object... params) {
        return Literals.mogrify(sql, params, hstore);
    }

    @Override
    public String mogrify(String sql, Map<String, ?> params) {
        return Literals.mogrify(sql, params, hstore);
    }

    @Override
    public CompletableFuture<Void> ping() {
        return execute("SELECT 1").thenApply(ignored -> null);
    }

    @Override
    public CompletableFuture<Void> registerHstore() {
        return withConnection(Connection::registerHstore).thenRun(() -> onContext(() -> {
            hstore = true;
            free.forEach(pooled -> pooled.connection.hstoreEnabled());
            busy.forEach(pooled -> pooled.connection.hstoreEnabled());
        }));
    }

    // ---------------------------------------------------------------- streaming

    @Override
    public <R> java.util.concurrent.Flow.Publisher<R> stream(String sql, Object... params) {
        return stream(1000, sql, params);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> java.util.concurrent.Flow.Publisher<R> stream(int fetchSize, String sql, Object... params) {
        return new CursorPublisher<>(this, sql, params, fetchSize, (CursorFactory<R>) settings.cursorFactory());
    }

    @Override
    public CompletableFuture<Void> stream(String sql, int fetchSize, java.util.function.Consumer<? super Row> consumer,
                                          Object... params) {
        DeclaredCursor.requireFetchSize(fetchSize);
        return withConnection(connection -> connection.execute("BEGIN")
                .thenCompose(ignored -> connection.stream(sql, fetchSize, consumer, params)));
    }

    // ---------------------------------------------------------------- borrowing

    @Override
    public CompletableFuture<Connection> getConn() {
        return getConn(false);
    }

    @Override
    public CompletableFuture<Connection> getConn(boolean ping) {
        Duration threshold = settings.leakDetectionThreshold();
        // Taken on the caller's thread: the event loop's stack would not show who borrowed.
        Throwable borrowedAt = threshold == null ? null
                : new Throwable("Connection borrowed from pool '" + name() + "' here");
        String borrower = callerOutsideMomoko();
        CompletableFuture<Connection> result = new CompletableFuture<>();
        acquire(false, ping, (pooled, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            pooled.borrower = borrower;
            if (threshold != null) {
                pooled.borrowedAt = borrowedAt;
                pooled.leakTimer = vertx.setTimer(Math.max(1, threshold.toMillis()), id -> {
                    pooled.leakTimer = -1;
                    LOG.warn("Pool '{}': a connection has been held for more than {} ms without being returned "
                            + "(possible leak); borrowed at:", name(), threshold.toMillis(), pooled.borrowedAt);
                });
            }
            if (!result.complete(new BorrowedConnection(this, pooled))) {
                // The caller cancelled (or completed) the future first: nobody will return this one, so do it now.
                release(pooled, false, null);
            }
        });
        return result;
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    private static String callerOutsideMomoko() {
        return WALKER.walk(frames -> frames.filter(frame -> !frame.getClassName().startsWith("io.momoko.internal.")
                        && !frame.getClassName().startsWith("java.util.concurrent."))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).map(String::valueOf).orElse(null));
    }

    @Override
    public CompletableFuture<List<io.momoko.PoolLease>> leases() {
        CompletableFuture<List<io.momoko.PoolLease>> result = new CompletableFuture<>();
        onContext(() -> {
            long now = System.nanoTime();
            List<io.momoko.PoolLease> leases = new ArrayList<>(busy.size());
            for (PooledConnection pooled : busy) {
                String sql = pooled.connection.runningSql();
                leases.add(new io.momoko.PoolLease(pooled.connection.backendPid(),
                        Duration.ofNanos(now - pooled.borrowedNanos), pooled.exclusive ? "getConn" : "statement",
                        pooled.exclusive ? pooled.borrower : null, sql == null ? null : Errors.describe(sql)));
            }
            result.complete(leases);
        });
        return result;
    }

    @Override
    public CompletableFuture<Integer> evictIdle() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        onContext(() -> {
            int evicted = free.size();
            while (!free.isEmpty()) {
                closeConnection(free.poll().connection);
            }
            changed();
            result.complete(evicted);
        });
        return result;
    }

    private void cancelLeakTimer(PooledConnection pooled) {
        if (pooled.leakTimer >= 0) {
            vertx.cancelTimer(pooled.leakTimer);
            pooled.leakTimer = -1;
        }
        pooled.borrowedAt = null;
        pooled.borrower = null;
    }

    @Override
    public CompletableFuture<Void> putConn(Connection connection) {
        if (!(connection instanceof BorrowedConnection) || ((BorrowedConnection) connection).pool() != this) {
            return CompletableFuture.failedFuture(new ProgrammingException("putConn: " + connection
                    + " was not borrowed from pool '" + name() + "'"));
        }
        BorrowedConnection borrowed = (BorrowedConnection) connection;
        if (!borrowed.markReturned()) {
            return CompletableFuture.failedFuture(new ProgrammingException("putConn: the connection was already "
                    + "returned to pool '" + name() + "'"));
        }
        PooledConnection pooled = borrowed.pooled;
        CompletableFuture<Void> returned = new CompletableFuture<>();
        if (pooled.connection.isClosed() || closeRequested) {
            release(pooled, false, () -> returned.complete(null));
            return returned;
        }
        reset(pooled.connection).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.debug("Pool '{}': resetting a returned connection failed, closing it: {}", name(),
                        Errors.unwrap(error).getMessage());
                pooled.connection.close();
            }
            release(pooled, false, () -> returned.complete(null));
        });
        return returned;
    }

    /** Undoes what a borrower may have left: an open transaction, session settings, temp tables, locks. */
    private CompletableFuture<Void> reset(VertxConnection connection) {
        return connection.execute(RESET).thenCompose(ignored -> runSession(connection));
    }

    @Override
    public ManagedConnection manage(Connection connection) {
        return new ManagedConnection() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public void close() {
                if (done.compareAndSet(false, true)) {
                    putConn(connection).whenComplete((ignored, error) -> {
                        if (error != null) {
                            LOG.warn("Pool '{}': returning a managed connection failed", name(), error);
                        }
                    });
                }
            }
        };
    }

    @Override
    public <T> CompletableFuture<T> withConnection(Function<? super Connection, ? extends CompletionStage<T>> work) {
        return getConn().thenCompose(connection -> {
            CompletableFuture<T> outcome;
            try {
                CompletionStage<T> stage = work.apply(connection);
                outcome = stage == null
                        ? CompletableFuture.failedFuture(new MomokoException("withConnection work returned null"))
                        : stage.toCompletableFuture();
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            return outcome.handle((value, error) -> putConn(connection).handle((ignored, putError) -> {
                if (error != null) {
                    throw new java.util.concurrent.CompletionException(Errors.unwrap(error));
                }
                return value;
            })).thenCompose(Function.identity());
        });
    }

    // ---------------------------------------------------------------- observing

    /**
     * Publishes the numbers for {@link #stats()}. One release store after plain writes: a reader that
     * acquires it sees these numbers (or later ones), and on x86 it costs no fence, unlike five volatile
     * writes at every acquire and release.
     */
    private void changed() {
        freeCount = free.size();
        busyCount = busy.size();
        deadCount = dead.size();
        pendingCount = pending;
        waitingCount = waiters.size();
        publication.lazySet(publication.get() + 1);
    }

    private PoolStats currentStats() {
        return new PoolStats(name(), settings.size(), settings.maxSize(), free.size(), busy.size(), dead.size(),
                pending, waiters.size());
    }

    @Override
    public PoolStats stats() {
        // Not dead code: this volatile read pairs with changed()'s release store, so the plain reads below see
        // the numbers as of the last publication (or later) from any thread.
        publication.get();
        return new PoolStats(name(), settings.size(), settings.maxSize(), freeCount, busyCount, deadCount, pendingCount,
                waitingCount);
    }

    @Override
    public String toString() {
        return stats().toString();
    }
}
