package io.momoko.internal;

/**
 * Receives the connection a request asked for, or why there is none. Called once, on the pool's context,
 * after the pool's numbers are published ({@link Answers}); it may call back into the pool.
 */
@FunctionalInterface
interface Grant {
    void granted(PooledConnection pooled, Throwable error);
}
