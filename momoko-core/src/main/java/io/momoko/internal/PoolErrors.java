package io.momoko.internal;

import io.momoko.AcquireTimeoutException;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.PoolClosedException;
import io.momoko.PoolOverloadedException;
import io.momoko.PoolStats;

/**
 * The engine's errors, each naming the pool, its state and the cause, so a user can debug from the
 * message alone (as HikariCP's do). Never a secret: the target is host, port, database and user.
 */
final class PoolErrors {

    private PoolErrors() {
    }

    static PoolClosedException closed(String pool) {
        return new PoolClosedException("Pool '" + pool + "' is closed", null);
    }

    static PoolOverloadedException overloaded(String pool, int maxWaiting, PoolStats stats) {
        return new PoolOverloadedException("Pool '" + pool + "' rejected a request: maxWaiting (" + maxWaiting
                + ") requests are already waiting; " + stats, null);
    }

    static AcquireTimeoutException timedOut(String pool, long timeoutMillis, PoolStats stats) {
        return new AcquireTimeoutException("Pool '" + pool + "': no connection available within " + timeoutMillis
                + " ms; " + stats, null);
    }

    static DatabaseNotAvailableException notAvailable(String pool, String target, PoolStats stats, Throwable cause) {
        return new DatabaseNotAvailableException("No database connection available (pool '" + pool + "' to " + target
                + "; " + stats + ")" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
