package io.momoko.spring;

import io.momoko.Pool;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * Finds the connection a {@link MomokoReactiveTransactionManager} bound in the Reactor context. Only this class
 * touches spring-tx, and only when spring-tx is present, so {@link MomokoClient} works without it (always
 * outside a transaction then).
 */
final class TransactionalConnections {

    private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.reactive.TransactionSynchronizationManager",
            TransactionalConnections.class.getClassLoader());

    private TransactionalConnections() {
    }

    /** The holder bound for {@code pool} in the subscriber's context; empty outside a transaction of ours. */
    static Mono<ConnectionHolder> current(Pool pool) {
        return SPRING_TX_PRESENT ? SpringTx.current(pool) : Mono.empty();
    }

    /**
     * Spring's exception for a statement or commit past the transaction's deadline; called only for a holder,
     * which exists only when spring-tx is present.
     */
    static RuntimeException timedOut(ConnectionHolder holder) {
        return SpringTx.timedOut(holder);
    }

    /** Loaded only when spring-tx is present. */
    private static final class SpringTx {
        static Mono<ConnectionHolder> current(Pool pool) {
            return TransactionSynchronizationManager.forCurrentTransaction()
                    .flatMap(manager -> Mono.justOrEmpty((ConnectionHolder) manager.getResource(pool)))
                    .onErrorResume(NoTransactionException.class, none -> Mono.empty());
        }

        static RuntimeException timedOut(ConnectionHolder holder) {
            holder.setRollbackOnly();
            return new TransactionTimedOutException("Transaction on pool '" + holder.pool().name()
                    + "' timed out: its deadline passed " + -holder.millisLeft() + " ms ago");
        }
    }
}
