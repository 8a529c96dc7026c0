package io.momoko.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** Platform or virtual threads; this module compiles for 17, so virtual threads are reached by reflection. */
final class Threads {

    private Threads() {
    }

    /** Whether this JDK has virtual threads. */
    static boolean virtualAvailable() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static ThreadFactory factory(boolean virtual) {
        if (!virtual) {
            return runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                return thread;
            };
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or newer", e);
        }
    }

    /** One operation of a blocking system run on {@code executor}, for callers that need a future (the open loop). */
    static java.util.concurrent.CompletableFuture<Integer> supply(Target.Blocking blocking, Workload workload, int key,
                                                                  ExecutorService executor) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return blocking.call(workload, key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    /** An executor of {@code n} platform threads, or one virtual thread per task. */
    static ExecutorService executor(boolean virtual, int n) {
        if (!virtual) {
            return Executors.newFixedThreadPool(n, factory(false));
        }
        try {
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory(true));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or newer", e);
        }
    }
}
