package io.momoko.internal;

import io.momoko.internal.sql.SessionEffects;

import io.momoko.ConnectionClosedException;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.DatabaseException;
import io.momoko.ProgrammingException;
import io.momoko.QueryTimeoutException;
import io.momoko.Statement;
import io.momoko.metrics.PoolMetrics;
import io.momoko.metrics.StatementObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pool-level statements and transactions: each borrows a connection from the engine for itself, gives it
 * back when done, and is retried once on a fresh connection only when it provably never ran: a statement
 * never written to its socket, a transaction whose connection broke before {@code COMMIT} was sent (the
 * server rolls such a transaction back).
 */
final class PooledStatements implements StatementRunner {

    private final PoolEngine engine;
    private final PoolMetrics metrics;
    private final PoolSettings settings;
    private final SessionGuard guard;
    private final OutsideTransactionWarning outsideTransaction;
    private final TemplateLatencies latencies = new TemplateLatencies();
    private final Refusals refusals;

    PooledStatements(PoolEngine engine, PoolSettings settings, SessionGuard guard,
                     OutsideTransactionWarning outsideTransaction, Refusals refusals) {
        this.refusals = refusals;
        this.engine = engine;
        this.settings = settings;
        this.metrics = settings.metrics();
        this.guard = guard;
        this.outsideTransaction = outsideTransaction;
    }

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        outsideTransaction.check("a statement (execute/callProc)");
        ProgrammingException refused = PgBouncerMode.refusal(settings, statement.sql());
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        Binder.Bound bound;
        try {
            // Bound on the caller's thread before any connection is taken: a value that cannot be bound fails
            // here, costs no connection and no event-loop time.
            bound = Binder.bindIfBound(statement, engine.opener().hstore());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        PoolFuture<Cursor<R>> result = PoolFuture.of(engine);
        observe(statement.sql(), result);
        attempt(statement, bound, factory, result, false);
        return result;
    }

    /**
     * Whether a granted connection is to be used: not when acquiring failed (the caller is told) or when the
     * caller gave up while the connection was on its way (it goes back; the work is never written).
     */
    private boolean granted(PooledConnection pooled, Throwable acquireError, CompletableFuture<?> result,
                            Sharing sharing) {
        if (acquireError != null) {
            result.completeExceptionally(Errors.unwrap(acquireError));
            return false;
        }
        if (result.isDone()) {
            engine.release(pooled, sharing, null);
            return false;
        }
        return true;
    }

    /** Started on the caller's thread (where its current span is), finished with the caller's future. */
    private void observe(String sql, CompletableFuture<?> result) {
        StatementObserver.Observation observation = settings.observe(sql);
        if (observation != StatementObserver.Observation.NONE) {
            result.whenComplete((value, error) -> observation.finished(error == null ? null : Errors.unwrap(error)));
        }
    }

