package io.momoko;

import java.time.Duration;

/**
 * A connection of the pool that is in use now: the answer to "who is holding my connections?".
 *
 * @param backendPid the server process serving the connection ({@code pg_stat_activity.pid})
 * @param heldFor how long it has been out of the free set
 * @param holder what holds it: {@code getConn} (borrowed), or {@code statement} (pool-level work)
 * @param borrowedAt the first caller frame outside Momoko that borrowed it, for {@code getConn}; otherwise {@code null}
 * @param statement the statement running on it now, shortened, or {@code null} when idle in the borrower's hands
 */
public record PoolLease(int backendPid, Duration heldFor, String holder, String borrowedAt, String statement) {
}
