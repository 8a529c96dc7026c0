package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;

import java.util.concurrent.CompletableFuture;

/**
 * PostgreSQL's cancel request, sent on a connection of its own, completing only when the server has closed
 * that connection: by then the server has signalled the backend, so a statement sent afterwards cannot be
 * the one the cancel stops (libpq's {@code PQcancel} and pgjdbc wait for the close for the same reason;
 * Vert.x's {@code cancelRequest()} completes once the request is written, which is too early).
 */
final class CancelRequest {

    /** CancelRequest message: length 16, code 80877102, then the backend's process id and secret key. */
    private static final int CANCEL_REQUEST_CODE = 80877102;

    private CancelRequest() {
    }

    /**
     * Sends the request.
     *
     * @return completes once the server closed the cancel connection, or the request could not be sent
     *         (then no cancel can arrive later either)
     */
    static CompletableFuture<Void> send(Vertx vertx, ConnectOptions options, int processId, int secretKey) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        NetClient client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis())));
        SocketAddress address = options.host().startsWith("/")
                ? SocketAddress.domainSocketAddress(options.host() + "/.s.PGSQL." + options.port())
                : SocketAddress.inetSocketAddress(options.port(), options.host());
        client.connect(address).onComplete(connected -> {
            if (connected.failed()) {
                client.close();
                delivered.complete(null);
                return;
            }
            connected.result().closeHandler(ignored -> {
                client.close();
                delivered.complete(null);
            });
            connected.result().write(Buffer.buffer(16).appendInt(16).appendInt(CANCEL_REQUEST_CODE)
                    .appendInt(processId).appendInt(secretKey));
        });
        return delivered;
    }
}
