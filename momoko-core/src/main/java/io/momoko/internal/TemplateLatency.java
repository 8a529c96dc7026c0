package io.momoko.internal;

/**
 * How long one SQL template takes the server to answer, as the pool has seen it: what lets pipelining pack
 * only statements known to be short ({@link Sharing#SHORT}). Written on the pool's context when a statement
 * is released; read from any thread when the next one is placed (a stale read only delays a change by one
 * statement).
 *
 * <p>The estimate moves a quarter of the way towards each sample, except that a clearly slow sample
 * ({@link #SLOW_NANOS}) sets it at once: one {@code pg_sleep} keeps its template off shared connections from
 * the next run on, while the few milliseconds a saturated event loop adds to every answer do not switch
 * pipelining off when it is most needed (an earlier rule, rise at once to any slower sample, did that: at 256
 * callers on 2 cores a pk lookup's template flipped to unsure and throughput fell below pipelining 1's).
 */
final class TemplateLatency {

    /**
     * Estimates below this are short enough to queue others behind. A primary-key lookup is served in tens of
     * microseconds; the margin covers a loaded machine, whose event loop delays every answer alike.
     */
    static final long SHORT_NANOS = 10_000_000;
    /** A sample this slow is taken at once, not averaged in. */
    static final long SLOW_NANOS = 50_000_000;
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
        estimateNanos = runs == 0 || serviceNanos >= SLOW_NANOS ? serviceNanos : estimate + (serviceNanos - estimate) / 4;
        if (runs < RUNS_BEFORE_SHARING) {
            runs++;
        }
    }

    @Override
    public String toString() {
        return "TemplateLatency[" + estimateNanos / 1000 + " us, " + runs + " runs]";
    }
}
