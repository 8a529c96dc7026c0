package io.momoko.internal;

import io.momoko.PoolStats;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The numbers {@code stats()} reads from any thread, written on the pool's context after each change.
 * Plain writes, then one release store: a reader that acquires it sees these numbers (or later ones), and on
 * x86 it costs no fence, unlike five volatile writes at every acquire and release. Five separate reads may
 * mix two moments, which a monitoring number can afford.
 */
final class PoolNumbers {

    private final String name;
    private final int size;
    private final int maxSize;
    private int free;
    private int busy;
    private int dead;
    private int pending;
    private int waiting;
    private final AtomicInteger publication = new AtomicInteger();

    PoolNumbers(String name, int size, int maxSize) {
        this.name = name;
        this.size = size;
        this.maxSize = maxSize;
    }

    /** Called on the pool's context only. */
    void publish(int free, int busy, int dead, int pending, int waiting) {
        this.free = free;
        this.busy = busy;
        this.dead = dead;
        this.pending = pending;
        this.waiting = waiting;
        publication.lazySet(publication.get() + 1);
    }

    /** The last published numbers; safe from any thread. */
    PoolStats read() {
        // Not dead code: this volatile read pairs with publish()'s release store, so the plain reads below see
        // the numbers as of the last publication (or later) from any thread.
        publication.get();
        return new PoolStats(name, size, maxSize, free, busy, dead, pending, waiting);
    }
}
