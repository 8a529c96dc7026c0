package io.momoko.internal;

import io.momoko.ConnectionBinding;
import io.momoko.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The safety net for {@code @Transactional} code that calls the plain pool: such a statement borrows a connection
 * of its own and runs outside the transaction bound to the thread, which is almost never what was meant (a debit
 * rolled back, its credit committed). Said once per pool, in the log: the check is one thread-local read, and
 * nothing at all until a transaction manager has bound a connection.
 */
final class OutsideTransactionWarning {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final Pool pool;
    private final AtomicBoolean warned = new AtomicBoolean();

    OutsideTransactionWarning(Pool pool) {
        this.pool = pool;
    }

    /** Warns, the first time only, when a transaction of this pool is bound to the calling thread. */
    void check(String what) {
        if (!warned.get() && ConnectionBinding.current(pool) != null && warned.compareAndSet(false, true)) {
            LOG.warn("Pool '{}': {} was called on the pool while a transaction of this pool is bound to the thread "
                    + "(@Transactional); it borrows a connection of its own and runs OUTSIDE that transaction, so it "
                    + "is neither rolled back nor isolated with it. Inside the transaction use pool.blocking() (blocking "
                    + "code) or MomokoClient (Reactor). Said once per pool.", pool.name(), what,
                    new IllegalStateException("called here"));
        }
    }
}
