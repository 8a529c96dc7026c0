package io.momoko.metrics;

/**
 * Watches each statement a pool runs, from start to end: what a tracing bridge needs to make one span per
 * statement (the Spring Boot starter adapts it to Micrometer's {@code Observation}). The start is reported on the
 * caller's thread, so the observer can find the caller's current span there; the end on the pool's event loop.
 * The statement's SQL is the template with its placeholders; parameter values are never reported.
 */
@FunctionalInterface
public interface StatementObserver {

    /** Observes nothing, at no cost per statement. */
    StatementObserver NONE = statement -> Observation.NONE;

    /**
     * A statement starts.
     *
     * @param statement what runs, and where
     * @return what to tell when it ends; never {@code null}
     */
    Observation started(ObservedStatement statement);

    /** One statement being observed. */
    @FunctionalInterface
    interface Observation {

        /** Nothing to tell. */
        Observation NONE = error -> { };

        /**
         * The statement ended.
         *
         * @param error why it failed, or {@code null} when it succeeded
         */
        void finished(Throwable error);
    }
}
