package io.momoko.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link PoolContext} for engine tests: the test's own thread is the pool's, and time moves only when the
 * test calls {@link #advance(Duration)}, which fires due timers in order. Deterministic and instant.
 */
final class FakePoolContext implements PoolContext {

    private record Timer(long id, long dueNanos, long periodNanos, Runnable task) {
    }

    private final Thread owner = Thread.currentThread();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::id));
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private long now = 1_000_000_000_000L;
    private long nextId;

    @Override
    public boolean inContext() {
        return Thread.currentThread() == owner;
    }

    @Override
    public void execute(Runnable task) {
        if (inContext()) {
            task.run();
        } else {
            synchronized (queued) {
                queued.add(task);
            }
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        Timer timer = new Timer(nextId++, now + Math.max(1, delayMillis) * 1_000_000, 0, task);
        timers.add(timer);
        return timer.id();
    }

    @Override
    public long setPeriodic(long periodMillis, Runnable task) {
        long period = Math.max(1, periodMillis) * 1_000_000;
        Timer timer = new Timer(nextId++, now + period, period, task);
        timers.add(timer);
        return timer.id();
    }

    @Override
    public void cancelTimer(long id) {
        timers.removeIf(timer -> timer.id() == id);
    }

    /** Moves time forward, firing every timer that falls due on the way, in order. */
    void advance(Duration duration) {
        long target = now + duration.toNanos();
        for (Timer next = timers.peek(); next != null && next.dueNanos() <= target; next = timers.peek()) {
            timers.poll();
            now = next.dueNanos();
            if (next.periodNanos() > 0) {
                timers.add(new Timer(next.id(), now + next.periodNanos(), next.periodNanos(), next.task()));
            }
            next.task().run();
        }
        now = target;
        runQueued();
    }

    /** Runs tasks handed over from other threads. */
    void runQueued() {
        while (true) {
            Runnable task;
            synchronized (queued) {
                task = queued.poll();
            }
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    int pendingTimers() {
        return timers.size();
    }
}
