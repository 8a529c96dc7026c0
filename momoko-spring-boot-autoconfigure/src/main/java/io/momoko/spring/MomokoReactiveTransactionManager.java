package io.momoko.spring;

import io.momoko.Connection;
import io.momoko.Pool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.reactive.AbstractReactiveTransactionManager;
import org.springframework.transaction.reactive.GenericReactiveTransaction;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Spring's {@link org.springframework.transaction.ReactiveTransactionManager} for a Momoko {@link Pool}, so that
 * {@code @Transactional} on methods returning {@code Mono}/{@code Flux} and {@code TransactionalOperator} work.
 *
 * <ul>
 *   <li><b>Begin</b> borrows a connection ({@link Pool#getConn()}) and binds it in the Reactor context under the
 *       pool; {@link MomokoClient} finds it there. Isolation level and read-only go into {@code BEGIN}; a timeout
 *       becomes {@code SET LOCAL statement_timeout} and a deadline: statements of {@link MomokoClient} get only
 *       the time left, and a transaction past its deadline is rolled back instead of committed
 *       ({@link TransactionTimedOutException}).</li>
 *   <li><b>Nested</b> propagation is a savepoint; <b>REQUIRES_NEW</b> suspends the binding and borrows a second
 *       connection.</li>
 *   <li><b>Commit</b> and <b>rollback</b> end the transaction, then the connection goes back
 *       ({@link Pool#putConn(Connection)}). Cancelling the subscription (a client that went away) rolls back and
 *       returns the connection too. A failing {@code COMMIT} (a serialization failure, 40001) surfaces as the
 *       {@link io.momoko.DatabaseException} itself, so that callers can retry on its SQLSTATE.</li>
 * </ul>
 *
 * <p>The plain {@link Pool} is not transaction-aware: {@code pool.execute(...)} inside a transactional method
 * borrows another connection and runs outside the transaction (the pool logs a warning once).
 */
public final class MomokoReactiveTransactionManager extends AbstractReactiveTransactionManager {

    private static final long serialVersionUID = 1L;

    private static final Log LOG = LogFactory.getLog(MomokoReactiveTransactionManager.class);

    /** A pool is not serializable; neither, in practice, is a manager holding one. */
    private final transient Pool pool;

    /** Whether read-only transactions borrow a standby's connection ({@link Pool#replicas()}). */
    private boolean readOnlyOnReplicas;

    /**
     * Creates a manager for the pool's transactions.
     *
     * @param pool the pool connections are borrowed from
     */
    public MomokoReactiveTransactionManager(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
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
    protected Object doGetTransaction(TransactionSynchronizationManager synchronizationManager) {
        return new ReactiveTransactionObject((ConnectionHolder) synchronizationManager.getResource(pool));
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((ReactiveTransactionObject) transaction).holder != null;
    }

    @Override
    protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
                                 TransactionDefinition definition) {
        ReactiveTransactionObject tx = (ReactiveTransactionObject) transaction;
        if (tx.holder != null) {
            // NESTED inside a transaction of ours: a savepoint on its connection.
            ConnectionHolder holder = tx.holder;
            String savepoint = holder.nextSavepoint();
            tx.savepoint = savepoint;
            return run(holder, TransactionStatements.savepoint(savepoint));
        }
        int timeout = definition.getTimeout();
        return Mono.fromFuture(() -> borrow(definition))
                .onErrorMap(error -> new CannotCreateTransactionException("Could not borrow a connection from pool '"
                        + pool.name() + "' for a transaction: " + error.getMessage(), error))
                .flatMap(connection -> BoundSignals.fromFuture(pool, connection,
                                () -> connection.execute(TransactionStatements.begin(definition, timeout)))
                        .onErrorResume(error -> giveBack(connection).then(Mono.error(
                                new CannotCreateTransactionException("Could not begin a transaction on pool '"
                                        + pool.name() + "': " + error.getMessage(), error))))
                        // Cancelled between borrowing and binding: nobody else will give it back.
                        .doOnCancel(() -> giveBack(connection).subscribe())
                        .then(Mono.fromRunnable(() -> {
                            ConnectionHolder holder = new ConnectionHolder(pool, connection);
                            if (timeout > 0) {
                                holder.setTimeoutInSeconds(timeout);
                            }
                            synchronizationManager.bindResource(pool, holder);
                            tx.holder = holder;
                        })));
    }

    @Override
    protected Mono<Object> doSuspend(TransactionSynchronizationManager synchronizationManager, Object transaction) {
        ((ReactiveTransactionObject) transaction).holder = null;
        return Mono.justOrEmpty(synchronizationManager.unbindResource(pool));
    }

    @Override
    protected Mono<Void> doResume(TransactionSynchronizationManager synchronizationManager, Object transaction,
                                  Object suspendedResources) {
        return Mono.fromRunnable(() -> synchronizationManager.bindResource(pool, suspendedResources));
    }

    @Override
    protected Mono<Void> doCommit(TransactionSynchronizationManager synchronizationManager,
                                  GenericReactiveTransaction status) {
        ReactiveTransactionObject tx = (ReactiveTransactionObject) status.getTransaction();
        ConnectionHolder holder = tx.holder;
        if (tx.savepoint != null) {
            return run(holder, TransactionStatements.releaseSavepoint(tx.savepoint));
        }
        if (holder.isRollbackOnly()) {
            // A participating scope failed: its work must not be committed with the rest.
            return run(holder, "ROLLBACK").then(Mono.error(new UnexpectedRollbackException(
                    "Transaction rolled back because it has been marked as rollback-only")));
        }
        if (holder.hasTimeout() && holder.millisLeft() <= 0) {
            return run(holder, "ROLLBACK").then(Mono.error(TransactionalConnections.timedOut(holder)));
        }
        return run(holder, "COMMIT");
    }

    @Override
    protected Mono<Void> doRollback(TransactionSynchronizationManager synchronizationManager,
                                    GenericReactiveTransaction status) {
        ReactiveTransactionObject tx = (ReactiveTransactionObject) status.getTransaction();
        ConnectionHolder holder = tx.holder;
        if (tx.savepoint != null) {
            return run(holder, TransactionStatements.rollbackToSavepoint(tx.savepoint));
        }
        // A connection the server closed took its transaction with it: nothing to roll back, and the caller's own
        // error must not be replaced by "cannot run ROLLBACK".
        if (holder.connection().isClosed()) {
            return Mono.empty();
        }
        return run(holder, "ROLLBACK").onErrorResume(io.momoko.ConnectionClosedException.class, gone -> Mono.empty());
    }

    @Override
    protected Mono<Void> doSetRollbackOnly(TransactionSynchronizationManager synchronizationManager,
                                           GenericReactiveTransaction status) {
        return Mono.fromRunnable(() -> ((ReactiveTransactionObject) status.getTransaction()).holder.setRollbackOnly());
    }

    @Override
    protected Mono<Void> doCleanupAfterCompletion(TransactionSynchronizationManager synchronizationManager,
                                                  Object transaction) {
        ReactiveTransactionObject tx = (ReactiveTransactionObject) transaction;
        ConnectionHolder holder = tx.holder;
        if (tx.savepoint != null) {
            // A nested scope ended; the transaction and its connection carry on.
            tx.savepoint = null;
            return Mono.empty();
        }
        synchronizationManager.unbindResource(pool);
        tx.holder = null;
        return giveBack(holder.connection());
    }

    private Mono<Void> run(ConnectionHolder holder, String sql) {
        return BoundSignals.fromFuture(pool, holder.connection(), () -> holder.connection().execute(sql)).then();
    }

    /** Returns the connection; putConn's reset rolls back whatever is still open. Never fails the caller. */
    private Mono<Void> giveBack(Connection connection) {
        return Mono.fromFuture(() -> pool.putConn(connection)).onErrorResume(error -> {
            LOG.warn("Pool '" + pool.name() + "': returning a transaction's connection failed", error);
            return Mono.empty();
        });
    }

    @Override
    public String toString() {
        return "MomokoReactiveTransactionManager[pool " + pool.name() + "]";
    }

    /**
     * The state of one {@code getReactiveTransaction} call: the holder it found or bound, and for a nested scope
     * its savepoint (so that each scope ends its own, whatever order cancellations arrive in).
     */
    private static final class ReactiveTransactionObject {
        private ConnectionHolder holder;
        private String savepoint;

        ReactiveTransactionObject(ConnectionHolder holder) {
            this.holder = holder;
        }
    }
}
