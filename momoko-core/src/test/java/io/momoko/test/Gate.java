package io.momoko.test;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Holds statements on the server until the test lets them go, instead of a {@code pg_sleep} the test hopes
 * is long enough for what it does meanwhile: a statement that includes {@link #lock()} waits for an advisory
 * lock this gate's own connection holds, and {@link #waiting()} tells how many statements are held. A
 * loaded machine can make a test slower, never wrong.
 *
 * <pre>{@code
 * try (Gate gate = Gate.closed(options)) {
 *     CompletableFuture<Cursor<Row>> running = pool.execute(gate.select("7"));
 *     gate.awaitWaiting(1);
 *     ... the statement is running on the server, for as long as the test needs ...
 *     gate.open();
 * }
 * }</pre>
 */
public final class Gate implements AutoCloseable {

    private final Connection holder;
    private final long key;
    private boolean open;

    private Gate(Connection holder, long key) {
        this.holder = holder;
        this.key = key;
    }

    /**
     * Opens a connection of the gate's own to the server and takes the lock.
     *
     * @param options the server
     * @return the closed gate
     */
    public static Gate closed(ConnectOptions options) {
        Connection holder = Await.result(Momoko.connect(options));
        // Below 2^31, so that pg_locks shows the key whole in objid (classid 0).
        long key = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        Await.result(holder.execute("SELECT pg_advisory_lock(%s)", key));
        return new Gate(holder, key);
    }

    /**
     * Returns an SQL expression that waits while the gate is closed (a shared transaction-level lock on the
     * gate's key, so every held statement goes at once and nothing stays locked after it).
     *
     * @return the expression, e.g. {@code pg_advisory_xact_lock_shared(123)}
     */
    public String lock() {
        return "pg_advisory_xact_lock_shared(" + key + ")";
    }

    /**
     * Returns a query of the given select list that waits at the gate first.
     *
     * @param columns the select list, e.g. {@code "pg_backend_pid(), 7"}
     * @return the query
     */
    public String select(String columns) {
        return "SELECT " + columns + " FROM (SELECT " + lock() + ") AS gate";
    }

    /**
     * Counts the statements waiting at the gate now.
     *
     * @return how many
     */
    public long waiting() {
        return Await.result(holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = 0 AND objid::int8 = %s AND objsubid = 1 AND NOT granted", key)).fetchOne().get(0, Long.class);
    }

    /**
     * Waits until exactly {@code n} statements wait at the gate.
     *
     * @param n how many
     */
    public void awaitWaiting(long n) {
        Await.until(n + " statement(s) waiting at the gate", () -> waiting() == n);
    }

    /** Lets every held statement go, and every later one through. */
    public synchronized void open() {
        if (!open) {
            open = true;
            Await.result(holder.execute("SELECT pg_advisory_unlock(%s)", key));
        }
    }

    /** Opens the gate if the test did not, and closes its connection. */
    @Override
    public void close() {
        try {
            open();
        } finally {
            Await.result(holder.close());
        }
    }
}
