package io.momoko.internal;

/**
 * Statements the server refused before running them in a way that condemns the connection: a server that no
 * longer takes writes ({@link ReadOnlyServer}) or a pooler that lost the pool's prepared statements
 * ({@link LostStatements}). One rule for pool-level statements (retried once on a fresh connection) and borrowed
 * connections (retired when given back; the borrower gets the error).
 */
final class Refusals {

    private final PoolSettings settings;
    private final LostStatements lostStatements;

    Refusals(PoolSettings settings, LostStatements lostStatements) {
        this.settings = settings;
        this.lostStatements = lostStatements;
    }

    /**
     * Tells whether a failure condemns its connection (and, the first time statements are lost, switches the pool).
     *
     * @param cause what a statement failed with, or {@code null}
     * @return whether the connection must not serve again; the statement did not run
     */
    boolean retire(Throwable cause) {
        return ReadOnlyServer.refusedWrite(settings, cause) || lostStatements.noticed(cause);
    }
}
