package io.momoko.internal;

/**
 * Where a pool-level statement goes when pipelining is on: onto a connection already running single
 * statements that has room for one more, the last one joined tried first.
 *
 * <p>Statements are packed onto as few connections as their limit allows (as Vert.x's pipelined client
 * does): responses then arrive several per read, and each server process answers several per wake-up, which
 * on a loaded machine buys more than spreading them out. Another connection is taken or opened only when
 * every one in use is full or stalled.
 *
 * <p>A statement waits behind those ahead of it on its connection, so a connection that has answered
 * nothing for {@link #STALL_NANOS} (busy with something slow) is not joined: unlike Vert.x's client, one
 * long query does not hold up the short ones queued behind it while other connections are idle.
 */
final class PipelinePlacement {

    /**
     * How long a connection running pipelined statements may go without answering one before new
     * statements stop joining it. A healthy connection under load answers every few tens of microseconds;
     * the margin covers an event loop that is itself saturated, which delays every answer alike.
     */
    static final long STALL_NANOS = 5_000_000;

    private final int pipelining;
    /** The connection the last pipelined statement joined, tried first by the next one. */
    private PooledConnection lastJoined;

    PipelinePlacement(int pipelining) {
        this.pipelining = pipelining;
    }

    /**
     * A busy connection a new pool-level statement may join now.
     *
     * @param busy the connections in use
     * @return the connection, or {@code null} to take a free one (or open one, or wait)
     */
    PooledConnection joinable(Iterable<PooledConnection> busy, long nowNanos) {
        if (pipelining <= 1) {
            return null;
        }
        PooledConnection last = lastJoined;
        if (last != null && canJoin(last, nowNanos)) {
            return last;
        }
        for (PooledConnection pooled : busy) {
            if (canJoin(pooled, nowNanos)) {
                lastJoined = pooled;
                return pooled;
            }
        }
        return null;
    }

    /** Whether a connection still running statements may take a waiting one as soon as it answers one. */
    boolean hasRoom(PooledConnection pooled) {
        return pipelining > 1 && !pooled.exclusive && pooled.statements < pipelining && !pooled.connection.isClosed();
    }

    private boolean canJoin(PooledConnection pooled, long nowNanos) {
        return pooled.statements > 0 && hasRoom(pooled) && nowNanos - pooled.progressNanos < STALL_NANOS;
    }
}
