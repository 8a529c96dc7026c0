package io.momoko.bench;

/**
 * The one transport every Netty-based client of a run uses: NIO by default, native epoll with
 * {@code -Dbench.native=true}. Reactor Netty (r2dbc) takes epoll whenever it is on the class path, so it is
 * told explicitly ({@code reactor.netty.native}) before it loads.
 */
final class Transports {

    private Transports() {
    }

    static boolean nativeTransport() {
        return Boolean.getBoolean("bench.native");
    }

    /** Called first thing in main, before any Netty class loads. */
    static void apply() {
        System.setProperty("reactor.netty.native", String.valueOf(nativeTransport()));
    }
}
