package io.momoko.internal;

/**
 * The one thread that owns a pool's state, and the pool's only source of time.
 *
 * <p>Every state change of the engine runs here: {@link #execute(Runnable)} hops onto it from another thread,
 * and runs inline when already on it. Time is read only through {@link #nanoTime()} and timers are set only
 * through this interface (as HikariCP reads time only through its {@code ClockSource}), so the engine's
 * tests can drive a fake context whose clock moves only when the test says.
 */
interface PoolContext {

    /** Tells whether the calling thread is the pool's. */
    boolean inContext();

    /** Runs {@code task} on the pool's thread: inline when already there, else queued. */
    void execute(Runnable task);

    /** The current time in nanoseconds, for intervals only. */
    long nanoTime();

    /**
     * Runs {@code task} on the pool's thread once, after {@code delayMillis}.
     *
     * @return the timer's id, for {@link #cancelTimer(long)}
     */
    long setTimer(long delayMillis, Runnable task);

    /**
     * Runs {@code task} on the pool's thread every {@code periodMillis}.
     *
     * @return the timer's id, for {@link #cancelTimer(long)}
     */
    long setPeriodic(long periodMillis, Runnable task);

    /** Cancels a timer; nothing happens for one that has fired or was cancelled. */
    void cancelTimer(long id);
}
