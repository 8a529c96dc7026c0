package io.momoko.internal;

import io.momoko.internal.sql.SessionEffects;

import io.momoko.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Pool-level statements never leave state behind: after work whose {@link SessionEffects} are not clean,
 * the connection is reset (a transaction left open is rolled back) or, when no reset can undo it, closed,
 * before anyone else gets it. Clean work pays nothing. Use {@code getConn} for work that needs session state.
 */
final class SessionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private final Connector connector;
    private final String poolName;

    SessionGuard(Connector connector, String poolName) {
        this.connector = connector;
        this.poolName = poolName;
    }

    /**
     * Makes the connection fit for the next user after {@code sql}.
     *
     * @return completes when the connection may be released (a failed reset closes it)
     */
    CompletableFuture<Void> restore(PoolConnection connection, SessionEffects effects, String sql) {
        if (effects.clean() || connection.isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        String statement = Errors.describe(sql);
        if (effects.retire) {
            LOG.warn("Pool '{}': {} left state on its connection that no reset can undo; the connection is closed "
                    + "(use getConn for session work)", poolName, statement);
            connection.close();
            return CompletableFuture.completedFuture(null);
        }
        if (effects.transaction == SessionEffects.Transaction.OPENED) {
            LOG.warn("Pool '{}': {} left a transaction open; it was rolled back before the connection was reused "
                    + "(use transaction(...), inTransaction(...) or getConn for transactions)", poolName, statement);
        } else {
            LOG.warn("Pool '{}': {} changed session state; the connection was reset before reuse (use getConn for "
                    + "session work)", poolName, statement);
        }
        return reset(connection);
    }

    /** Undoes everything a borrower may have left; a connection that cannot be reset is closed. */
    CompletableFuture<Void> reset(PoolConnection connection) {
        return connector.reset(connection).handle((ignored, error) -> {
            if (error != null) {
                LOG.debug("Pool '{}': resetting a connection failed, closing it: {}", poolName,
                        Errors.unwrap(error).getMessage());
                connection.close();
            }
            return null;
        });
    }
}
