package io.momoko.internal;

import io.momoko.TcpKeepalive;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;

import java.net.SocketOption;

/**
 * Applies {@link TcpKeepalive} to a connection's socket. Vert.x 5.0's PostgreSQL client takes no TCP options
 * (and its {@code NetClientOptions} know keepalive only as on/off, with the operating system's two hours of
 * idle time), so the options are set on the Netty channel once the connection is open; a socket option can be
 * changed at any time.
 */
final class SocketKeepalive {

    private static final String EPOLL_OPTION = "io.netty.channel.epoll.EpollChannelOption#";

    private SocketKeepalive() {
    }

    /**
     * Sets the options.
     *
     * @param config the channel's configuration
     * @param keepalive the settings
     * @return whether every option took effect (not on a transport or platform without them)
     */
    static boolean apply(ChannelConfig config, TcpKeepalive keepalive) {
        boolean applied = config.setOption(ChannelOption.SO_KEEPALIVE, keepalive.enabled());
        if (!keepalive.enabled()) {
            return applied;
        }
        applied &= set(config, ExtendedSocketOptions.TCP_KEEPIDLE, "TCP_KEEPIDLE", (int) keepalive.idle().getSeconds());
        applied &= set(config, ExtendedSocketOptions.TCP_KEEPINTERVAL, "TCP_KEEPINTVL",
                (int) keepalive.interval().getSeconds());
        applied &= set(config, ExtendedSocketOptions.TCP_KEEPCOUNT, "TCP_KEEPCNT", keepalive.count());
        return applied;
    }

    /** The NIO transport takes the JDK's option; the native epoll transport (optional) its own, by name. */
    private static boolean set(ChannelConfig config, SocketOption<Integer> jdkOption, String epollName, int value) {
        if (config.setOption(NioChannelOption.of(jdkOption), value)) {
            return true;
        }
        if (ChannelOption.exists(EPOLL_OPTION + epollName)) {
            ChannelOption<Integer> nativeOption = ChannelOption.valueOf(EPOLL_OPTION + epollName);
            return config.setOption(nativeOption, value);
        }
        return false;
    }
}
