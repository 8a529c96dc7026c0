package io.momoko.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance behind connections and pools that were not given one. It is created when the first
 * user acquires it and closed when the last one releases it, so a program that closes what it opened exits
 * normally (Vert.x's event-loop threads are not daemons).
 */
final class SharedVertx {

    private static Vertx instance;
    private static int users;

    private SharedVertx() {
    }

    /**
     * Returns the shared instance, creating it if needed, and counts one more user.
     *
     * @return the instance
     */
    public static synchronized Vertx acquire() {
        if (instance == null) {
            // Native epoll when netty-transport-native-epoll is on the class path (an optional dependency), NIO
            // otherwise: Vert.x falls back by itself.
            instance = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(
                    Math.max(2, Runtime.getRuntime().availableProcessors())).setPreferNativeTransport(true));
        }
        users++;
        return instance;
    }

    /**
     * Counts one user less and closes the instance when none is left.
     *
     * @param vertx the instance {@link #acquire()} returned
     * @return completes when the instance, if it was the last use, is closed
     */
    public static Future<Void> release(Vertx vertx) {
        Vertx toClose;
        synchronized (SharedVertx.class) {
            if (vertx != instance || users == 0) {
                return Future.succeededFuture();
            }
            users--;
            if (users > 0) {
                return Future.succeededFuture();
            }
            toClose = instance;
            instance = null;
        }
        return toClose.close();
    }
}
