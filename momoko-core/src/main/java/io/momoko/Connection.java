package io.momoko;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One PostgreSQL connection, Momoko's {@code Connection} in Java. Open one with {@link Momoko#connect(String)};
 * a pool hands them out too.
 *
 * <p>Rows come as {@link Row}; {@link #withCursorFactory(CursorFactory)} gives a view of the same connection
 * that produces another row type.
 *
 * <h2>Threading</h2>
 * The connection belongs to one Vert.x event loop. Every future it returns is completed on that event-loop
 * thread, so a dependent stage attached with {@code thenApply}/{@code thenCompose} runs there too and must not
 * block; use the {@code *Async} variants to move blocking work elsewhere. Methods may be called from any
 * thread. Statements issued without waiting for earlier ones are pipelined on the connection in call order.
 */
public interface Connection extends SqlOperations<Row> {

    /**
     * Returns a view of this connection whose results are built by the given factory. The view shares the
     * connection: closing either closes both.
     *
     * @param factory how to build each row
     * @param <R> the row type
     * @return the view
     */
    <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory);

    /**
     * Runs work that depends on earlier results in one transaction: {@code BEGIN}, then {@code work}, then
     * {@code COMMIT} when its stage succeeds or {@code ROLLBACK} when it fails or throws.
     *
     * @param work what to run, given this connection; it must use this connection for the transaction's statements
     * @param <T> the work's result type
     * @return the work's result, after the commit
     */
    <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work);

    /**
     * Opens a server-side cursor over a query. It needs an open transaction on this connection.
     *
     * @param sql the query, with {@code %s}, {@code %(name)s} or {@code $n} placeholders
     * @param params the values, interpolated with {@link #mogrify(String, Object...)}'s exact quoting
     * @return the cursor; fails with {@link ProgrammingException} when no transaction is open
     */
    CompletableFuture<ServerCursor<Row>> cursor(String sql, Object... params);

    /**
     * Streams a query's rows to a callback, {@code fetchSize} at a time through a server-side cursor, so
     * memory stays bounded whatever the result's size. It needs an open transaction on this connection (use
     * {@link Pool#stream(int, String, java.util.function.Consumer, Object...)} to have one opened for you).
     * The callback runs on the connection's event loop and must not block.
     *
     * @param fetchSize rows per round trip, at least 1 (first, as in every {@code stream} method)
     * @param sql the query
     * @param consumer called once per row, in order; an exception from it stops the stream and fails the future
     * @param params the values for the placeholders
     * @return completes after the last row, or with the first error
     */
    CompletableFuture<Void> stream(int fetchSize, String sql, Consumer<? super Row> consumer,
                                   Object... params);

    /**
     * Interpolates parameters into the statement on the client, with exact PostgreSQL literal quoting, as
     * psycopg2's {@code mogrify} does. The result is for logs and tools; {@code execute} never uses it.
     *
     * @param sql the statement with {@code %s} or {@code $n} placeholders
     * @param params one value per placeholder
     * @return the SQL text with every placeholder replaced by a literal
     * @throws ProgrammingException for a malformed placeholder (naming its position), a wrong parameter
     *                              count, a NUL character or an unsupported type
     */
    String mogrify(String sql, Object... params);

    /**
     * Interpolates named parameters ({@code %(name)s}) as {@link #mogrify(String, Object...)} does.
     *
     * @param sql the statement
     * @param params the values by name
     * @return the SQL text with every placeholder replaced by a literal
     */
    String mogrify(String sql, Map<String, ?> params);

    /**
     * Checks that the connection works with a round trip to the server.
     *
     * @return completes normally when the server answered
     */
    CompletableFuture<Void> ping();

    /**
     * Turns on the {@code hstore} type for this connection: from then on a {@code Map<String, String>}
     * parameter is sent as hstore and hstore columns read as {@code Map<String, String>}.
     *
     * @return completes when hstore is on; fails with a {@link MomokoException} naming the database when the
     *         extension is not installed there
     */
    CompletableFuture<Void> registerHstore();

    /**
     * Tells whether the connection is closed, by {@link #close()}, the server or the network.
     *
     * @return {@code true} once no more statements can run
     */
    boolean isClosed();

    /**
     * Closes the connection. Statements still running fail with {@link ConnectionClosedException}.
     *
     * @return completes when the socket is closed
     */
    CompletableFuture<Void> close();

    /**
     * Returns the underlying driver object, for what Momoko does not cover.
     *
     * @param type the wanted type, for example {@code io.vertx.pgclient.PgConnection}
     * @param <T> the wanted type
     * @return the driver object
     * @throws IllegalArgumentException when the connection is not of that type
     */
    <T> T unwrap(Class<T> type);
}
