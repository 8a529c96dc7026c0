package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.ConnectionClosedException;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.DatabaseException;
import io.momoko.MomokoException;
import io.momoko.QueryTimeoutException;
import io.momoko.Row;
import io.momoko.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Connection} over one Vert.x {@link PgConnection}.
 *
 * <h2>Threading</h2>
 * The Vert.x connection is bound to one event loop; its callbacks, and so the completion of every future
 * returned here, run on that loop. Public methods may be called from any thread: the Vert.x connection
 * queues commands and writes them in call order. Our own state is small and safe from any thread: the
 * closing/closed flags and the closed future, the hstore flag and default query timeout (volatile, set by
 * the pool before the connection is used), and the queue of statements in flight.
 */
final class VertxConnection implements PoolConnection {

    /** How long a statement may take to answer a cancel request before its connection is dropped. */
    static final long CANCEL_BOUND_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(VertxConnection.class);

    private final PgConnection connection;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ConnectOptions options;
    /**
     * Whether prepared statements are cached (not behind a transaction-mode PgBouncer): only then do repeated
     * statements without parameters go through the extended protocol ({@link RepeatedQueries}).
     */
    private final boolean cachesStatements;
    private final Operations<Row> rows;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean hstore;
    private volatile Duration defaultQueryTimeout;
    /** Statements sent and not yet answered, and the cancel requests sent for them. */
    private final StatementsInFlight inFlight = new StatementsInFlight();

    VertxConnection(PgConnection connection, Vertx vertx, boolean ownsVertx, ConnectOptions options,
                    boolean cachesStatements) {
        this.connection = connection;
        this.cachesStatements = cachesStatements;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.options = options;
        this.rows = new Operations<>(this, CursorFactory.row());
        connection.closeHandler(ignored -> markClosed());
        // Without a handler Vert.x prints each connection failure (a terminated backend, a reset socket) as a
        // stack trace of its own; the failure also reaches the statement it broke, so one line here is enough.
        connection.exceptionHandler(error -> LOG.info("Connection to {} (backend {}) failed: {}", options,
                connection.processId(), Errors.unwrap(error).getMessage()));
        // Notices (such as "there is no transaction in progress" from a pool's reset) are informational.
        connection.noticeHandler(notice -> { });
    }

    /** Sets the query timeout for statements that do not carry their own (the pool's setting). */
    void defaultQueryTimeout(Duration timeout) {
        this.defaultQueryTimeout = timeout;
    }

    @Override
    public boolean hstore() {
        return hstore;
    }

    @Override
    public String runningSql() {
        return inFlight.oldestSql();
    }

    @Override
    public int backendPid() {
        return connection.processId();
    }

    @Override
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    @Override
    public void hstoreEnabled() {
        this.hstore = true;
    }

