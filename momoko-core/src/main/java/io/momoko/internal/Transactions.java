package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.MomokoException;
import io.momoko.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@code BEGIN ... COMMIT} around statements on one connection, shared by connections and the pool. The
 * pool needs to know whether {@code COMMIT} was sent: before that point a broken connection means the
 * server rolled the transaction back, so running it again elsewhere cannot apply it twice.
 */
final class Transactions {

    private static final Statement BEGIN = Statement.of("BEGIN");
    private static final Statement COMMIT = Statement.of("COMMIT");
    private static final Statement ROLLBACK = Statement.of("ROLLBACK");

    private Transactions() {
    }

    static <R> CompletableFuture<List<Cursor<R>>> run(StatementRunner connection, List<Statement> statements,
                                                    boolean autoRollback, CursorFactory<R> factory,
                                                    AtomicBoolean commitSent) {
        return run(connection, statements, autoRollback, factory, commitSent, () -> false);
    }

    /**
     * As above; once {@code abandoned} says the caller gave up, no further statement is sent and the
     * transaction ends with ROLLBACK instead of COMMIT.
     */
    static <R> CompletableFuture<List<Cursor<R>>> run(StatementRunner connection, List<Statement> statements,
                                                    boolean autoRollback, CursorFactory<R> factory,
                                                    AtomicBoolean commitSent, BooleanSupplier abandoned) {
        List<Cursor<R>> results = new ArrayList<>(statements.size());
        CompletableFuture<?> chain = connection.run(BEGIN, factory);
        for (Statement statement : statements) {
            chain = chain.thenCompose(ignored -> abandoned.getAsBoolean() ? CompletableFuture.failedFuture(
                    new CancellationException("the caller gave up on the transaction")) : connection.run(statement, factory))
                    .thenAccept(results::add);
        }
        CompletableFuture<List<Cursor<R>>> work = chain.thenApply(ignored -> {
            if (abandoned.getAsBoolean()) {
                // Every statement ran, but the caller was told the transaction failed: it must not commit.
                throw new CancellationException("the caller gave up on the transaction");
            }
            return results;
        });
        return finish(connection, work, autoRollback || abandoned.getAsBoolean(), commitSent);
    }

    static <T> CompletableFuture<T> inTransaction(Connection connection, StatementRunner runner,
                                                  Function<? super Connection, ? extends CompletionStage<T>> work) {
        CompletableFuture<T> body = runner.run(BEGIN, CursorFactory.row()).thenCompose(ignored -> {
            CompletionStage<T> stage = work.apply(connection);
            if (stage == null) {
                throw new MomokoException("inTransaction work returned null instead of a CompletionStage");
            }
            return stage;
        });
        return finish(runner, body, true, new AtomicBoolean());
    }

    /** Commits when {@code work} succeeded; otherwise rolls back (when asked) and fails with the work's error. */
    private static <T> CompletableFuture<T> finish(StatementRunner connection, CompletableFuture<T> work,
                                                   boolean rollback, AtomicBoolean commitSent) {
        CompletableFuture<CompletableFuture<T>> ending = work.handle((value, error) -> {
            if (error == null) {
                commitSent.set(true);
                return connection.run(COMMIT, CursorFactory.row()).thenApply(ignored -> value);
            }
            Throwable cause = Errors.unwrap(error);
            if (!rollback) {
                return CompletableFuture.failedFuture(cause);
            }
            return connection.run(ROLLBACK, CursorFactory.row()).handle((ignored, rollbackError) -> {
                if (rollbackError != null && Errors.unwrap(rollbackError) != cause) {
                    cause.addSuppressed(Errors.unwrap(rollbackError));
                }
                throw new CompletionException(cause);
            });
        });
        return ending.thenCompose(Function.identity());
    }
}
