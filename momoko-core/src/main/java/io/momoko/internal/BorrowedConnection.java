package io.momoko.internal;

import io.momoko.internal.sql.SessionEffects;

import io.momoko.Connection;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.ProgrammingException;
import io.momoko.Row;
import io.momoko.Statement;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Connection} a borrower of the pool holds. It forwards to the pooled connection until it is
 * returned, and refuses all work after that, so a stale reference cannot disturb the next borrower.
 * {@link #close()} returns it to the pool, as closing a pooled JDBC connection does.
 */
final class BorrowedConnection implements ConnectionSupport {

    private final Borrowing owner;
    final PooledConnection pooled;
    private final Operations<Row> rows;
    private volatile boolean returned;
    /** What the borrower's statements left: read by putConn to reset only a connection that needs it. */
    private volatile boolean sessionChanged;
    private volatile boolean transactionOpen;
    private volatile boolean retire;

    BorrowedConnection(Borrowing owner, PooledConnection pooled) {
        this.owner = owner;
        this.pooled = pooled;
        this.rows = new Operations<>(this, CursorFactory.row());
    }

    /** The borrowing side of the pool that lent it. */
    Borrowing owner() {
        return owner;
    }

    /** Marks the connection returned; {@code false} when it already was. */
    synchronized boolean markReturned() {
        if (returned) {
            return false;
        }
        returned = true;
        return true;
    }

    private PoolConnection target() {
        if (returned) {
            throw new ProgrammingException("Connection was returned to pool '" + owner.poolName()
                    + "' and must not be used any more");
        }
        return pooled.connection;
    }

    /** Whether the borrower changed the session or left a transaction open, so putConn must reset. */
    boolean leftState() {
        return sessionChanged || transactionOpen;
    }

    /** Whether the borrower left state no reset undoes, so putConn closes the connection. */
    boolean retire() {
        return retire;
    }

    private void track(String sql) {
        SessionEffects effects = SessionEffects.of(sql);
        if (effects.clean()) {
            return;
        }
        sessionChanged |= effects.session;
        retire |= effects.retire;
        if (effects.transaction != SessionEffects.Transaction.UNCHANGED) {
            transactionOpen = effects.transaction == SessionEffects.Transaction.OPENED;
        }
    }

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        try {
            PoolConnection connection = target();
            ProgrammingException refused = owner.refusal(statement.sql());
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            track(statement.sql());
            CompletableFuture<Cursor<R>> running = connection.run(statement, factory);
            // A side branch: the caller keeps the statement's own future, whose cancel reaches the server.
            running.whenComplete((cursor, error) -> {
                if (error != null && owner.retires(Errors.unwrap(error))) {
                    // A read-only server, or a statement cache the pooler cannot keep: not given to anyone again.
                    retire = true;
                }
            });
            return owner.observed(statement.sql(), running);
        } catch (ProgrammingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Long> runMany(List<Statement> statements) {
        try {
            PoolConnection connection = target();
            if (!statements.isEmpty()) {
                track(statements.get(0).sql());
            }
            return connection.runMany(statements);
        } catch (ProgrammingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public boolean hstore() {
        return pooled.connection.hstore();
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
        return returned ? CompletableFuture.completedFuture(null) : owner.putConn(this);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        T unwrapped = target().unwrap(type);
        // Work done on the driver's connection is invisible here: assume it changed the session.
        sessionChanged = true;
        return unwrapped;
    }

    @Override
    public String toString() {
        return "Connection[pool " + owner.poolName() + (returned ? ", returned" : "") + "]";
    }
}