    private <R> void attempt(Statement statement, Binder.Bound bound, CursorFactory<R> factory,
                             PoolFuture<Cursor<R>> result, boolean retried) {
        SessionEffects effects = SessionEffects.of(statement.sql());
        // A statement that changes its session never shares a connection with others (pipelining), nor does a
        // retry, which must not join a connection that is being retired (the reason for the retry, often); the
        // others share one only once their template is known to be short.
        TemplateLatency latency = effects.clean() && !retried ? latencies.of(statement.sql()) : null;
        Sharing sharing = latency == null ? Sharing.EXCLUSIVE : latency.isShort() ? Sharing.SHORT : Sharing.UNSURE;
        engine.acquire(sharing, false, result, (pooled, acquireError) -> {
            if (!granted(pooled, acquireError, result, sharing)) {
                return;
            }
            long started = engine.context().nanoTime();
            Execution<R> execution;
            try {
                execution = pooled.connection.start(statement, factory, bound);
            } catch (Throwable e) {
                // Binding can throw an Error (a value that refers to itself overflows the stack): the
                // connection was granted, so it must go back whatever was thrown.
                execution = Execution.failed(e);
            }
            Execution<R> running = execution;
            running.result().whenComplete((cursor, error) -> {
                metrics.statementCompleted(engine.context().nanoTime() - started, error == null);
                if (Errors.unwrap(error) instanceof QueryTimeoutException) {
                    // The caller learns at once; the connection waits below for the server's own answer.
                    metrics.queryTimedOut();
                    result.completeExceptionally(Errors.unwrap(error));
                }
            });
            // A caller who gives up on a running statement (cancel, orTimeout) asks the server to stop it.
            result.onFailure(() -> {
                if (!running.result().isDone()) {
                    running.cancel();
                }
            });
            // The connection goes back only once no cancel request meant for this statement can still arrive.
            running.settled().whenComplete((ignored, settleError) -> running.result().whenComplete((cursor, error) -> {
                Throwable cause = error == null ? null : Errors.unwrap(error);
                closeIfFatal(pooled, cause);
                // A stale plan: its connection holds the stale prepared statement; a fresh one prepares it anew.
                // A read-only server: the pool wants writes and the server stopped taking them (a former primary).
                // A prepared statement lost by a pooler in front of the server (PgBouncer in transaction mode).
                // Each way the statement did not run, and a fresh connection may take it.
                boolean runsElsewhere = Errors.isStalePlan(cause) || refusals.retire(cause);
                if (runsElsewhere) {
                    pooled.connection.close();
                }
                guard.restore(pooled.connection, effects, statement.sql()).whenComplete((done, e) ->
                        engine.release(pooled, sharing, latency, started, () -> {
                            if ((neverWritten(cause) || runsElsewhere) && !retried) {
                                attempt(statement, bound, factory, result, true);
                            } else {
                                complete(result, cursor, cause);
                            }
                        }));
            }));
        });
    }

    @Override
    public <R> CompletableFuture<List<Cursor<R>>> transaction(List<Statement> statements, boolean autoRollback,
                                                            CursorFactory<R> factory) {
        outsideTransaction.check("transaction(...)");
        for (Statement statement : statements) {
            // SET LOCAL and the like end with the transaction; a plain SET would outlive it.
            ProgrammingException refused = PgBouncerMode.refusal(settings, statement.sql());
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
        }
        PoolFuture<List<Cursor<R>>> result = PoolFuture.of(engine);
        observe(String.join("; ", statements.stream().map(Statement::sql).toList()), result);
        attemptTransaction(statements, autoRollback, factory, result, false);
        return result;
    }

    private <R> void attemptTransaction(List<Statement> statements, boolean autoRollback, CursorFactory<R> factory,
                                        PoolFuture<List<Cursor<R>>> result, boolean retried) {
        engine.acquire(Sharing.EXCLUSIVE, false, result, (pooled, acquireError) -> {
            if (!granted(pooled, acquireError, result, Sharing.EXCLUSIVE)) {
                return;
            }
            AtomicBoolean commitSent = new AtomicBoolean();
            // A caller who gives up on a running transaction: the statement running is stopped and the
            // transaction rolled back, never committed.
            result.onFailure(() -> {
                if (!commitSent.get()) {
                    pooled.connection.cancelRunning();
                }
            });
            Transactions.run(pooled.connection, statements, autoRollback, factory, commitSent, result::isDone)
                    .whenComplete((cursors, error) -> {
                        Throwable cause = error == null ? null : Errors.unwrap(error);
                        closeIfFatal(pooled, cause);
                        // Refused before running (read-only server, lost prepared statement): the server rolled
                        // the transaction back, and a fresh connection may take it.
                        boolean runsElsewhere = refusals.retire(cause);
                        if (runsElsewhere) {
                            pooled.connection.close();
                        }
                        Runnable finish = () -> {
                            // Rolled back by the server (or never committed): the whole transaction may run again.
                            if ((cause instanceof ConnectionClosedException || runsElsewhere) && !commitSent.get()
                                    && !retried) {
                                attemptTransaction(statements, autoRollback, factory, result, true);
                            } else {
                                complete(result, cursors, cause);
                            }
                        };
                        // A statement of the transaction may have changed the session (SET without LOCAL
                        // outlives COMMIT); and a caller who asked to keep a failed transaction open cannot reach
                        // this connection any more. Either way it is cleaned before anyone else gets it.
                        SessionEffects left = effectsOf(statements);
                        if (cause != null && !autoRollback && left.clean()) {
                            left = OPEN_TRANSACTION;
                        }
                        guard.restore(pooled.connection, left, describe(statements))
                                .whenComplete((r, e) -> engine.release(pooled, Sharing.EXCLUSIVE, finish));
                    });
        });
    }

