package io.momoko.internal;

/**
 * How a request may use a connection: alone, or sharing it with other pool-level statements (pipelining).
 * Decided per request by {@link PooledStatements} from the statement's session effects and its template's
 * {@link TemplateLatency}; {@link PipelinePlacement} acts on it.
 */
enum Sharing {

    /** Transactions, batches, {@code getConn}, and statements that change their session: nobody joins them. */
    EXCLUSIVE,
    /**
     * A pool-level statement whose template is new or known to be slow: a free connection first, else a new one
     * up to {@code maxSize}; it joins a busy connection only when the pool can do neither, and then only one
     * running nothing but short statements. Nothing joins a connection while it runs.
     */
    UNSURE,
    /** A pool-level statement whose template is known to answer quickly: packed onto a busy connection first. */
    SHORT;

    boolean shared() {
        return this != EXCLUSIVE;
    }
}
