package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a server accepts TLS, for {@code sslmode=prefer}: an SSLRequest on a socket of its own, answered
 * 'S' or 'N', then closed. Vert.x's own PREFER (and REQUIRE against a server without TLS) leaves the refused
 * socket open until the server's authentication timeout, so every connection would hold two server slots
 * and a restart would wait a minute for them. The answer is remembered per server for the JVM's life.
 */
final class TlsProbe {

    /** SSLRequest: length 8, code 80877103. */
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final Map<String, Boolean> ANSWERS = new ConcurrentHashMap<>();

    private TlsProbe() {
    }

    /** Completes with whether the server at {@code options} accepts TLS. */
    static Future<Boolean> acceptsTls(Vertx vertx, ConnectOptions options) {
        String server = options.host() + ":" + options.port();
        Boolean known = ANSWERS.get(server);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        Promise<Boolean> answer = Promise.promise();
        SideSocket.open(vertx, options).onComplete(connected -> {
            if (connected.failed()) {
                answer.tryFail(connected.cause());
                return;
            }
            NetSocket socket = connected.result();
            socket.handler(reply -> {
                boolean accepts = reply.length() > 0 && reply.getByte(0) == 'S';
                ANSWERS.put(server, accepts);
                answer.tryComplete(accepts);
                socket.close();
            });
            socket.closeHandler(ignored ->
                    answer.tryFail("the server closed the connection before answering an SSLRequest"));
            socket.write(Buffer.buffer(8).appendInt(8).appendInt(SSL_REQUEST_CODE));
        });
        return answer.future();
    }
}
