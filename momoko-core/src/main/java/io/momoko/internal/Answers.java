package io.momoko.internal;

import io.momoko.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's outbox: answers to requests, and callers' follow-ups, held until the state change that
 * produced them is complete and its numbers are published, then delivered in order.
 *
 * <p>This is the engine's one ordering rule made structure (Vert.x's {@code SimpleConnectionPool} returns a
 * task from each action for the same reason): delivering an answer runs the borrower's code inline, which
 * may call back into the pool, so it must find the pool consistent and {@code stats()} up to date. State
 * changes only {@link #grant}, {@link #fail} or {@link #then}; {@link PoolEngine#settle()} publishes and
 * then calls {@link #deliver()}. A delivery that changes the pool again settles again; its answers join
 * this queue and the outer delivery loop runs them, so the stack does not grow with the queue.
 *
 * <p>Parallel arrays used as a ring: queueing an answer allocates nothing once the arrays have grown.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    private Grant[] grants = new Grant[16];
    private PooledConnection[] connections = new PooledConnection[16];
    private Throwable[] errors = new Throwable[16];
    private Runnable[] followUps = new Runnable[16];
    private int head;
    private int count;
    private boolean delivering;

    /** Queues a connection for a request. */
    void grant(Grant grant, PooledConnection pooled) {
        add(grant, pooled, null, null);
    }

    /** Queues a request's failure. */
    void fail(Grant grant, Throwable error) {
        add(grant, null, error, null);
    }

    /** Queues a caller's follow-up (completing its future once a release is published). */
    void then(Runnable followUp) {
        add(null, null, null, followUp);
    }

    boolean isEmpty() {
        return count == 0;
    }

    private void add(Grant grant, PooledConnection pooled, Throwable error, Runnable followUp) {
        if (count == grants.length) {
            grow();
        }
        int slot = (head + count) & (grants.length - 1);
        grants[slot] = grant;
        connections[slot] = pooled;
        errors[slot] = error;
        followUps[slot] = followUp;
        count++;
    }

    /** Runs the queued answers in order; a nested call (from an answer's own code) leaves them to this loop. */
    void deliver() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            while (count > 0) {
                int slot = head;
                Grant grant = grants[slot];
                PooledConnection pooled = connections[slot];
                Throwable error = errors[slot];
                Runnable followUp = followUps[slot];
                grants[slot] = null;
                connections[slot] = null;
                errors[slot] = null;
                followUps[slot] = null;
                head = (head + 1) & (grants.length - 1);
                count--;
                try {
                    if (followUp != null) {
                        followUp.run();
                    } else {
                        grant.granted(pooled, error);
                    }
                } catch (Throwable e) {
                    // One caller's failure must not stop the answers queued behind it.
                    LOG.error("An answer of the pool threw; the answers after it are still delivered", e);
                }
            }
        } finally {
            delivering = false;
        }
    }

    private void grow() {
        int length = grants.length;
        Grant[] newGrants = new Grant[length * 2];
        PooledConnection[] newConnections = new PooledConnection[length * 2];
        Throwable[] newErrors = new Throwable[length * 2];
        Runnable[] newFollowUps = new Runnable[length * 2];
        for (int i = 0; i < count; i++) {
            int slot = (head + i) & (length - 1);
            newGrants[i] = grants[slot];
            newConnections[i] = connections[slot];
            newErrors[i] = errors[slot];
            newFollowUps[i] = followUps[slot];
        }
        grants = newGrants;
        connections = newConnections;
        errors = newErrors;
        followUps = newFollowUps;
        head = 0;
    }
}
