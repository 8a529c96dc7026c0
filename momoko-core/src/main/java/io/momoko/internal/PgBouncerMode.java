package io.momoko.internal;

import io.momoko.internal.sql.SessionEffects;

import io.momoko.ProgrammingException;

/**
 * What a pool set for PgBouncer in transaction mode ({@code pgbouncer=true}) refuses: statements that leave
 * session state ({@code SET} without {@code LOCAL}, {@code LISTEN}, temporary tables, {@code PREPARE}...), on
 * pool-level statements and borrowed connections alike. PgBouncer gives each transaction whichever server
 * connection is free, so that state would stay behind for another client.
 */
final class PgBouncerMode {

    private PgBouncerMode() {
    }

    /**
     * Checks a statement.
     *
     * @param settings the pool's settings
     * @param sql the statement
     * @return the error to fail it with, or {@code null} when it may run
     */
    static ProgrammingException refusal(PoolSettings settings, String sql) {
        if (!settings.pgbouncer()) {
            return null;
        }
        SessionEffects effects = SessionEffects.of(sql);
        if (!effects.session && !effects.retire) {
            return null;
        }
        return new ProgrammingException("Pool '" + settings.name() + "' is set for PgBouncer (pgbouncer=true): "
                + Errors.describe(sql) + " would leave session state on a server connection that another client "
                + "gets next; use SET LOCAL inside a transaction, or settings per role (ALTER ROLE ... SET)");
    }
}
