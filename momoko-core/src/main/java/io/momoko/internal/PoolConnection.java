package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.CursorFactory;
import io.momoko.Statement;

import java.util.concurrent.CompletableFuture;

/**
 * What the pool needs of one open connection besides the public {@link Connection}: to learn when the
 * socket closes, to describe the work on it, and to switch hstore on without asking the server. A
 * {@link Connector} makes them; {@link VertxConnection} is the real one, tests have a fake.
 */
interface PoolConnection extends ConnectionSupport {

    /**
     * Starts a statement; {@link #run} is its result alone. The pool uses this to hand the connection on only
     * once the statement has settled (see {@link Execution}).
     */
    default <R> Execution<R> start(Statement statement, CursorFactory<R> factory) {
        return start(statement, factory, null);
    }

    /**
     * Starts a statement already bound by the caller ({@link Binder#bindIfBound}), or binds it here when
     * {@code bound} is {@code null}.
     */
    <R> Execution<R> start(Statement statement, CursorFactory<R> factory, Binder.Bound bound);

    /** Asks the server to stop the statement running now, if it is alone on the connection (see {@link Execution}). */
    void cancelRunning();

    /** Completes once the socket is closed, by either side. */
    CompletableFuture<Void> closedFuture();

    /** The oldest statement sent and not yet answered, or {@code null}. */
    String runningSql();

    /** The server process id, as {@code pg_stat_activity.pid} shows it. */
    int backendPid();

    /** Turns hstore on without checking the server again: the pool checked it once for all connections. */
    void hstoreEnabled();

    /** Receives the notifications of the channels this connection listens to ({@link NotificationHub}). */
    void onNotification(java.util.function.Consumer<io.momoko.Notification> handler);
}