    /**
     * A batch borrows one connection and runs in a transaction of its own, so that all runs take effect or none
     * does. Not retried: a batch is not small, and one that failed part-way was rolled back, which the caller
     * learns.
     */
    @Override
    public CompletableFuture<Long> runMany(List<Statement> statements) {
        PoolFuture<Long> result = PoolFuture.of(engine);
        if (statements.isEmpty()) {
            result.complete(0L);
            return result;
        }
        String sql = statements.get(0).sql();
        observe(sql, result);
        engine.acquire(Sharing.EXCLUSIVE, false, result, (pooled, acquireError) -> {
            if (!granted(pooled, acquireError, result, Sharing.EXCLUSIVE)) {
                return;
            }
            result.onFailure(pooled.connection::cancelRunning);
            CompletableFuture<Long> batch;
            try {
                batch = Transactions.inTransaction(pooled.connection, pooled.connection,
                        connection -> pooled.connection.runMany(statements));
            } catch (Throwable e) {
                // An Error while binding (a value that refers to itself): the connection must still go back.
                batch = CompletableFuture.failedFuture(e);
            }
            batch.whenComplete((count, error) -> {
                Throwable cause = error == null ? null : Errors.unwrap(error);
                closeIfFatal(pooled, cause);
                guard.restore(pooled.connection, SessionEffects.of(sql), sql)
                        .whenComplete((r, e) -> engine.release(pooled, Sharing.EXCLUSIVE, () -> complete(result, count, cause)));
            });
        });
        return result;
    }

    /** What a failed transaction kept open (autoRollback off) leaves: an open transaction. */
    private static final SessionEffects OPEN_TRANSACTION = SessionEffects.of("BEGIN");

    private static SessionEffects effectsOf(List<Statement> statements) {
        for (Statement statement : statements) {
            SessionEffects effects = SessionEffects.of(statement.sql());
            if (!effects.clean()) {
                // COMMIT or ROLLBACK follows the statements, so what stays is the session state (or retirement).
                return effects.session || effects.retire ? effects : SessionEffects.of("RESET ALL");
            }
        }
        return SessionEffects.CLEAN;
    }

    private static String describe(List<Statement> statements) {
        return statements.isEmpty() ? "an empty transaction" : statements.get(0).sql();
    }

    /** Never written to the socket, so it cannot have run: safe to try once more elsewhere. */
    private static boolean neverWritten(Throwable cause) {
        return cause instanceof ConnectionClosedException && !((ConnectionClosedException) cause).wasSent();
    }

    /** A server error that means the session is gone (class 08, 57P01..03) retires the connection. */
    private static void closeIfFatal(PooledConnection pooled, Throwable cause) {
        if (cause instanceof DatabaseException && ((DatabaseException) cause).isConnectionFatal()
                || cause instanceof ConnectionClosedException) {
            pooled.connection.close();
        }
    }

    static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
        if (error != null) {
            target.completeExceptionally(Errors.unwrap(error));
        } else {
            target.complete(value);
        }
    }
}
