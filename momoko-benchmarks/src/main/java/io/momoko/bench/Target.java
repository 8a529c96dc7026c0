package io.momoko.bench;

import java.util.concurrent.CompletionStage;

/**
 * One system under test. Every operation reads every column of every row into the {@link Sink} and reports the
 * number of rows it read (or updated), which the loop checks against {@link Workload#expectedRows}.
 */
interface Target extends AutoCloseable {

    /** The name in the results, for example {@code momoko} or {@code hikari-virtual}. */
    String name();

    /**
     * Starts one operation asynchronously (asynchronous systems).
     *
     * @return the rows read or updated
     */
    CompletionStage<Integer> run(Workload workload, int key);

    /**
     * Whether the system is driven as its users drive it: {@code null} for an asynchronous one (callers chain
     * {@link #run}), else a blocking one looped synchronously by this many threads of the given kind.
     */
    default Blocking blocking() {
        return null;
    }

    @Override
    void close() throws Exception;

    /** A system used from threads that wait: each of {@code concurrency} threads loops {@link #call}. */
    interface Blocking {
        /** Runs one operation on the calling thread; returns the rows read or updated. */
        int call(Workload workload, int key) throws Exception;

        /** Virtual threads rather than platform threads. */
        boolean virtualThreads();
    }
}
