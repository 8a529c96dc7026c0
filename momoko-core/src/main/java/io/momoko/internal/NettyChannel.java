package io.momoko.internal;

import io.netty.channel.Channel;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;

/**
 * The Netty channel under a Vert.x connection, for the two things Vert.x 5.0 has no public call for: per-socket
 * options ({@link SocketKeepalive}) and dropping a socket without the protocol's goodbye. The path to it runs
 * through Vert.x implementation classes, reached by reflection on their public methods so that a Vert.x update
 * that moves them costs the feature, not the connection.
 */
final class NettyChannel {

    private NettyChannel() {
    }

    /**
     * Finds the channel.
     *
     * @param connection a connection opened by Vert.x's PostgreSQL client
     * @return the channel, or {@code null} where Vert.x does not let it be reached (another version, the module
     *         path)
     */
    static Channel of(SqlConnection connection) {
        try {
            Object internal = ((SqlConnectionInternal) connection).unwrap();
            Object socket = Class.forName("io.vertx.sqlclient.impl.SocketConnectionBase").getMethod("socket")
                    .invoke(internal);
            Object context = Class.forName("io.vertx.core.internal.net.NetSocketInternal")
                    .getMethod("channelHandlerContext").invoke(socket);
            Object channel = Class.forName("io.netty.channel.ChannelHandlerContext").getMethod("channel")
                    .invoke(context);
            return channel instanceof Channel netty ? netty : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
