package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.ManagedConnection;
import io.momoko.MomokoException;
import io.momoko.Pool;
import io.momoko.ProgrammingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Connections lent for work that must stay on one connection: {@code getConn}/{@code putConn} (Momoko's),
 * {@code withConnection}, {@code manage}. A returned connection is reset by the {@link Connector} before
 * anyone else gets it; the leak tracker watches how long each is held.
 */
final class Borrowing {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final PoolEngine engine;
    private final SessionGuard guard;
    private final LeakTracker leaks;
    private final PoolSettings settings;
    private final Refusals refusals;

    Borrowing(PoolEngine engine, SessionGuard guard, LeakTracker leaks, PoolSettings settings,
              Refusals refusals) {
        this.refusals = refusals;
        this.engine = engine;
        this.guard = guard;
        this.leaks = leaks;
        this.settings = settings;
    }

    /**
     * Whether a borrowed connection's failure means the connection must not serve again: its server no longer takes
     * writes ({@link ReadOnlyServer}), or a pooler lost the pool's prepared statements (the pool switches to unnamed
     * statements the first time). The borrower still gets the error, since its transaction, if any, is aborted.
     */
    boolean retires(Throwable cause) {
        return refusals.retire(cause);
    }

    /** Why a borrowed connection's statement may not run (behind PgBouncer), or {@code null}. */
    ProgrammingException refusal(String sql) {
        return PgBouncerMode.refusal(settings, sql);
    }

    /** Reports a borrowed connection's statement to the pool's observer (tracing), if any. */
    <T> CompletableFuture<T> observed(String sql, CompletableFuture<T> running) {
        io.momoko.metrics.StatementObserver.Observation observation = settings.observe(sql);
        if (observation != io.momoko.metrics.StatementObserver.Observation.NONE) {
            running.whenComplete((value, error) -> observation.finished(error == null ? null : Errors.unwrap(error)));
        }
        return running;
    }

    String poolName() {
        return engine.name();
    }

    CompletableFuture<Connection> getConn(boolean ping) {
        CompletableFuture<Connection> result = PoolFuture.of(engine);
        borrowInto(ping, result, result);
        return result;
    }

    /** As {@link #getConn(boolean)}, typed for the pool's own users (streaming). */
    CompletableFuture<BorrowedConnection> borrow() {
        CompletableFuture<BorrowedConnection> result = new CompletableFuture<>();
        borrowInto(false, result, result);
        return result;
    }

    /**
     * Borrows into {@code result} for as long as {@code caller} (the future the user holds) is not done; a
     * connection granted after the caller gave up goes straight back.
     */
    private void borrowInto(boolean ping, CompletableFuture<? super BorrowedConnection> result,
                            CompletableFuture<?> caller) {
        LeakTracker.Lease lease = leaks.capture();
        engine.acquire(Sharing.EXCLUSIVE, ping, caller, (pooled, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            leaks.start(pooled, lease);
            if (caller.isDone() || !result.complete(new BorrowedConnection(this, pooled))) {
                // The caller cancelled (or completed) the future first: nobody will return this one, so do it now.
                engine.release(pooled, Sharing.EXCLUSIVE, null);
            }
        });
    }

    CompletableFuture<Void> putConn(Connection connection) {
        if (!(connection instanceof BorrowedConnection borrowed) || borrowed.owner() != this) {
            return CompletableFuture.failedFuture(new ProgrammingException("putConn: " + connection
                    + " was not borrowed from pool '" + poolName() + "'"));
        }
        if (!borrowed.markReturned()) {
            return CompletableFuture.failedFuture(new ProgrammingException("putConn: the connection was already "
                    + "returned to pool '" + poolName() + "'"));
        }
        PooledConnection pooled = borrowed.pooled;
        CompletableFuture<Void> returned = PoolFuture.of(engine);
        if (pooled.connection.isClosed() || engine.isClosed()) {
            engine.release(pooled, Sharing.EXCLUSIVE, () -> returned.complete(null));
            return returned;
        }
        if (borrowed.retire()) {
            pooled.connection.close();
            engine.release(pooled, Sharing.EXCLUSIVE, () -> returned.complete(null));
        } else if (borrowed.leftState()) {
            guard.reset(pooled.connection).whenComplete((ignored, error) ->
                    engine.release(pooled, Sharing.EXCLUSIVE, () -> returned.complete(null)));
        } else {
            // Nothing the borrower ran can have changed the session: no reset round trip.
            engine.release(pooled, Sharing.EXCLUSIVE, () -> returned.complete(null));
        }
        return returned;
    }

    ManagedConnection manage(Connection connection) {
        AtomicBoolean done = new AtomicBoolean();
        return new ManagedConnection() {
            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public void close() {
                if (done.compareAndSet(false, true)) {
                    putConn(connection).whenComplete((ignored, error) -> {
                        if (error != null) {
                            LOG.warn("Pool '{}': returning a managed connection failed", poolName(), error);
                        }
                    });
                }
            }
        };
    }

    /**
     * Borrows, runs the work, and gives the connection back however the work ends (an Error included). A
     * caller that cancels while the request waits withdraws it: the work never runs.
     */
    <T> CompletableFuture<T> withConnection(Function<? super Connection, ? extends CompletionStage<T>> work) {
        CompletableFuture<T> result = PoolFuture.of(engine);
        CompletableFuture<BorrowedConnection> borrowed = new CompletableFuture<>();
        borrowInto(false, borrowed, result);
        borrowed.whenComplete((connection, borrowError) -> {
            if (borrowError != null) {
                result.completeExceptionally(Errors.unwrap(borrowError));
                return;
            }
            CompletableFuture<T> outcome;
            try {
                CompletionStage<T> stage = work.apply(connection);
                outcome = stage == null
                        ? CompletableFuture.failedFuture(new MomokoException("withConnection work returned null"))
                        : stage.toCompletableFuture();
            } catch (Throwable e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            outcome.whenComplete((value, error) -> putConn(connection).whenComplete((ignored, putError) -> {
                if (error != null) {
                    result.completeExceptionally(Errors.unwrap(error));
                } else {
                    result.complete(value);
                }
            }));
        });
        return result;
    }
}
