package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

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
        SideSocket.open(vertx, options).onComplete(connected -> {
            if (connected.failed()) {
                delivered.complete(null);
                return;
            }
            NetSocket socket = connected.result();
            // Registered before the write: the server closes the socket once it has signalled the backend.
            socket.closeHandler(ignored -> delivered.complete(null));
            socket.write(Buffer.buffer(16).appendInt(16).appendInt(CANCEL_REQUEST_CODE).appendInt(processId)
                    .appendInt(secretKey));
        });
        return delivered;
    }
}
