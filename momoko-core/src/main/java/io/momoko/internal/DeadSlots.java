package io.momoko.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Momoko's dead connections: slots whose connection broke or could not be opened, reconnected on demand.
 * A slot whose connection died in use may reconnect at once (the server was reachable a moment ago); a slot
 * whose connection attempt failed waits {@code reconnectInterval}, so a down server is not hammered (less when
 * servers answered but none fitted {@code target_session_attrs}: {@link NoServerFitsException}).
 */
final class DeadSlots {

    private record Slot(long failedAtNanos, Throwable cause, long waitNanos) {
    }

    /**
     * How soon a slot tries again when servers answered but none fitted {@code target_session_attrs} (a standby
     * being promoted): promotion takes a fraction of a second, and each try costs the servers one short session.
     */
    private static final long FAILOVER_RETRY_NANOS = 50_000_000L;

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private final long reconnectIntervalNanos;

    DeadSlots(long reconnectIntervalNanos) {
        this.reconnectIntervalNanos = reconnectIntervalNanos;
    }

    /**
     * A connection attempt failed: the slot waits out the reconnect interval, or less when servers answered and
     * none was of the kind wanted (a failover under way).
     */
    void connectFailed(long nowNanos, Throwable cause) {
        long wait = cause instanceof NoServerFitsException
                ? Math.min(reconnectIntervalNanos, FAILOVER_RETRY_NANOS) : reconnectIntervalNanos;
        slots.addLast(new Slot(nowNanos, cause, wait));
    }

    /** A connection broke (or failed validation): the slot may reconnect at once. */
    void broke(long nowNanos, Throwable cause) {
        slots.addLast(new Slot(nowNanos, cause, 0));
    }

    /**
     * Takes one slot that may reconnect now, for the caller to open a connection in its place.
     *
     * @return {@code false} when every slot is still within its reconnect interval (or there is none)
     */
    boolean takeRetriable(long nowNanos) {
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (nowNanos - slot.failedAtNanos >= slot.waitNanos) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Why the most recent slot died, or {@code null}. */
    Throwable lastCause() {
        Slot last = slots.peekLast();
        return last == null ? null : last.cause;
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    int size() {
        return slots.size();
    }

    void clear() {
        slots.clear();
    }
}
