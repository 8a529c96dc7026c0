package io.momoko.internal;

import io.momoko.ConnectException;
import io.momoko.ConnectOptions;
import io.momoko.DatabaseException;
import io.momoko.MomokoException;
import io.momoko.SslMode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opening one {@link VertxConnection}: the connect timer Vert.x lacks, {@code sslmode=prefer} on one socket
 * ({@link TlsProbe}), and connect failures as {@link ConnectException}s that say what to check.
 */
final class VertxConnect {

    private static final Logger LOG = LoggerFactory.getLogger(VertxConnect.class);
    private static final AtomicBoolean KEEPALIVE_WARNED = new AtomicBoolean();
    private static final AtomicBoolean NAMES_WARNED = new AtomicBoolean();

    private VertxConnect() {
    }

    /**
     * Opens a connection.
     *
     * @param options where and how to connect
     * @param sharedVertx the Vert.x instance to use, or {@code null} for Momoko's shared one
     * @return the connection, or a {@link ConnectException}
     */
    static CompletableFuture<VertxConnection> open(ConnectOptions options, Vertx sharedVertx, int statementCacheSize) {
        CompletableFuture<VertxConnection> result = new CompletableFuture<>();
        openInto(options, sharedVertx, statementCacheSize, result);
        return result;
    }

    /**
     * Opens a connection into the caller's future, typed as the caller needs; a connection that arrives
     * after the future was completed (cancelled, timed out) is closed rather than leaked.
     */
    static void openInto(ConnectOptions options, Vertx sharedVertx, int statementCacheSize,
                         CompletableFuture<? super VertxConnection> result) {
        if (options.servers().size() > 1 || options.targetSessionAttrs() != io.momoko.TargetSessionAttrs.ANY) {
            ServerSelection.open(options, sharedVertx, statementCacheSize, result);
            return;
        }
        boolean ownsVertx = sharedVertx == null;
        Vertx vertx = ownsVertx ? SharedVertx.acquire() : sharedVertx;
        long timeoutMillis = options.connectTimeout().toMillis();
        // Vert.x's connect timeout covers the TCP handshake only; a server that accepts and then stays
        // silent would hold the future forever without this timer.
        long timer = vertx.setTimer(timeoutMillis, id -> result.completeExceptionally(new ConnectException(
                "Cannot connect to " + options + ": no answer within " + timeoutMillis + " ms", null)));
        Future<PgConnection> connecting;
        try {
            connecting = connect(vertx, options, statementCacheSize);
        } catch (RuntimeException e) {
            vertx.cancelTimer(timer);
            if (ownsVertx) {
                SharedVertx.release(vertx);
            }
            result.completeExceptionally(new ConnectException("Cannot connect to " + options + ": "
                    + e.getMessage(), e));
            return;
        }
        connecting.onComplete(outcome -> {
            vertx.cancelTimer(timer);
            if (outcome.succeeded()) {
                applyKeepalive(outcome.result(), options);
                uniqueStatementNames(outcome.result(), options);
                FlushCoalescing.install(outcome.result());
                VertxConnection connection = new VertxConnection(outcome.result(), vertx, ownsVertx, options,
                        statementCacheSize > 0);
                if (!result.complete(connection)) {
                    connection.close();
                }
            } else {
                if (ownsVertx) {
                    SharedVertx.release(vertx);
                }
                MomokoException cause = Errors.translate(outcome.cause(), "connect");
                String reason = cause instanceof DatabaseException ? cause.getMessage() : describe(outcome.cause());
                result.completeExceptionally(new ConnectException("Cannot connect to " + options + ": " + reason
                        + tlsHint(reason, options), cause));
            }
        });
    }

    /**
     * Connects; {@code sslmode=prefer} asks the server first ({@link TlsProbe}) and then connects with TLS or
     * without, on a single socket each time.
     */
    private static Future<PgConnection> connect(Vertx vertx, ConnectOptions options, int statementCacheSize) {
        if (options.host().startsWith("/")) {
            // A Unix-domain socket: as libpq, sslmode does not apply (the server offers no TLS there).
            return PgConnection.connect(vertx, PgOptions.of(options, statementCacheSize)
                    .setSslMode(io.vertx.pgclient.SslMode.DISABLE));
        }
        if (options.sslMode() != SslMode.PREFER) {
            return PgConnection.connect(vertx, PgOptions.of(options, statementCacheSize));
        }
        return TlsProbe.acceptsTls(vertx, options).compose(tls -> PgConnection.connect(vertx, PgOptions.of(options,
                statementCacheSize)
                .setSslMode(tls ? io.vertx.pgclient.SslMode.REQUIRE : io.vertx.pgclient.SslMode.DISABLE)));
    }

    /**
     * TCP keepalive goes on the socket once it is open (Vert.x 5.0 takes no TCP options for the PostgreSQL
     * client). A connection whose socket cannot be reached still serves, without probes; that is logged once.
     */
    private static void applyKeepalive(PgConnection connection, ConnectOptions options) {
        if (options.host().startsWith("/")) {
            // A Unix-domain socket: no TCP, no keepalive; the peer is on this machine.
            return;
        }
        io.netty.channel.Channel channel = NettyChannel.of(connection);
        if ((channel == null || !SocketKeepalive.apply(channel.config(), options.keepalive()))
                && KEEPALIVE_WARNED.compareAndSet(false, true)) {
            LOG.warn("TCP keepalive could not be set on connections to {} (transport or platform without the socket "
                    + "options); a server that vanishes without closing the connection is noticed only through "
                    + "queryTimeout", options);
        }
    }

    /**
     * Statement names of this connection's own, so that a pooler sharing server connections between clients never
     * runs one client's values in another's statement ({@link StatementNames}); logged once where impossible.
     */
    private static void uniqueStatementNames(PgConnection connection, ConnectOptions options) {
        if (!StatementNames.randomise(NettyChannel.of(connection)) && NAMES_WARNED.compareAndSet(false, true)) {
            LOG.warn("Prepared-statement names could not be made unique to each connection to {} (Vert.x version or "
                    + "module path); behind PgBouncer in transaction mode set statementCacheSize 0 "
                    + "(momoko.pool.pgbouncer=true)", options);
        }
    }

    /** The driver does not say why a handshake failed; say what to check. */
    private static String tlsHint(String reason, ConnectOptions options) {
        if (!reason.contains("SSL handshake failed")) {
            return "";
        }
        return " (check that " + (options.sslRootCert() == null ? "the server offers TLS"
                : "sslrootcert " + options.sslRootCert() + " signed the server's certificate")
                + (options.sslMode() == SslMode.VERIFY_FULL
                        ? " and that the certificate names the host '" + options.host() + "'" : "") + ")";
    }

    /** The failure's message, and its root cause's when that says more ("SSL handshake failed: No subject ..."). */
    private static String describe(Throwable failure) {
        Throwable cause = Errors.unwrap(failure);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return root == cause || root.getMessage() == null ? message : message + ": " + root.getMessage();
    }
}
