package io.momoko;

import java.time.Duration;

/**
 * One server of a pool whose connection string names several, as last measured for {@link Pool#replicas()}.
 *
 * @param server the server
 * @param role what it is
 * @param lag how far a standby's replayed data is behind (zero when it has replayed all it received from a primary
 *            it is streaming from); {@code null} unless a standby
 * @param readable whether it receives reads from {@link Pool#replicas()} (a standby within the policy's lag)
 * @param problem why the last check failed, or {@code null}
 */
public record ServerStatus(ServerAddress server, Role role, Duration lag, boolean readable, String problem) {

    /** What a server is. */
    public enum Role {
        /** Not checked yet. */
        UNKNOWN,
        /** Takes writes ({@code pg_is_in_recovery()} is false). */
        PRIMARY,
        /** A hot standby. */
        STANDBY,
        /** The last check did not reach it. */
        UNREACHABLE
    }
}
