package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * A short-lived plain socket to the server beside the connection (a cancel request, a TLS probe), over TCP or
 * the Unix socket libpq would use for a host that is a directory. Its client is closed with it.
 */
final class SideSocket {

    private SideSocket() {
    }

    static Future<NetSocket> open(Vertx vertx, ConnectOptions options) {
        NetClient client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis())));
        SocketAddress address = options.host().startsWith("/")
                ? SocketAddress.domainSocketAddress(options.host() + "/.s.PGSQL." + options.port())
                : SocketAddress.inetSocketAddress(options.port(), options.host());
        return client.connect(address).andThen(connected -> {
            if (connected.failed()) {
                client.close();
            } else {
                connected.result().closeHandler(ignored -> client.close());
            }
        });
    }
}
