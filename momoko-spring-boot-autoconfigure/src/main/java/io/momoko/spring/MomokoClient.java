package io.momoko.spring;

import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.ServerCursor;
import io.momoko.Statement;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Momoko for Reactor: the pool's statements, with Momoko's placeholders ({@code %s}, {@code %(name)s},
 * {@code $n}), as {@link Mono} and {@link Flux}. Nothing runs until subscription.
 *
 * <p>Inside a transaction of a {@link MomokoReactiveTransactionManager} ({@code @Transactional} on a method
 * returning {@code Mono}/{@code Flux}, or {@code TransactionalOperator}) every statement runs on the
 * transaction's connection, found in the subscriber's Reactor context, and gets only the time left before the
 * transaction's timeout; elsewhere each statement borrows a connection from the pool for itself.
 *
 * <pre>{@code
 * Mono<Integer> moved = operator.transactional(
 *         client.update("UPDATE stock SET qty = qty - %s WHERE id = %s", 5, from)
 *               .then(client.update("UPDATE stock SET qty = qty + %s WHERE id = %s", 5, to)));
 * Flux<Reading> readings = client.stream(CursorFactory.record(Reading.class), 500, "SELECT * FROM readings");
 * }</pre>
 */
public final class MomokoClient {

    private final Pool pool;

    private MomokoClient(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Creates a client over a pool.
     *
     * @param pool the pool
     * @return the client
     */
    public static MomokoClient create(Pool pool) {
        return new MomokoClient(pool);
    }

    /**
     * Returns the pool this client uses outside transactions.
     *
     * @return the pool
     */
    public Pool pool() {
        return pool;
    }

    /**
     * Runs a statement with positional parameters.
     *
     * @param sql the statement
     * @param params one value per placeholder
     * @return the result, when subscribed
     */
    public Mono<Cursor<Row>> execute(String sql, Object... params) {
        return execute(Statement.of(sql, params), CursorFactory.row());
    }

    /**
     * Runs a statement with named parameters.
     *
     * @param sql the statement, with {@code %(name)s} placeholders
     * @param params the values by name
     * @return the result, when subscribed
     */
    public Mono<Cursor<Row>> execute(String sql, Map<String, ?> params) {
        return execute(Statement.of(sql, params), CursorFactory.row());
    }

    /**
     * Runs a statement and builds its rows with a factory.
     *
     * @param statement the statement and its parameters
     * @param factory how to build each row
     * @param <R> the row type
     * @return the result, when subscribed
     */
    public <R> Mono<Cursor<R>> execute(Statement statement, CursorFactory<R> factory) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(factory, "factory");
        return TransactionalConnections.current(pool)
                .flatMap(holder -> BoundSignals.fromFuture(pool, holder.connection(),
                        () -> holder.connection().withCursorFactory(factory).execute(withinDeadline(holder, statement))))
                .switchIfEmpty(Mono.defer(() -> Mono.fromFuture(() -> pool.withCursorFactory(factory).execute(statement))));
    }

    /**
     * Runs a query and emits its rows (all held in memory once received; see {@link #stream} for large results).
     *
     * @param sql the query
     * @param params one value per placeholder
     * @return the rows, when subscribed
     */
    public Flux<Row> query(String sql, Object... params) {
        return query(CursorFactory.row(), sql, params);
    }

    /**
     * Runs a query and emits its rows built by a factory (records, maps).
     *
     * @param factory how to build each row
     * @param sql the query
     * @param params one value per placeholder
     * @param <R> the row type
     * @return the rows, when subscribed
     */
    public <R> Flux<R> query(CursorFactory<R> factory, String sql, Object... params) {
        return execute(Statement.of(sql, params), factory).flatMapIterable(Cursor::fetchAll);
    }

    /**
     * Runs a statement and returns how many rows it changed (or returned).
     *
     * @param sql the statement
     * @param params one value per placeholder
     * @return the row count, when subscribed
     */
    public Mono<Integer> update(String sql, Object... params) {
        return execute(sql, params).map(Cursor::rowCount);
    }

    /**
     * Streams a query's rows with back-pressure through a server-side cursor, {@code fetchSize} rows per round
     * trip, fetching only as the subscriber asks. Outside a transaction the pool lends a connection for the
     * duration ({@link Pool#stream(CursorFactory, int, String, Object...)}); inside one the cursor is declared in
     * the transaction and closed at the end.
     *
     * @param factory how to build each row
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param params one value per placeholder
     * @param <R> the row type
     * @return the rows, when subscribed
     */
    public <R> Flux<R> stream(CursorFactory<R> factory, int fetchSize, String sql, Object... params) {
        Objects.requireNonNull(factory, "factory");
        if (fetchSize < 1) {
            return Flux.error(new IllegalArgumentException("fetchSize must be at least 1, was " + fetchSize));
        }
        return TransactionalConnections.current(pool)
                .map(holder -> streamInTransaction(holder, factory, fetchSize, sql, params))
                .switchIfEmpty(Mono.fromSupplier(() ->
                        JdkFlowAdapter.flowPublisherToFlux(pool.stream(factory, fetchSize, sql, params))))
                .flatMapMany(Function.identity());
    }

    /**
     * Streams a query's rows as {@link Row}s; see {@link #stream(CursorFactory, int, String, Object...)}.
     *
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param params one value per placeholder
     * @return the rows, when subscribed
     */
    public Flux<Row> stream(int fetchSize, String sql, Object... params) {
        return stream(CursorFactory.row(), fetchSize, sql, params);
    }

    private <R> Flux<R> streamInTransaction(ConnectionHolder holder, CursorFactory<R> factory, int fetchSize,
                                            String sql, Object... params) {
        return Flux.usingWhen(
                BoundSignals.fromFuture(pool, holder.connection(), () -> holder.connection().cursor(sql, params)),
                cursor -> Mono.defer(() -> BoundSignals.fromFuture(pool, holder.connection(),
                                () -> cursor.fetch(fetchSize)))
                        .repeat()
                        // A short batch is the last: stop before asking the server again.
                        .takeUntil(batch -> batch.size() < fetchSize)
                        // One batch at a time: the next fetch waits until the subscriber has taken these rows.
                        .concatMapIterable(Function.<List<Row>>identity(), 1)
                        .map(factory::createRow),
                cursor -> Mono.fromFuture(cursor::close),
                (cursor, error) -> closeQuietly(cursor),
                this::closeQuietly);
    }

    /** After a failure or cancel the transaction may be aborted, so CLOSE may fail: the first error is the story. */
    private Mono<Void> closeQuietly(ServerCursor<Row> cursor) {
        return Mono.fromFuture(cursor::close).onErrorResume(ignored -> Mono.empty());
    }

    /** The statement limited to the transaction's time left; refused at once past the deadline. */
    private static Statement withinDeadline(ConnectionHolder holder, Statement statement) {
        if (!holder.hasTimeout()) {
            return statement;
        }
        long left = holder.millisLeft();
        if (left <= 0) {
            // Spring's TransactionTimedOutException, before anything is sent; the transaction is now rollback-only.
            throw TransactionalConnections.timedOut(holder);
        }
        return statement.withTimeout(Duration.ofMillis(left));
    }

    @Override
    public String toString() {
        return "MomokoClient[pool " + pool.name() + "]";
    }
}
