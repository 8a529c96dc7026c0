package io.momoko.spring;

import org.springframework.transaction.TransactionDefinition;

/**
 * The PostgreSQL statements behind a Spring transaction definition: isolation level and read-only go into
 * {@code BEGIN}; the timeout becomes {@code SET LOCAL statement_timeout} in the same round trip, so that no
 * statement of the transaction runs longer than the whole transaction may (the managers also refuse to commit
 * after the deadline).
 */
final class TransactionStatements {

    private TransactionStatements() {
    }

    /** One simple-protocol string that opens the transaction as {@code definition} asks. */
    static String begin(TransactionDefinition definition, int timeoutSeconds) {
        StringBuilder sql = new StringBuilder("BEGIN");
        String isolation = isolation(definition.getIsolationLevel());
        if (isolation != null) {
            sql.append(" ISOLATION LEVEL ").append(isolation);
        }
        if (definition.isReadOnly()) {
            sql.append(isolation != null ? ", READ ONLY" : " READ ONLY");
        }
        if (timeoutSeconds > 0) {
            sql.append("; SET LOCAL statement_timeout = ").append(timeoutSeconds * 1000L);
        }
        return sql.toString();
    }

    private static String isolation(int level) {
        return switch (level) {
            case TransactionDefinition.ISOLATION_DEFAULT -> null;
            case TransactionDefinition.ISOLATION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case TransactionDefinition.ISOLATION_READ_COMMITTED -> "READ COMMITTED";
            case TransactionDefinition.ISOLATION_REPEATABLE_READ -> "REPEATABLE READ";
            case TransactionDefinition.ISOLATION_SERIALIZABLE -> "SERIALIZABLE";
            default -> throw new IllegalArgumentException("Unknown isolation level " + level);
        };
    }

    static String savepoint(String name) {
        return "SAVEPOINT " + name;
    }

    static String releaseSavepoint(String name) {
        return "RELEASE SAVEPOINT " + name;
    }

    static String rollbackToSavepoint(String name) {
        return "ROLLBACK TO SAVEPOINT " + name;
    }
}
