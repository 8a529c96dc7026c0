package io.momoko.internal;

import io.momoko.BlockingPool;
import io.momoko.Connection;
import io.momoko.CursorFactory;
import io.momoko.ManagedConnection;
import io.momoko.Notification;
import io.momoko.PartiallyConnectedException;
import io.momoko.Pool;
import io.momoko.PoolAdmin;
import io.momoko.PoolStats;
import io.momoko.ProgrammingException;
import io.momoko.Replicas;
import io.momoko.Row;
import io.momoko.ServerAddress;
import io.momoko.ServerStatus;
import io.momoko.SqlOperations;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Pool} users hold: the public operations over the parts that do the work. The
 * {@link PoolEngine} hands connections out and takes them back; {@link PooledStatements} runs pool-level
 * statements (with their one safe retry); {@link Borrowing} lends connections; {@link CursorPublisher}
 * streams; {@link PoolAdministration} answers operators. Everything here uses only the engine's acquire and
 * release.
 */
final class ConnectionPool implements Pool, RowOperations, Replicas {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pool.class);

    private final PoolSettings settings;
    private final PoolEngine engine;
    private final Borrowing borrowing;
    private final PoolAdmin admin;
    private final NotificationHub notifications;
    private final OutsideTransactionWarning outsideTransaction = new OutsideTransactionWarning(this);
    private final BlockingPool blocking;
    private final Operations<Row> rows;
    private final Supplier<CompletableFuture<Void>> releaseResources;
    private final AtomicReference<CompletableFuture<Pool>> connecting = new AtomicReference<>();
    private final CompletableFuture<Void> closed;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final ReplicaMonitor replicaMonitor;
    private final Replicas replicas;

    /**
     * Creates a pool; opens nothing until {@link #connect()} or the first request.
     *
     * @param releaseResources run once every connection is closed (Momoko's shared Vert.x instance)
     */
    ConnectionPool(PoolSettings settings, Connector connector, PoolContext context,
                   Supplier<CompletableFuture<Void>> releaseResources) {
        this(settings, connector, context, releaseResources, null);
    }

    /**
     * Creates a pool; opens nothing until {@link #connect()} or the first request.
     *
     * @param releaseResources run once every connection is closed (Momoko's shared Vert.x instance)
     * @param replicaPools builds the read pool of one server, when the connection string names several; else
     *                     {@code null}, and {@link #replicas()} is this pool
     */
    ConnectionPool(PoolSettings settings, Connector connector, PoolContext context,
                   Supplier<CompletableFuture<Void>> releaseResources, Function<ServerAddress, Pool> replicaPools) {
        LeakTracker leaks = LeakTracker.of(settings.leakDetectionThreshold(), context, settings.name());
        this.settings = settings;
        this.engine = new PoolEngine(settings, context, connector, leaks);
        SessionGuard guard = new SessionGuard(connector, settings.name());
        Refusals refusals = new Refusals(settings,
                new LostStatements(connector, engine.maintenance(), settings.name()));
        this.borrowing = new Borrowing(engine, guard, leaks, settings, refusals);
        this.admin = new PoolAdministration(engine);
        this.notifications = new NotificationHub(connector, context, settings.name(),
                settings.reconnectInterval().toMillis());
        this.rows = new Operations<>(new PooledStatements(engine, settings, guard, outsideTransaction,
                refusals),
                CursorFactory.row());
        this.blocking = new PoolBlocking(this, context);
        this.releaseResources = releaseResources;
        this.closed = PoolFuture.of(engine);
        this.replicaMonitor = replicaPools == null ? null : new ReplicaMonitor(
                settings.connectOptions().servers(), replicaPools, settings.replicaPolicy(), context);
        this.replicas = replicaMonitor == null ? this
                : new ReplicaRouting(replicaMonitor, this, settings.replicaPolicy(), settings.name());
    }

    @Override
    public CompletableFuture<Pool> connect() {
        if (engine.isClosed()) {
            return CompletableFuture.failedFuture(engine.closedException());
        }
        CompletableFuture<Pool> attempt = PoolFuture.of(engine);
        CompletableFuture<Pool> current = connecting.get();
        // A connect() under way is shared; a failed one is not remembered, so a later call tries again.
        while (current == null || current.isCompletedExceptionally()) {
            if (connecting.compareAndSet(current, attempt)) {
                startConnect(attempt);
                return attempt;
            }
            current = connecting.get();
        }
        return current.thenApply(Function.identity());
    }

    private void startConnect(CompletableFuture<Pool> attempt) {
        engine.opener().openToSize().whenComplete((attempts, closedError) -> {
            if (closedError != null) {
                attempt.completeExceptionally(Errors.unwrap(closedError));
                return;
            }
            CompletableFuture.allOf(attempts.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> {
                long failed = attempts.stream().filter(opened -> !opened.join()).count();
                if (failed > 0 && settings.raiseConnectErrors()) {
                    Throwable cause = engine.opener().lastFailure();
                    attempt.completeExceptionally(new PartiallyConnectedException(failed
                            + " connection(s) failed to connect (pool '" + name() + "' to " + settings.connectOptions()
                            + ")" + (cause == null ? "" : ": " + cause.getMessage()), cause));
                } else {
                    // Operators look for a line saying the pool is up, and where it points (never the password).
                    LOG.info("Pool '{}' started: {} of {} connections open to {} (maxSize {})", name(),
                            attempts.size() - failed, attempts.size(), settings.connectOptions(), settings.maxSize());
                    if (replicaMonitor != null) {
                        replicaMonitor.start();
                    }
                    attempt.complete(this);
                }
            });
        });
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closeStarted.compareAndSet(false, true)) {
            notifications.close();
            CompletableFuture<Void> replicasClosed = replicaMonitor == null ? CompletableFuture.completedFuture(null)
                    : replicaMonitor.close();
            engine.shutdown().close().thenCombine(replicasClosed, (a, b) -> null).thenCompose(ignored -> releaseResources.get())
                    .whenComplete((ignored, error) -> closed.complete(null));
        }
        return closed;
    }

    @Override
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public PoolStats stats() {
        return engine.stats();
    }

    @Override
    public Replicas replicas() {
        return replicas;
    }

    @Override
    public List<ServerStatus> servers() {
        return replicaMonitor == null ? List.of() : replicaMonitor.statuses();
    }

    @Override
    public PoolAdmin admin() {
        return admin;
    }

    @Override
    public Flow.Publisher<Notification> listen(String channel) {
        return listen(channel, DEFAULT_NOTIFICATION_BUFFER);
    }

    @Override
    public Flow.Publisher<Notification> listen(String channel, int bufferSize) {
        if (settings.pgbouncer()) {
            // LISTEN lives in a session, which PgBouncer in transaction mode takes away after each transaction.
            ProgrammingException refused = new ProgrammingException("Pool '" + name() + "' is set for PgBouncer "
                    + "(pgbouncer=true), where LISTEN cannot keep a session: listen through a pool that connects to "
                    + "the server directly");
            return subscriber -> {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                subscriber.onError(refused);
            };
        }
        return notifications.publisher(channel, bufferSize);
    }

    @Override
    public CompletableFuture<Void> notify(String channel, String payload) {
        String invalid = NotificationHub.invalidChannel(channel, 1);
        if (invalid != null) {
            return CompletableFuture.failedFuture(new ProgrammingException(invalid));
        }
        return rows.execute("SELECT pg_notify(%s, %s)", channel, payload == null ? "" : payload)
                .thenApply(ignored -> null);
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory) {
        return rows.withFactory(factory);
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work) {
        outsideTransaction.check("inTransaction(...)");
        return borrowing.withConnection(connection -> connection.inTransaction(work));
    }

    @Override
    public String mogrify(String sql, Object... params) {
        return Literals.mogrify(sql, params, engine.opener().hstore());
    }

    @Override
    public String mogrify(String sql, Map<String, ?> params) {
        return Literals.mogrify(sql, params, engine.opener().hstore());
    }

    @Override
    public BlockingPool blocking() {
        return blocking;
    }

    @Override
    public CompletableFuture<Void> ping() {
        return execute("SELECT 1").thenApply(ignored -> null);
    }

    @Override
    public CompletableFuture<Void> registerHstore() {
        return borrowing.withConnection(Connection::registerHstore).thenCompose(ignored -> engine.opener().enableHstore());
    }

    // ---------------------------------------------------------------- streaming

    @Override
    public Flow.Publisher<Row> stream(String sql, Object... params) {
        return stream(1000, sql, params);
    }

    @Override
    public Flow.Publisher<Row> stream(int fetchSize, String sql, Object... params) {
        return stream(CursorFactory.row(), fetchSize, sql, params);
    }

    @Override
    public <R> Flow.Publisher<R> stream(CursorFactory<R> factory, int fetchSize, String sql, Object... params) {
        return new CursorPublisher<>(borrowing, sql, params, fetchSize, factory);
    }

    @Override
    public CompletableFuture<Void> stream(int fetchSize, String sql, Consumer<? super Row> consumer,
                                          Object... params) {
        DeclaredCursor.requireFetchSize(fetchSize);
        return withConnection(connection -> connection.execute("BEGIN")
                .thenCompose(ignored -> connection.stream(fetchSize, sql, consumer, params)));
    }

    // ---------------------------------------------------------------- borrowing

    @Override
    public CompletableFuture<Connection> getConn() {
        return borrowing.getConn(false);
    }

    @Override
    public CompletableFuture<Connection> getConn(boolean ping) {
        return borrowing.getConn(ping);
    }

    @Override
    public CompletableFuture<Void> putConn(Connection connection) {
        // A connection borrowed through replicas() goes back to its standby's pool.
        ConnectionPool standby = replicaMonitor == null ? null : replicaMonitor.lender(connection);
        return standby != null ? standby.putConn(connection) : borrowing.putConn(connection);
    }

    /** Whether this pool lent the connection. */
    boolean lent(Connection connection) {
        return connection instanceof BorrowedConnection borrowed && borrowed.owner() == borrowing;
    }

    @Override
    public ManagedConnection manage(Connection connection) {
        return borrowing.manage(connection);
    }

    @Override
    public <T> CompletableFuture<T> withConnection(Function<? super Connection, ? extends CompletionStage<T>> work) {
        return borrowing.withConnection(work);
    }

    @Override
    public String toString() {
        return stats().toString();
    }
}
