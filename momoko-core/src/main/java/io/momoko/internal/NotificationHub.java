package io.momoko.internal;

import io.momoko.Notification;
import io.momoko.ProgrammingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A pool's {@code LISTEN}s: one dedicated connection, outside the pool's size and statistics, opened when the
 * first channel gets a subscriber and closed when the last one leaves. Several channels and subscribers share
 * it. When it is lost, it is reopened (every {@code reconnectInterval} while the server is away), every channel
 * is listened to again, and then each subscriber that was there before the loss gets a gap marker.
 *
 * <p>Its state is touched only on the pool's context, as the engine's is; the subscriptions take care of
 * delivering to subscribers on whatever thread asks.
 */
final class NotificationHub {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationHub.class);

    /** PostgreSQL truncates identifiers at 63 bytes, and {@code pg_notify} refuses longer channel names. */
    private static final int MAX_CHANNEL_BYTES = 63;

    private final Connector connector;
    private final PoolContext context;
    private final String poolName;
    private final long reconnectMillis;
    private final Map<String, List<NotificationSubscription>> channels = new LinkedHashMap<>();
    private final List<NotificationSubscription> owedGaps = new ArrayList<>();
    private PoolConnection connection;
    private boolean ready;
    private boolean opening;
    private boolean closed;
    private boolean outageLogged;

    NotificationHub(Connector connector, PoolContext context, String poolName, long reconnectMillis) {
        this.connector = connector;
        this.context = context;
        this.poolName = poolName;
        this.reconnectMillis = reconnectMillis;
    }

    /**
     * A publisher of one channel's notifications.
     *
     * @param channel the channel, as {@code pg_notify} names it (case matters)
     * @param capacity how many notifications each subscriber's buffer holds
     */
    Flow.Publisher<Notification> publisher(String channel, int capacity) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            NotificationSubscription[] self = new NotificationSubscription[1];
            NotificationSubscription subscription = new NotificationSubscription(channel, capacity, subscriber,
                    () -> context.execute(() -> remove(self[0])));
            self[0] = subscription;
            subscriber.onSubscribe(subscription);
            String invalid = invalidChannel(channel, capacity);
            if (invalid != null) {
                subscription.finish(new ProgrammingException(invalid));
                return;
            }
            context.execute(() -> add(subscription));
        };
    }

    /** Ends every subscription (once its buffer is delivered) and closes the connection. */
    void close() {
        context.execute(() -> {
            closed = true;
            channels.values().forEach(list -> list.forEach(subscription -> subscription.finish(null)));
            channels.clear();
            owedGaps.clear();
            closeConnection();
        });
    }

    private void add(NotificationSubscription subscription) {
        if (closed) {
            subscription.finish(PoolErrors.closed(poolName));
            return;
        }
        List<NotificationSubscription> list = channels.computeIfAbsent(subscription.channel(), c -> new ArrayList<>());
        list.add(subscription);
        // A connection still answering its first LISTEN takes this one after it, in order.
        if (list.size() == 1 && connection != null) {
            PoolConnection current = connection;
            current.execute(listen(List.of(subscription.channel()))).whenComplete((ignored, error) -> {
                if (error != null) {
                    // The connection is broken or refused the channel; start again from a fresh connection.
                    LOG.warn("Pool '{}': LISTEN failed, reopening the listening connection: {}", poolName,
                            error.getMessage());
                    current.close();
                }
            });
        }
        open();
    }

    private void remove(NotificationSubscription subscription) {
        owedGaps.remove(subscription);
        List<NotificationSubscription> list = channels.get(subscription.channel());
        if (list == null || !list.remove(subscription) || !list.isEmpty()) {
            return;
        }
        channels.remove(subscription.channel());
        if (channels.isEmpty()) {
            closeConnection();
        } else if (connection != null) {
            connection.execute("UNLISTEN " + quote(subscription.channel()));
        }
    }

    private void open() {
        if (opening || connection != null || closed || channels.isEmpty()) {
            return;
        }
        opening = true;
        connector.open().whenComplete((opened, error) -> context.execute(() -> opened(opened, error)));
    }

    private void opened(PoolConnection opened, Throwable error) {
        opening = false;
        if (error != null) {
            if (!outageLogged) {
                outageLogged = true;
                LOG.warn("Pool '{}': cannot open the listening connection to {}, trying again every {} ms: {}",
                        poolName, connector.target(), reconnectMillis, Errors.unwrap(error).getMessage());
            }
            context.setTimer(reconnectMillis, () -> context.execute(this::open));
            return;
        }
        if (closed || channels.isEmpty()) {
            opened.close();
            return;
        }
        // Taken at once, before its LISTEN is answered: a channel added meanwhile is listened to on it, in order.
        connection = opened;
        ready = false;
        opened.onNotification(message -> context.execute(() -> dispatch(message)));
        opened.closedFuture().whenComplete((ignored, cause) -> context.execute(() -> lost(opened)));
        opened.execute(listen(channels.keySet())).whenComplete((ignored, listenError) -> context.execute(() -> {
            if (connection != opened) {
                return;
            }
            if (listenError != null) {
                LOG.warn("Pool '{}': LISTEN failed on a new listening connection: {}", poolName,
                        Errors.unwrap(listenError).getMessage());
                opened.close();
                return;
            }
            ready = true;
            if (outageLogged) {
                LOG.info("Pool '{}': listening again", poolName);
                outageLogged = false;
            }
            // Only now: a subscriber that resynchronises on the marker must not miss what follows it.
            owedGaps.forEach(NotificationSubscription::gap);
            owedGaps.clear();
        }));
    }

    private void lost(PoolConnection lostConnection) {
        if (connection != lostConnection) {
            return;
        }
        connection = null;
        if (closed || channels.isEmpty()) {
            return;
        }
        if (!ready) {
            // It died before its LISTEN was answered (or refused it): try again after the interval, not in a loop.
            context.setTimer(reconnectMillis, () -> context.execute(this::open));
            return;
        }
        LOG.info("Pool '{}': the listening connection was lost; notifications sent until it is back are lost",
                poolName);
        channels.values().forEach(owedGaps::addAll);
        open();
    }

    private void dispatch(Notification message) {
        List<NotificationSubscription> list = channels.get(message.channel());
        if (list != null) {
            for (NotificationSubscription subscription : List.copyOf(list)) {
                subscription.offer(message);
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            PoolConnection current = connection;
            connection = null;
            ready = false;
            current.close();
        }
    }

    private static String listen(Iterable<String> names) {
        StringBuilder sql = new StringBuilder();
        for (String name : names) {
            sql.append(sql.length() == 0 ? "" : "; ").append("LISTEN ").append(quote(name));
        }
        return sql.toString();
    }

    /** A channel is an identifier: quoted, so its case and any character survive. */
    private static String quote(String channel) {
        return '"' + channel.replace("\"", "\"\"") + '"';
    }

    static String invalidChannel(String channel, int capacity) {
        if (channel == null || channel.isEmpty()) {
            return "A channel name must not be null or empty";
        }
        if (channel.indexOf('\0') >= 0) {
            return "A channel name must not contain a NUL character";
        }
        if (channel.getBytes(StandardCharsets.UTF_8).length > MAX_CHANNEL_BYTES) {
            return "Channel name '" + channel.substring(0, 20) + "...' is longer than PostgreSQL's " + MAX_CHANNEL_BYTES
                    + " bytes";
        }
        if (capacity < 1) {
            return "A notification buffer must hold at least 1 notification, was " + capacity;
        }
        return null;
    }
}
