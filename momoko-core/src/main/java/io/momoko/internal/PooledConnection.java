package io.momoko.internal;

/**
 * A pool's bookkeeping for one open connection. Touched only on the pool's event loop.
 */
final class PooledConnection {

    final VertxConnection connection;
    final long createdNanos;
    /** When the connection is retired (next time it is free), {@code Long.MAX_VALUE} for never. */
    final long expiresNanos;
    long lastUsedNanos;
    long borrowedNanos;
    /** Pool-level statements in flight on it (more than one only with pipelining). */
    int statements;
    /** When its pool-level statements last made progress: it became busy with one, or answered one. */
    long progressNanos;
    /** Held by getConn, a transaction or withConnection: no other work may share it. */
    boolean exclusive;
    /** Where a getConn borrower took it, kept for leak warnings; {@code null} when not tracked. */
    Throwable borrowedAt;
    long leakTimer = -1;
    /** The first caller frame outside Momoko that borrowed it with getConn, or {@code null}. */
    String borrower;

    PooledConnection(VertxConnection connection, long createdNanos, long expiresNanos) {
        this.connection = connection;
        this.createdNanos = createdNanos;
        this.expiresNanos = expiresNanos;
        this.lastUsedNanos = createdNanos;
    }

    boolean isIdle() {
        return statements == 0 && !exclusive;
    }

    @Override
    public String toString() {
        return "PooledConnection[" + connection + ", statements=" + statements + ", exclusive=" + exclusive + "]";
    }
}
