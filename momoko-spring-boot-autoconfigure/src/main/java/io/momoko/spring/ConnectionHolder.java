package io.momoko.spring;

import io.momoko.Connection;
import io.momoko.ConnectionBinding;
import io.momoko.Pool;

/**
 * The connection a transaction of ours runs on, bound under its {@link Pool} as the key: in the Reactor context
 * (reactive transactions) or the thread (blocking ones). Holds the deadline, the rollback-only flag set by a
 * failed participating scope, and names the savepoints of nested scopes. It uses no spring-tx type,
 * so that {@link MomokoClient} loads without spring-tx.
 */
final class ConnectionHolder {

    private final Pool pool;
    private final Connection connection;
    private int savepointCounter;
    /** The thread binding of a blocking transaction, so that pool.blocking() runs on this connection. */
    private ConnectionBinding.Binding threadBinding;
    /** System.nanoTime() of the deadline; meaningful only when {@link #hasTimeout}. */
    private long deadlineNanos;
    private boolean hasTimeout;
    private volatile boolean rollbackOnly;

    ConnectionHolder(Pool pool, Connection connection) {
        this.pool = pool;
        this.connection = connection;
    }

    Pool pool() {
        return pool;
    }

    Connection connection() {
        return connection;
    }

    /** Sets the deadline {@code seconds} from now. */
    void setTimeoutInSeconds(int seconds) {
        hasTimeout = true;
        deadlineNanos = System.nanoTime() + seconds * 1_000_000_000L;
    }

    boolean hasTimeout() {
        return hasTimeout;
    }

    /** Milliseconds left before the deadline; zero or less once it has passed. */
    long millisLeft() {
        return (deadlineNanos - System.nanoTime()) / 1_000_000L;
    }

    void setRollbackOnly() {
        rollbackOnly = true;
    }

    boolean isRollbackOnly() {
        return rollbackOnly;
    }

    /** Names a new savepoint for a nested scope, unique within the transaction. */
    String nextSavepoint() {
        return "momoko_savepoint_" + (++savepointCounter);
    }

    /** Binds the connection to the current thread for {@code pool.blocking()}. */
    void bindToThread() {
        threadBinding = ConnectionBinding.bind(pool, connection);
    }

    /** Undoes {@link #bindToThread()}; nothing when not bound. */
    void unbindFromThread() {
        if (threadBinding != null) {
            threadBinding.close();
            threadBinding = null;
        }
    }

    @Override
    public String toString() {
        return "ConnectionHolder[pool " + pool.name() + "]";
    }
}
