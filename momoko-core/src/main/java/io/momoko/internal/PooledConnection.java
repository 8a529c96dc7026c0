package io.momoko.internal;

/**
 * A pool's bookkeeping for one open connection (HikariCP's {@code PoolEntry}). Touched only on the pool's
 * context.
 */
final class PooledConnection {

    final PoolConnection connection;
    /** When the connection is retired (next time it is free), {@code Long.MAX_VALUE} for never. */
    /** When it is retired on its next return; moved to now when the pool must renew every connection. */
    long expiresNanos;
    long lastUsedNanos;
    long borrowedNanos;
    /** Pool-level statements in flight on it (more than one only with pipelining). */
    int statements;
    /** Of those, the ones whose template is new or slow ({@link Sharing#UNSURE}): while any runs, nobody joins. */
    int unsure;
    /** When its pool-level statements last made progress: it became busy with one, or answered one. */
    long progressNanos;
    /** Held by getConn, a transaction or withConnection: no other work may share it. */
    boolean exclusive;
    /** What the leak tracker keeps for this borrow; {@code null} when not tracked. */
    LeakTracker.Lease lease;

    PooledConnection(PoolConnection connection, long createdNanos, long expiresNanos) {
        this.connection = connection;
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
