package io.momoko.internal;

import io.momoko.PoolStats;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Momoko's five groups of connections (free, busy, dead, pending, waiting) and the outbox of answers owed to
 * callers. Owned by the pool's context: it is changed only by the engine's transitions ({@link PoolEngine},
 * {@link ConnectionOpener}, {@link Maintenance}, {@link Shutdown}), each of which ends with {@link #settle()}.
 */
final class PoolState {

    /** Free connections, most recently used on top (LIFO keeps the warm ones warm and lets the rest shrink). */
    final ArrayDeque<PooledConnection> free = new ArrayDeque<>();
    /** Identity-based and open-addressed: adding and removing a connection allocates nothing. */
    final Set<PooledConnection> busy = Collections.newSetFromMap(new IdentityHashMap<>());
    final DeadSlots dead;
    final WaiterQueue waiters = new WaiterQueue();
    /** Connections being opened. */
    int pending;
    final Answers answers = new Answers();
    private final PoolNumbers numbers;
    private final PoolSettings settings;

    PoolState(PoolSettings settings) {
        this.settings = settings;
        this.dead = new DeadSlots(settings.reconnectInterval().toNanos());
        this.numbers = new PoolNumbers(settings.name(), settings.size(), settings.maxSize());
    }

    /** Every slot, live or not: what counts against {@code maxSize}. */
    int total() {
        return free.size() + busy.size() + dead.size() + pending;
    }

    /** Whether nothing could ever serve a waiter: no connection free, busy or being opened. */
    boolean nothingLive() {
        return free.isEmpty() && busy.isEmpty() && pending == 0;
    }

    /**
     * Ends a transition: publishes the numbers for {@code stats()}, then delivers the answers it queued (whose
     * code may call back into the pool and find it consistent).
     */
    void settle() {
        numbers.publish(free.size(), busy.size(), dead.size(), pending, waiters.size());
        answers.deliver();
    }

    /** The numbers now, for messages; on the context only. */
    PoolStats now() {
        return new PoolStats(settings.name(), settings.size(), settings.maxSize(), free.size(), busy.size(),
                dead.size(), pending, waiters.size());
    }

    /** The last published numbers; from any thread. */
    PoolStats published() {
        return numbers.read();
    }
}
