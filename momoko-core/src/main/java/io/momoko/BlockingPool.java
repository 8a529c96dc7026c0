package io.momoko;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Pool} for code that may block its thread: virtual threads, Spring MVC. Obtained from
 * {@link Pool#blocking()}; see {@link BlockingOperations} for how results and failures come back.
 *
 * <pre>{@code
 * BlockingPool db = pool.blocking();
 * Row product = db.execute("SELECT id, name FROM products WHERE id = %s", 42).fetchOne();
 * db.inTransaction(tx -> tx.execute("UPDATE stock SET qty = qty - 1 WHERE id = %s", 42));
 * }</pre>
 *
 * <p><b>Transactions.</b> When a transaction manager has bound a connection of this pool to the current thread
 * ({@link ConnectionBinding}; Spring's {@code @Transactional} with the starter does), every statement runs on that
 * connection, inside its transaction: {@link #transaction} and {@link #inTransaction} then join it instead of
 * opening one of their own, and its outcome is the manager's to decide. Otherwise each statement borrows a
 * connection for itself, as the pool does.
 */
public interface BlockingPool extends BlockingOperations<Row> {

    /**
     * Returns a view whose results are built by the given factory (records, maps).
     *
     * @param factory how to build each row
     * @param <R> the row type
     * @return the view, sharing this pool and its transaction binding
     */
    <R> BlockingOperations<R> withCursorFactory(CursorFactory<R> factory);

    /**
     * Runs {@code work} in a transaction on one connection and commits it, or rolls it back when the work throws
     * (the exception is then rethrown). Inside a bound transaction the work joins it instead.
     *
     * @param work what to run; it gets the statements of the transaction's connection
     * @param <T> the result type
     * @return the work's result, after the commit
     */
    <T> T inTransaction(Function<? super BlockingOperations<Row>, ? extends T> work);

    /**
     * Streams a query's rows to {@code consumer} on the calling thread, {@code fetchSize} rows per round trip
     * through a server-side cursor, so that memory holds about one fetch whatever the result's size. Outside a
     * bound transaction a connection and a transaction are held for the duration and released at the end.
     *
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param consumer called once per row, on the calling thread; it may block
     * @param params the values for the placeholders
     */
    void stream(int fetchSize, String sql, Consumer<? super Row> consumer, Object... params);

    /**
     * Returns the pool this view waits on.
     *
     * @return the asynchronous pool
     */
    Pool pool();
}
