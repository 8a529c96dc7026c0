package io.momoko.internal;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.pgclient.PgConnection;

/**
 * One write per event-loop turn instead of one per statement. Vert.x flushes the socket after every command
 * it schedules; when a read delivers several answers, each completed caller sends its next statement from
 * inside that read, and each of those flushes would be a {@code write} system call of its own. Netty's
 * {@link FlushConsolidationHandler} holds flushes made while a read is in progress and flushes once when the
 * read completes, so the statements sent in answer to one read leave in one write. Flushes outside a read
 * (a caller on another thread) go out at once, as before: no statement waits for a later turn.
 */
final class FlushCoalescing {

    private static final String NAME = "momoko-flush-coalescing";

    private FlushCoalescing() {
    }

    /**
     * Installs the coalescing on a connection's channel.
     *
     * @return whether it was installed (the channel could be reached)
     */
    static boolean install(PgConnection connection) {
        Channel channel = NettyChannel.of(connection);
        if (channel == null) {
            return false;
        }
        // Nearest the socket, so that it sees every read and every flush of the handlers above it.
        channel.pipeline().addFirst(NAME, new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        return true;
    }
}
