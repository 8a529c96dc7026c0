package io.momoko.internal;

import io.momoko.BlockingOperations;
import io.momoko.Connection;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.ProgrammingException;
import io.momoko.SqlOperations;
import io.momoko.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The blocking statements, over either the pool or a connection that already runs a transaction (one bound to the
 * thread, or the one {@code inTransaction} lends). On such a connection {@link #transaction} joins the open
 * transaction: its statements run in order, and a failure is left to the transaction's owner, because a
 * {@code BEGIN}/{@code COMMIT} of its own would commit the owner's work early.
 *
 * @param <R> the row type
 */
final class BlockingRows<R> implements BlockingOperations<R> {

    private final Blocking blocking;
    /** The connection in a transaction to run on now, or {@code null} to use the pool. */
    private final Supplier<Connection> transactional;
    private final SqlOperations<R> pooled;
    private final Function<Connection, SqlOperations<R>> onConnection;

    BlockingRows(Blocking blocking, Supplier<Connection> transactional, SqlOperations<R> pooled,
                 CursorFactory<R> factory) {
        this.blocking = blocking;
        this.transactional = transactional;
        this.pooled = pooled;
        this.onConnection = connection -> connection.withCursorFactory(factory);
    }

    private SqlOperations<R> target() {
        Connection connection = transactional.get();
        return connection == null ? pooled : onConnection.apply(connection);
    }

    @Override
    public Cursor<R> execute(String sql) {
        return blocking.await(() -> target().execute(sql));
    }

    @Override
    public Cursor<R> execute(String sql, Object... params) {
        return blocking.await(() -> target().execute(sql, params));
    }

    @Override
    public Cursor<R> execute(String sql, Map<String, ?> params) {
        return blocking.await(() -> target().execute(sql, params));
    }

    @Override
    public Cursor<R> execute(Statement statement) {
        return blocking.await(() -> target().execute(statement));
    }

    @Override
    public Cursor<R> callProc(String name, Object... args) {
        return blocking.await(() -> target().callProc(name, args));
    }

    @Override
    public long executeMany(String sql, List<?> paramSets) {
        return blocking.await(() -> target().executeMany(sql, paramSets));
    }

    @Override
    public List<Cursor<R>> transaction(List<?> statements) {
        Connection connection = transactional.get();
        if (connection == null) {
            return blocking.await(() -> pooled.transaction(statements));
        }
        SqlOperations<R> joined = onConnection.apply(connection);
        List<Cursor<R>> results = new ArrayList<>();
        for (Statement statement : normalize(statements)) {
            results.add(blocking.await(() -> joined.execute(statement)));
        }
        return results;
    }

    private static List<Statement> normalize(List<?> statements) {
        if (statements == null) {
            throw new ProgrammingException("transaction statements must not be null");
        }
        return Operations.statements(statements);
    }
}
