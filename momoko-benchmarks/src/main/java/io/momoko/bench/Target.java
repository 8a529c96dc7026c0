package io.momoko.bench;

import java.util.concurrent.CompletionStage;

/** One system under test: runs one operation of a workload for a key, asynchronously. */
interface Target extends AutoCloseable {

    /** The name in the results, for example {@code momoko} or {@code hikari-virtual}. */
    String name();

    /** Starts one operation; blocking systems run it on their own threads. */
    CompletionStage<?> run(Workload workload, int key);

    /** Whether this system can run the workload. */
    default boolean supports(Workload workload) {
        return true;
    }

    @Override
    void close() throws Exception;
}
