package io.momoko.internal;

import io.momoko.BlockingOperations;
import io.momoko.BlockingPool;
import io.momoko.Connection;
import io.momoko.ConnectionBinding;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.ServerCursor;
import io.momoko.Statement;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Pool#blocking()}: the pool's operations waited for on the caller's thread (see {@link Blocking}), on the
 * connection a transaction manager bound to the thread when there is one ({@link ConnectionBinding}).
 */
final class PoolBlocking implements BlockingPool {

    private final Pool pool;
    private final Blocking blocking;
    private final BlockingRows<Row> rows;

    PoolBlocking(Pool pool, PoolContext context) {
        this.pool = pool;
        this.blocking = new Blocking(context, pool.name());
        this.rows = new BlockingRows<>(blocking, this::bound, pool, CursorFactory.row());
    }

    private Connection bound() {
        return ConnectionBinding.current(pool);
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public <R> BlockingOperations<R> withCursorFactory(CursorFactory<R> factory) {
        return new BlockingRows<>(blocking, this::bound, pool.withCursorFactory(factory), factory);
    }

    @Override
    public Cursor<Row> execute(String sql) {
        return rows.execute(sql);
    }

    @Override
    public Cursor<Row> execute(String sql, Object... params) {
        return rows.execute(sql, params);
    }

    @Override
    public Cursor<Row> execute(String sql, Map<String, ?> params) {
        return rows.execute(sql, params);
    }

    @Override
    public Cursor<Row> execute(Statement statement) {
        return rows.execute(statement);
    }

    @Override
    public Cursor<Row> callProc(String name, Object... args) {
        return rows.callProc(name, args);
    }

    @Override
    public long executeMany(String sql, List<?> paramSets) {
        return rows.executeMany(sql, paramSets);
    }

    @Override
    public List<Cursor<Row>> transaction(List<?> statements) {
        return rows.transaction(statements);
    }

    @Override
    public <T> T inTransaction(Function<? super BlockingOperations<Row>, ? extends T> work) {
        Connection joined = bound();
        if (joined != null) {
            return work.apply(rows);
        }
        Connection connection = blocking.await(pool::getConn);
        try {
            BlockingOperations<Row> tx = new BlockingRows<>(blocking, () -> connection, connection, CursorFactory.row());
            tx.execute("BEGIN");
            T result;
            // Bound while the work runs: pool.blocking() inside it joins this transaction, as under Spring.
            ConnectionBinding.Binding binding = ConnectionBinding.bind(pool, connection);
            try {
                result = work.apply(tx);
            } catch (RuntimeException | Error e) {
                binding.close();
                rollback(connection, e);
                throw e;
            }
            binding.close();
            tx.execute("COMMIT");
            return result;
        } finally {
            // putConn rolls back whatever is still open (a failed COMMIT) before the next borrower.
            blocking.await(() -> pool.putConn(connection));
        }
    }

    private void rollback(Connection connection, Throwable failure) {
        try {
            blocking.await(() -> connection.execute("ROLLBACK"));
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void stream(int fetchSize, String sql, Consumer<? super Row> consumer, Object... params) {
        DeclaredCursor.requireFetchSize(fetchSize);
        blocking.refuseOnEventLoop();
        Connection joined = bound();
        if (joined != null) {
            fetchAll(joined, fetchSize, sql, consumer, params);
            return;
        }
        Connection connection = blocking.await(pool::getConn);
        try {
            blocking.await(() -> connection.execute("BEGIN"));
            fetchAll(connection, fetchSize, sql, consumer, params);
        } finally {
            // The reset ends the transaction, and with it the cursor.
            blocking.await(() -> pool.putConn(connection));
        }
    }

    private void fetchAll(Connection connection, int fetchSize, String sql, Consumer<? super Row> consumer,
                          Object... params) {
        ServerCursor<Row> cursor = blocking.await(() -> connection.cursor(sql, params));
        try {
            List<Row> batch;
            do {
                batch = blocking.await(() -> cursor.fetch(fetchSize));
                batch.forEach(consumer);
            } while (batch.size() == fetchSize);
        } catch (RuntimeException | Error e) {
            // After a failure the transaction may be aborted and CLOSE fail too: the first failure is the story.
            try {
                blocking.await(cursor::close);
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        blocking.await(cursor::close);
    }

    @Override
    public String toString() {
        return "BlockingPool[" + pool.name() + "]";
    }
}
