package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.CursorFactory;
import io.momoko.Row;
import io.momoko.ServerCursor;
import io.momoko.SqlOperations;
import io.momoko.Statement;
import io.momoko.Cursor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link Connection} methods that are the same for every connection, written once over
 * {@link #run(Statement, CursorFactory)} and {@link #hstore()}: the Vert.x connection and the pool's
 * borrowed connection differ only in how a statement runs.
 */
interface ConnectionSupport extends Connection, StatementRunner, RowOperations {

    /** Tells whether hstore values are converted on this connection. */
    boolean hstore();

    @Override
    default <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory) {
        return new Operations<>(this, factory);
    }

    @Override
    default <R> CompletableFuture<List<Cursor<R>>> transaction(List<Statement> statements, boolean autoRollback,
                                                             CursorFactory<R> factory) {
        return Transactions.run(this, statements, autoRollback, factory, new AtomicBoolean());
    }

    @Override
    default <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work) {
        return Transactions.inTransaction(this, this, work);
    }

    @Override
    default CompletableFuture<ServerCursor<Row>> cursor(String sql, Object... params) {
        return cursor(CursorFactory.row(), sql, params);
    }

    /** Declares a server-side cursor whose rows the given factory builds. */
    default <R> CompletableFuture<ServerCursor<R>> cursor(CursorFactory<R> factory, String sql, Object... params) {
        return DeclaredCursor.open(this, sql, params, hstore(), factory);
    }

    @Override
    default CompletableFuture<Void> stream(int fetchSize, String sql, Consumer<? super Row> consumer,
                                           Object... params) {
        DeclaredCursor.requireFetchSize(fetchSize);
        return cursor(sql, params).thenCompose(cursor -> DeclaredCursor.forEach(cursor, fetchSize, consumer));
    }

    @Override
    default String mogrify(String sql, Object... params) {
        return Literals.mogrify(sql, params, hstore());
    }

    @Override
    default String mogrify(String sql, Map<String, ?> params) {
        return Literals.mogrify(sql, params, hstore());
    }

    @Override
    default CompletableFuture<Void> ping() {
        return execute("SELECT 1").thenApply(ignored -> null);
    }
}
