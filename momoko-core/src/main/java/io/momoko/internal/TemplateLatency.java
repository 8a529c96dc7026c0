package io.momoko.internal;

/**
 * How long one SQL template takes the server to answer, as the pool has seen it: what lets pipelining pack
 * only statements known to be short ({@link Sharing#SHORT}). Written on the pool's context when a statement
 * is released; read from any thread when the next one is placed (a stale read only delays a change by one
 * statement).
 *
 * <p>The estimate rises at once to a slower sample and falls back a quarter of the way per faster one: one
 * slow run keeps a template off shared connections at once, while a template that is slow only now and then
 * (a lock wait) drifts back after a few quick runs.
 */
final class TemplateLatency {

    /**
     * Service times below this are short enough to queue others behind. A primary-key lookup is served in
     * tens of microseconds; the margin covers a loaded machine, whose answers arrive late alike.
     */
    static final long SHORT_NANOS = 2_000_000;
    /** Runs measured before a template may share: a first run says nothing of the next. */
    static final int RUNS_BEFORE_SHARING = 2;

    private volatile long estimateNanos;
    private volatile int runs;

    /** Whether statements of this template may be packed behind others and others behind them. */
    boolean isShort() {
        return runs >= RUNS_BEFORE_SHARING && estimateNanos < SHORT_NANOS;
    }

    /** Records one statement's own time on the server (not the time it queued behind others); context only. */
    void record(long serviceNanos) {
        long estimate = estimateNanos;
        estimateNanos = runs == 0 || serviceNanos >= estimate ? serviceNanos : estimate - (estimate - serviceNanos) / 4;
        if (runs < RUNS_BEFORE_SHARING) {
            runs++;
        }
    }

    @Override
    public String toString() {
        return "TemplateLatency[" + estimateNanos / 1000 + " us, " + runs + " runs]";
    }
}
