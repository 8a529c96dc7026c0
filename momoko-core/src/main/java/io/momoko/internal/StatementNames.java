package io.momoko.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

import java.lang.reflect.Field;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prepared-statement names unique to each physical connection. Vert.x names a connection's cached statements from
 * a counter that starts at zero on every connection, so two clients both prepare the same names. Behind a pooler
 * that shares server connections between clients (PgBouncer in transaction mode) one client's Bind can then reach
 * another client's statement of the same name and run the wrong SQL with its values. Starting each connection's
 * counter at a random point makes such a Bind fail with 26000 instead ("prepared statement does not exist"),
 * which the pool notices ({@link StatementMode}).
 *
 * <p>Vert.x 5.0 has no setting for this: the counter is reached by reflection through the connection's Netty
 * pipeline. Where it cannot be reached (another Vert.x version, the module path), the connection keeps Vert.x's
 * names and {@link #randomise} says so.
 */
final class StatementNames {

    private StatementNames() {
    }

    /**
     * Starts the connection's statement counter at a random point, before any statement is prepared.
     *
     * @param channel the connection's channel
     * @return whether it was done
     */
    static boolean randomise(Channel channel) {
        if (channel == null) {
            return false;
        }
        try {
            for (var entry : channel.pipeline()) {
                ChannelHandler handler = entry.getValue();
                if (handler.getClass().getName().equals("io.vertx.pgclient.impl.codec.PgCodec")) {
                    Object encoder = field(handler, "encoder");
                    Object sequence = field(encoder, "psSeq");
                    Field counter = sequence.getClass().getDeclaredField("i");
                    counter.setAccessible(true);
                    // 2^40 and more apart on average: no two connections' names meet in any realistic lifetime.
                    counter.setLong(sequence, ThreadLocalRandom.current().nextLong(1L << 20, 1L << 60));
                    return true;
                }
            }
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
