package io.momoko.spring;

import io.momoko.Connection;
import io.momoko.MomokoException;
import io.momoko.Pool;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.NestedTransactionNotSupportedException;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Spring's {@link org.springframework.transaction.PlatformTransactionManager} for a Momoko {@link Pool}: for
 * {@code @Transactional} in Spring MVC and virtual-thread applications that use {@link Pool#blocking()}.
 *
 * <ul>
 *   <li><b>Begin</b> borrows a connection ({@link Pool#getConn()}), runs {@code BEGIN} with the definition's
 *       isolation level and read-only flag, and binds the connection to the thread: in Spring's
 *       {@link TransactionSynchronizationManager} under the pool, and in {@link io.momoko.ConnectionBinding}, so
 *       that every {@code pool.blocking()} statement on this thread runs inside the transaction.</li>
 *   <li>A <b>timeout</b> becomes {@code SET LOCAL statement_timeout}, and a transaction past its deadline is rolled
 *       back instead of committed ({@link org.springframework.transaction.TransactionTimedOutException}).</li>
 *   <li><b>Nested</b> propagation uses savepoints; <b>REQUIRES_NEW</b> suspends the binding and borrows a second
 *       connection.</li>
 *   <li><b>Commit</b>/<b>rollback</b> end the transaction, then the connection goes back. A failing {@code COMMIT}
 *       (a serialization failure, 40001) surfaces as the {@link io.momoko.DatabaseException} itself.</li>
 * </ul>
 *
 * <p>The plain asynchronous {@link Pool} is not transaction-aware: {@code pool.execute(...)} inside a
 * transactional method runs outside the transaction (the pool logs a warning once).
 */
public final class MomokoTransactionManager extends AbstractPlatformTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient Pool pool;

    /** Whether read-only transactions borrow a standby's connection ({@link Pool#replicas()}). */
    private boolean readOnlyOnReplicas;

    /**
     * Creates a manager for the pool's transactions, nested transactions (savepoints) allowed.
     *
     * @param pool the pool connections are borrowed from
     */
    public MomokoTransactionManager(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        setNestedTransactionAllowed(true);
    }

    /**
     * Runs read-only transactions ({@code @Transactional(readOnly = true)}) on a standby of the pool's connection
     * string, through {@link Pool#replicas()}: within its lag bound, else on the primary (or failing, as its
     * {@link io.momoko.ReplicaPolicy} says). Off by default: such a transaction may not see the latest writes.
     *
     * @param readOnlyOnReplicas whether read-only transactions go to standbys
     */
    public void setReadOnlyOnReplicas(boolean readOnlyOnReplicas) {
        this.readOnlyOnReplicas = readOnlyOnReplicas;
    }

    /**
     * Tells whether read-only transactions go to standbys.
     *
     * @return {@code false} unless set
     */
    public boolean isReadOnlyOnReplicas() {
        return readOnlyOnReplicas;
    }

    /** A connection for a new transaction: a standby's for a read-only one when so set, else the pool's. */
    private java.util.concurrent.CompletableFuture<io.momoko.Connection> borrow(TransactionDefinition definition) {
        return readOnlyOnReplicas && definition.isReadOnly() ? pool.replicas().getConn() : pool.getConn();
    }

    /**
     * Returns the pool this manager runs transactions on.
     *
     * @return the pool
     */
    public Pool getPool() {
        return pool;
    }

    @Override
    protected Object doGetTransaction() {
        return new BlockingTransactionObject((ConnectionHolder) TransactionSynchronizationManager.getResource(pool));
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((BlockingTransactionObject) transaction).holder != null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        BlockingTransactionObject tx = (BlockingTransactionObject) transaction;
        Connection connection;
        try {
            connection = await(borrow(definition));
        } catch (RuntimeException e) {
            throw new CannotCreateTransactionException("Could not borrow a connection from pool '" + pool.name()
                    + "' for a transaction: " + e.getMessage(), e);
        }
        int timeout = determineTimeout(definition);
        try {
            await(connection.execute(TransactionStatements.begin(definition, timeout)));
        } catch (RuntimeException e) {
            giveBack(connection);
            throw new CannotCreateTransactionException("Could not begin a transaction on pool '" + pool.name()
                    + "': " + e.getMessage(), e);
        }
        ConnectionHolder holder = new ConnectionHolder(pool, connection);
        if (timeout > 0) {
            holder.setTimeoutInSeconds(timeout);
        }
        holder.bindToThread();
        TransactionSynchronizationManager.bindResource(pool, holder);
        tx.holder = holder;
    }

    @Override
    protected Object doSuspend(Object transaction) {
        ((BlockingTransactionObject) transaction).holder = null;
        ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.unbindResource(pool);
        holder.unbindFromThread();
        return holder;
    }

    @Override
    protected void doResume(Object transaction, Object suspendedResources) {
        ConnectionHolder holder = (ConnectionHolder) suspendedResources;
        holder.bindToThread();
        TransactionSynchronizationManager.bindResource(pool, holder);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        ConnectionHolder holder = ((BlockingTransactionObject) status.getTransaction()).holder;
        if (holder.hasTimeout() && holder.millisLeft() <= 0) {
            await(holder.connection().execute("ROLLBACK"));
            throw TransactionalConnections.timedOut(holder);
        }
        await(holder.connection().execute("COMMIT"));
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        Connection connection = ((BlockingTransactionObject) status.getTransaction()).holder.connection();
        // A connection the server closed took its transaction with it: nothing to roll back, and the caller's own
        // error (the statement that found the connection gone) must not be replaced by this one.
        if (connection.isClosed()) {
            return;
        }
        try {
            await(connection.execute("ROLLBACK"));
        } catch (io.momoko.ConnectionClosedException gone) {
            // Same: the session ended while the rollback was on its way.
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        ((BlockingTransactionObject) status.getTransaction()).holder.setRollbackOnly();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        BlockingTransactionObject tx = (BlockingTransactionObject) transaction;
        ConnectionHolder holder = tx.holder;
        TransactionSynchronizationManager.unbindResource(pool);
        holder.unbindFromThread();
        tx.holder = null;
        giveBack(holder.connection());
    }

    /** Returns the connection; putConn's reset rolls back whatever is still open. Never throws. */
    private void giveBack(Connection connection) {
        try {
            await(pool.putConn(connection));
        } catch (RuntimeException e) {
            logger.warn("Pool '" + pool.name() + "': returning a transaction's connection failed", e);
        }
    }

    /** Waits for a future and throws its failure itself (a Momoko exception), never wrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = BoundSignals.unwrap(e.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new MomokoException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MomokoException("Interrupted while waiting for the database; the work was given up", e);
        }
    }

    @Override
    public String toString() {
        return "MomokoTransactionManager[pool " + getPool().name() + "]";
    }

    /**
     * The state of one {@code getTransaction} call: the holder it found or bound. Savepoints (NESTED) and the
     * rollback-only flag a participating scope sets are kept on the holder, shared by every scope.
     */
    private static final class BlockingTransactionObject implements SavepointManager, SmartTransactionObject {
        private ConnectionHolder holder;

        BlockingTransactionObject(ConnectionHolder holder) {
            this.holder = holder;
        }

        private ConnectionHolder requireHolder() {
            if (holder == null) {
                throw new NestedTransactionNotSupportedException("No Momoko transaction to set a savepoint in");
            }
            return holder;
        }

        @Override
        public Object createSavepoint() {
            ConnectionHolder current = requireHolder();
            String name = current.nextSavepoint();
            await(current.connection().execute(TransactionStatements.savepoint(name)));
            return name;
        }

        @Override
        public void rollbackToSavepoint(Object savepoint) {
            await(requireHolder().connection().execute(TransactionStatements.rollbackToSavepoint((String) savepoint)));
        }

        @Override
        public void releaseSavepoint(Object savepoint) {
            await(requireHolder().connection().execute(TransactionStatements.releaseSavepoint((String) savepoint)));
        }

        @Override
        public boolean isRollbackOnly() {
            return holder != null && holder.isRollbackOnly();
        }

        @Override
        public void flush() {
            TransactionSynchronizationUtils.triggerFlush();
        }
    }
}
