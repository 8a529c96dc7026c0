package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.ProgrammingException;
import io.momoko.Row;
import io.momoko.SqlOperations;
import io.momoko.Statement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@link Connection} a borrower of the pool holds. It forwards to the pooled connection until it is
 * returned, and refuses all work after that, so a stale reference cannot disturb the next borrower.
 * {@link #close()} returns it to the pool, as closing a pooled JDBC connection does.
 */
final class BorrowedConnection implements Connection, StatementRunner, RowOperations {

    private final ConnectionPool pool;
    final PooledConnection pooled;
    private final Operations<Row> rows;
    private volatile boolean returned;

    BorrowedConnection(ConnectionPool pool, PooledConnection pooled) {
        this.pool = pool;
        this.pooled = pooled;
        this.rows = new Operations<>(this, CursorFactory.row());
    }

    ConnectionPool pool() {
        return pool;
    }

    /** Marks the connection returned; {@code false} when it already was. */
    synchronized boolean markReturned() {
        if (returned) {
            return false;
        }
        returned = true;
        return true;
    }

    private VertxConnection target() {
        if (returned) {
            throw new ProgrammingException("Connection was returned to pool '" + pool.name()
                    + "' and must not be used any more");
        }
        return pooled.connection;
    }

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        try {
            return target().run(statement, factory);
        } catch (ProgrammingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <R> CompletableFuture<List<Cursor<R>>> transaction(List<Statement> statements, boolean autoRollback,
                                                            CursorFactory<R> factory) {
        return Transactions.run(this, statements, autoRollback, factory, new java.util.concurrent.atomic.AtomicBoolean());
    }

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory) {
        return new Operations<>(this, factory);
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work) {
        return Transactions.inTransaction(this, this, work);
    }

    @Override
    public CompletableFuture<io.momoko.ServerCursor<Row>> cursor(String sql, Object... params) {
        return DeclaredCursor.open(this, sql, params, pooled.connection.hstore(), CursorFactory.row());
    }

    @Override
    public CompletableFuture<Void> stream(String sql, int fetchSize, java.util.function.Consumer<? super Row> consumer,
                                          Object... params) {
        DeclaredCursor.requireFetchSize(fetchSize);
        return cursor(sql, params).thenCompose(cursor -> DeclaredCursor.forEach(cursor, fetchSize, consumer));
    }

    @Override
    public String mogrify(String sql, Object... params) {
        return target().mogrify(sql, params);
    }

    @Override
    public String mogrify(String sql, Map<String, ?> params) {
        return target().mogrify(sql, params);
    }

    @Override
    public CompletableFuture<Void> ping() {
        return execute("SELECT 1").thenApply(ignored -> null);
    }

    @Override
    public CompletableFuture<Void> registerHstore() {
        try {
            return target().registerHstore();
        } catch (ProgrammingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean isClosed() {
        return returned || pooled.connection.isClosed();
    }

    /** Returns the connection to its pool. */
    @Override
    public CompletableFuture<Void> close() {
        return returned ? CompletableFuture.completedFuture(null) : pool.putConn(this);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return target().unwrap(type);
    }

    @Override
    public String toString() {
        return "Connection[pool " + pool.name() + (returned ? ", returned" : "") + "]";
    }
}
