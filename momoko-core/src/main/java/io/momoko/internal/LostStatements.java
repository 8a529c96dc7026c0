package io.momoko.internal;

import io.momoko.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * Noticing a pooler in front of the server that moves server connections between transactions (PgBouncer in
 * transaction mode) while the pool caches prepared statements: a statement the pool prepared is missing (26000) or
 * already there under its name (42P05). Neither ran anything (the Parse or Bind failed), so the statement may be
 * tried again. The first time, the pool switches to unnamed statements for good, warns once naming the setting,
 * and renews every connection.
 */
final class LostStatements {

    private static final Logger LOG = LoggerFactory.getLogger(io.momoko.Pool.class);

    /**
     * The driver's own statements: unnamed, or named by Vert.x's hex counter. A user's {@code EXECUTE foo} of a
     * statement never prepared fails with 26000 too, and must not switch anything.
     */
    private static final Pattern DRIVER_STATEMENT = Pattern.compile(
            "unnamed prepared statement does not exist|prepared statement \"[0-9A-F]+\" (does not|already) exists?");

    private final Connector connector;
    private final Maintenance maintenance;
    private final String poolName;

    LostStatements(Connector connector, Maintenance maintenance, String poolName) {
        this.connector = connector;
        this.maintenance = maintenance;
        this.poolName = poolName;
    }

    /**
     * Tells whether a failure is a statement the pool prepared and the server no longer (or already) has, and
     * switches the pool to unnamed statements the first time.
     *
     * @param cause what the statement failed with, or {@code null}
     * @return whether the statement did not run and may run again on a fresh connection
     */
    boolean noticed(Throwable cause) {
        if (!(cause instanceof DatabaseException database)
                || !("26000".equals(database.sqlState()) || "42P05".equals(database.sqlState()))
                || database.serverMessage() == null || !DRIVER_STATEMENT.matcher(database.serverMessage()).find()) {
            return false;
        }
        if (connector.switchToUnnamedStatements()) {
            LOG.warn("Pool '{}': the server lost a prepared statement this pool made (SQLSTATE {}): a pooler such as "
                    + "PgBouncer in transaction mode is in front of it; switching to PgBouncer-safe statements "
                    + "(unnamed, as statementCacheSize 0) and renewing every connection. Set momoko.pool.pgbouncer=true "
                    + "(Pool.Builder.pgbouncer(true)) to start that way", poolName, database.sqlState());
            maintenance.retireAll();
        }
        return true;
    }
}
