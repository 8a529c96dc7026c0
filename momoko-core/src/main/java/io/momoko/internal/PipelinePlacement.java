package io.momoko.internal;

/**
 * Where a pool-level statement goes when pipelining is on: onto a connection already running short statements
 * that has room for one more (the last one joined tried first), or a connection of its own.
 *
 * <p>Short statements are packed onto as few connections as their limit allows (as Vert.x's pipelined client
 * does): responses then arrive several per read, and each server process answers several per wake-up, which
 * on a loaded machine buys more than spreading them out.
 *
 * <p>Packing must never cost the pool its parallelism: a statement waits behind those ahead of it on its
 * connection, so only statements whose template is known to be short ({@link Sharing#SHORT},
 * {@link TemplateLatency}) join a busy connection, and only one that runs nothing else. A template's first
 * runs and known slow ones ({@link Sharing#UNSURE}) take a free connection or open one; they join a busy
 * connection only when the pool is at {@code maxSize} with nothing free, and nothing joins them. So N slow
 * statements on a pool that has (or may open) N connections run side by side. A connection that has answered
 * nothing for {@link #STALL_NANOS} (a short template that is slow this time) is not joined either.
 *
 * <p>Per statement, results and errors are unaffected by the neighbours: each is its own Bind/Execute/Sync
 * (Vert.x sends one Sync per query), so a failure rolls back only its own implicit transaction.
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
     * @param busy      the connections in use
     * @param atMaxSize whether the pool can neither hand out a free connection nor open one
     * @return the connection, or {@code null} to take a free one (or open one, or wait)
     */
    PooledConnection joinable(Sharing sharing, Iterable<PooledConnection> busy, boolean atMaxSize, long nowNanos) {
        if (pipelining <= 1 || !mayJoin(sharing, atMaxSize)) {
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

    /** Whether a connection that just answered one of its statements may take {@code sharing}'s request now. */
    boolean canTakeOnAnswer(PooledConnection pooled, Sharing sharing, boolean atMaxSize) {
        return mayJoin(sharing, atMaxSize) && hasRoom(pooled);
    }

    private static boolean mayJoin(Sharing sharing, boolean atMaxSize) {
        return sharing == Sharing.SHORT || sharing == Sharing.UNSURE && atMaxSize;
    }

    private boolean hasRoom(PooledConnection pooled) {
        return pipelining > 1 && !pooled.exclusive && pooled.unsure == 0 && pooled.statements < pipelining
                && !pooled.connection.isClosed();
    }

    private boolean canJoin(PooledConnection pooled, long nowNanos) {
        return pooled.statements > 0 && hasRoom(pooled) && nowNanos - pooled.progressNanos < STALL_NANOS;
    }
}