    @Override
    public void onNotification(java.util.function.Consumer<io.momoko.Notification> handler) {
        connection.notificationHandler(notification -> handler.accept(io.momoko.Notification.message(
                notification.getChannel(), notification.getPayload(), notification.getProcessId())));
    }

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        return start(statement, factory).result();
    }

    @Override
    public <R> Execution<R> start(Statement statement, CursorFactory<R> factory, Binder.Bound bound) {
        if (isClosed()) {
            return Execution.failed(closed(statement.sql()));
        }
        Submitted<Cursor<R>> submitted = submit(statement.sql(), statement.timeout(),
                () -> sending(statement, bound), rows -> new ResultCursor<>(last(rows), factory, hstore));
        return new Execution<>(submitted.result, submitted.entry.settled, () -> cancel(submitted.entry));
    }

    @Override
    public CompletableFuture<Long> runMany(List<Statement> statements) {
        String sql = statements.isEmpty() ? "" : statements.get(0).sql();
        if (isClosed()) {
            return CompletableFuture.failedFuture(closed(sql));
        }
        if (statements.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        return submit(sql, null, () -> sendingBatches(statements), Function.identity()).result;
    }

    private ConnectionClosedException closed(String sql) {
        return new ConnectionClosedException("Connection to " + options + " is closed; cannot run "
                + Errors.describe(sql), false, null);
    }

    /** A statement (or batch) handed to the connection: its caller's future and its place in the queue. */
    private record Submitted<T>(WatchedFuture<T> result, StatementsInFlight.Entry entry) {
    }

    /**
     * Queues work for the server: sent once no cancel request meant for an earlier statement can still arrive,
     * bounded by its query timeout, cancelled on the server when its caller gives up.
     */
    private <X, T> Submitted<T> submit(String sql, Duration timeout, Supplier<Future<X>> sending,
                                       Function<X, T> answer) {
        WatchedFuture<T> result = new WatchedFuture<>();
        StatementsInFlight.Entry entry = inFlight.add(result, sql);
        CompletableFuture<Void> barrier = inFlight.barrier();
        // A caller who gives up on a statement still running (cancel, orTimeout, completeExceptionally) asks the
        // server to stop it; the connection still waits for the statement to settle.
        result.onFailure(() -> {
            if (!entry.serverAnswered) {
                cancel(entry);
            }
        });
        if (barrier.isDone()) {
            send(sql, timeout, sending, answer, entry, result);
        } else {
            // A cancel request sent for an earlier statement may still arrive: it must not stop this one.
            barrier.whenComplete((ignored, error) -> send(sql, timeout, sending, answer, entry, result));
        }
        return new Submitted<>(result, entry);
    }

    private Future<RowSet<io.vertx.sqlclient.Row>> sending(Statement statement, Binder.Bound preBound) {
        Binder.Bound bound = preBound != null ? preBound : Binder.bindIfBound(statement, hstore);
        if (bound != null) {
            return connection.preparedQuery(bound.sql()).execute(bound.params());
        }
        if (statement.positionalParams() == null && statement.namedParams() == null) {
            String sql = statement.sql();
            PgType.requireNoNul(sql, "the statement");
            if (cachesStatements && RepeatedQueries.prepared(sql)) {
                return connection.preparedQuery(sql).execute();
            }
            return cachesStatements ? connection.query(sql).execute().onSuccess(rows -> RepeatedQueries.ranSimple(sql, rows))
                    : connection.query(sql).execute();
        }
        String sql = statement.namedParams() != null
                ? Literals.mogrify(statement.sql(), statement.namedParams(), hstore)
                : Literals.mogrify(statement.sql(), statement.positionalParams().toArray(), hstore);
        return connection.query(sql).execute();
    }

    /**
     * One extended-protocol batch (Vert.x's executeBatch: one Sync for all) per run of parameter sets that bind
     * to the same SQL; the casts Momoko adds follow the values' Java types, so a null where other rows have a
     * number starts a new batch. The batches go out one after the other and stop at the first failure.
     */
    private Future<Long> sendingBatches(List<Statement> statements) {
        List<Binder.Bound> bound = new ArrayList<>(statements.size());
        for (Statement statement : statements) {
            Binder.Bound one = Binder.bindIfBound(statement, hstore);
            bound.add(one != null ? one : new Binder.Bound(statement.sql(), Tuple.tuple()));
        }
        Future<Long> chain = null;
        int from = 0;
        while (from < bound.size()) {
            String sql = bound.get(from).sql();
            List<Tuple> batch = new ArrayList<>();
            int to = from;
            while (to < bound.size() && bound.get(to).sql().equals(sql)) {
                batch.add(bound.get(to++).params());
            }
            Future<Long> previous = chain;
            chain = previous == null ? connection.preparedQuery(sql).executeBatch(batch).map(VertxConnection::rowCount)
                    : previous.compose(before -> connection.preparedQuery(sql).executeBatch(batch)
                            .map(rows -> before + rowCount(rows)));
            from = to;
        }
        return chain;
    }

    /** The affected rows of every run of a batch, summed over Vert.x's chain of results. */
    private static long rowCount(RowSet<io.vertx.sqlclient.Row> first) {
        long total = 0;
        for (RowSet<io.vertx.sqlclient.Row> rows = first; rows != null; rows = rows.next()) {
            total += rows.rowCount();
        }
        return total;
    }

    private <X, T> void send(String sql, Duration statementTimeout, Supplier<Future<X>> sending,
                             Function<X, T> answer, StatementsInFlight.Entry entry, CompletableFuture<T> result) {
        Future<X> running;
        try {
            if (isClosed()) {
                throw new ConnectionClosedException("Connection to " + options + " is closed; cannot run "
                        + Errors.describe(sql), false, null);
            }
            running = sending.get();
        } catch (RuntimeException e) {
            // Never sent: nothing to cancel on the server.
            entry.serverAnswered = true;
            result.completeExceptionally(Errors.translate(e, Errors.describe(sql)));
            inFlight.answered(entry);
            return;
        }
        Duration timeout = statementTimeout != null ? statementTimeout : defaultQueryTimeout;
        long timer = timeout == null ? -1 : vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (result.completeExceptionally(new QueryTimeoutException("Statement " + Errors.describe(sql)
                    + " exceeded its query timeout of " + timeout.toMillis() + " ms on " + options
                    + "; a cancel request was sent", null))) {
                // The caller is told now; the connection settles when the server has answered the statement.
                cancel(entry);
            }
        });
        running.onComplete(outcome -> {
            entry.serverAnswered = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (outcome.succeeded()) {
                try {
                    result.complete(answer.apply(outcome.result()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(Errors.translate(e, Errors.describe(sql)));
                }
            } else {
                MomokoException error = Errors.translate(outcome.cause(), Errors.describe(sql));
                if (error instanceof ConnectionClosedException) {
                    // The driver fails pending commands before it reports the close; refuse new work from now.
                    closing.set(true);
                }
                result.completeExceptionally(error);
            }
            inFlight.answered(entry);
        });
    }

    @Override
    public void cancelRunning() {
        StatementsInFlight.Entry oldest = inFlight.oldest();
        if (oldest != null) {
            cancel(oldest);
        }
    }

    /**
     * Asks the server to stop a statement, only when it is the one statement in flight: a cancel request
     * stops whatever the session runs when it arrives, which must never be another caller's statement. The
     * statement settles once the server has answered it and the request has been delivered; a server that
     * answers neither within {@link #CANCEL_BOUND_MILLIS} loses the connection.
     */
    private void cancel(StatementsInFlight.Entry entry) {
        if (!inFlight.alone(entry)) {
            return;
        }
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        if (entry.cancel(() -> delivered)) {
            inFlight.raiseBarrier(entry);
            sendCancelRequest().whenComplete((ignored, error) -> delivered.complete(null));
            vertx.setTimer(CANCEL_BOUND_MILLIS, id -> {
                if (!entry.settled.isDone()) {
                    abort();
                    delivered.complete(null);
                }
            });
        }
    }

    private static RowSet<io.vertx.sqlclient.Row> last(RowSet<io.vertx.sqlclient.Row> first) {
        RowSet<io.vertx.sqlclient.Row> last = first;
        for (RowSet<io.vertx.sqlclient.Row> next = first.next(); next != null; next = next.next()) {
            last = next;
        }
        return last;
    }

    @Override
    public CompletableFuture<Void> registerHstore() {
        return execute("SELECT 'hstore'::regtype::oid").handle((ignored, error) -> {
            if (error == null) {
                hstore = true;
                return null;
            }
            Throwable cause = Errors.unwrap(error);
            if (cause instanceof DatabaseException && "42704".equals(((DatabaseException) cause).sqlState())) {
                throw new MomokoException("The hstore extension is not installed in database '" + options.database()
                        + "'; run CREATE EXTENSION hstore there first", cause);
            }
            throw new CompletionException(cause);
        });
    }

    @Override
    public boolean isClosed() {
        return closing.get() || closed.isDone();
    }

    /** Runs once the socket is closed, whoever closed it; may be called twice (close handler and close()). */
    private void markClosed() {
        closing.set(true);
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (ownsVertx) {
            SharedVertx.release(vertx).onComplete(ignored -> closed.complete(null));
        } else {
            closed.complete(null);
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closing.compareAndSet(false, true)) {
            inFlight.failAll(() -> new ConnectionClosedException("Connection to " + options
                    + " was closed while a statement was running; it may or may not have taken effect", true, null));
            if (!inFlight.isEmpty()) {
                // A graceful close waits for the statement the server is running: ask the server to stop it,
                // and drop the socket if it answers nothing in time.
                sendCancelRequest();
                vertx.setTimer(CANCEL_BOUND_MILLIS, id -> {
                    if (!closed.isDone()) {
                        abort();
                    }
                });
            }
            connection.close().onComplete(ignored -> markClosed());
        }
        return closed.thenApply(ignored -> null);
    }

    private CompletableFuture<Void> sendCancelRequest() {
        int secretKey = ((SqlConnectionInternal) connection).unwrap().getSecretKey();
        return CancelRequest.send(vertx, options, connection.processId(), secretKey);
    }

    /**
     * Drops the socket without the protocol's goodbye, for a server that answers nothing: Vert.x's close is
     * graceful and waits for the commands in flight. Vert.x has no public call for it, so this closes the
     * Netty channel under its connection ({@link NettyChannel}); where that cannot be reached the graceful close
     * stands.
     */
    private void abort() {
        closing.set(true);
        io.netty.channel.Channel channel = NettyChannel.of(connection);
        if (channel != null) {
            channel.close();
        } else {
            LOG.debug("Cannot drop the socket of an unresponsive connection to {}: Vert.x does not expose it", options);
        }
        // Vert.x's own close, queued behind the command the server never answered, may never report back; the
        // socket is given up either way, so the close is over for the caller and its statements are settled.
        inFlight.failAll(() -> new ConnectionClosedException("Connection to " + options + " was dropped: the server "
                + "answered nothing within " + CANCEL_BOUND_MILLIS + " ms of a cancel request", true, null));
        inFlight.abandon();
        markClosed();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(connection)) {
            return type.cast(connection);
        }
        if (type.isInstance(vertx)) {
            return type.cast(vertx);
        }
        throw new IllegalArgumentException("Connection is not a " + type.getName());
    }

    @Override
    public String toString() {
        return "Connection[" + options + (isClosed() ? ", closed" : "") + "]";
    }
}
