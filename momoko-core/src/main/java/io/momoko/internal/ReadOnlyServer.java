package io.momoko.internal;

import io.momoko.DatabaseException;
import io.momoko.TargetSessionAttrs;

/**
 * A server that refuses writes (25006, read-only transaction) while the pool asked for one that takes them
 * ({@code target_session_attrs=read-write} or {@code primary}): a former primary back as a standby, or a primary an
 * operator made read-only. Connections to it are retired, pool-level or borrowed, so that new ones find the server
 * that takes writes; the refused statement did not run.
 */
final class ReadOnlyServer {

    private ReadOnlyServer() {
    }

    /**
     * Tells whether a failure is such a refusal.
     *
     * @param settings the pool's settings (what it wants of a server)
     * @param cause what a statement failed with, or {@code null}
     * @return whether the connection is to be retired
     */
    static boolean refusedWrite(PoolSettings settings, Throwable cause) {
        TargetSessionAttrs wanted = settings.connectOptions().targetSessionAttrs();
        return cause instanceof DatabaseException database && "25006".equals(database.sqlState())
                && (wanted == TargetSessionAttrs.READ_WRITE || wanted == TargetSessionAttrs.PRIMARY);
    }
}
