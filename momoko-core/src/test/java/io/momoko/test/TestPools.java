package io.momoko.test;

import io.momoko.ConnectOptions;
import io.momoko.Pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Pool builders with a name no other pool in the test run has, also sent to the server as the
 * application name, so that a test can find its own pool's sessions ({@link PgActivity}) and tell its log
 * lines from another test's.
 */
public final class TestPools {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestPools() {
    }

    /**
     * Returns a name no other call in this JVM returns: {@code prefix-<n>-<time>}.
     *
     * @param prefix what the name starts with, e.g. the test class's subject
     * @return the name
     */
    public static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * Returns a builder for a pool with a unique name, connecting with {@code options} under that name as
     * the application name.
     *
     * @param prefix what the name starts with
     * @param options where to connect
     * @return the builder
     */
    public static Pool.Builder builder(String prefix, ConnectOptions options) {
        String name = uniqueName(prefix);
        return Pool.builder().name(name).connectOptions(options.toBuilder().applicationName(name).build());
    }
}
