package io.momoko.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The one transport every Netty-based client of a run uses: native epoll by default (this module has it on its
 * class path, through reactor-netty, and Momoko's own Vert.x prefers it), NIO with {@code -Dbench.native=false}.
 * Reactor Netty (r2dbc) is told explicitly ({@code reactor.netty.native}) before it loads; Vert.x targets set
 * {@code preferNativeTransport}; Momoko's pools get a NIO Vert.x instance of their own when NIO is asked for.
 */
final class Transports {

    private Transports() {
    }

    static boolean nativeTransport() {
        return Boolean.parseBoolean(System.getProperty("bench.native", "true"));
    }

    /** Called first thing in main, before any Netty class loads. */
    static void apply() {
        System.setProperty("reactor.netty.native", String.valueOf(nativeTransport()));
    }

    /** The Vert.x instance a Momoko pool of the run is given, or {@code null} for its own (native) one. */
    static Vertx momokoVertx() {
        return nativeTransport() ? null : Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    }
}
