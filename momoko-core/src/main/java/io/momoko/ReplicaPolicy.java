package io.momoko;

import java.time.Duration;
import java.util.Objects;

/**
 * How reads through {@link Pool#replicas()} choose a server when the connection string names several: a standby
 * whose replay lag is at most {@code maxLag}, as measured every {@code checkInterval}; when none qualifies, the
 * primary (or a {@link DatabaseNotAvailableException} when {@code fallBackToPrimary} is off).
 *
 * @param maxLag how far behind the primary a standby may be and still serve reads
 * @param checkInterval how often each server's role and lag are measured; a standby that falls behind stops
 *                      getting reads within one interval
 * @param fallBackToPrimary whether reads go to the primary when no standby qualifies
 */
public record ReplicaPolicy(Duration maxLag, Duration checkInterval, boolean fallBackToPrimary) {

    /** Standbys at most 10 s behind, checked every second; the primary when none qualifies. */
    public static final ReplicaPolicy DEFAULT = new ReplicaPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), true);

    /**
     * Checks the values.
     *
     * @param maxLag zero or more
     * @param checkInterval more than zero
     * @param fallBackToPrimary whether reads go to the primary when no standby qualifies
     * @throws ConfigurationException naming the setting that is out of range
     */
    public ReplicaPolicy {
        Objects.requireNonNull(maxLag, "maxLag");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (maxLag.isNegative()) {
            throw new ConfigurationException("maxLag", "maxLag must be >= 0, was " + maxLag);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new ConfigurationException("checkInterval", "checkInterval must be > 0, was " + checkInterval);
        }
    }

    /**
     * Returns this policy with another lag bound.
     *
     * @param maxLag zero or more
     * @return the new policy
     */
    public ReplicaPolicy withMaxLag(Duration maxLag) {
        return new ReplicaPolicy(maxLag, checkInterval, fallBackToPrimary);
    }

    /**
     * Returns this policy with another check interval.
     *
     * @param checkInterval more than zero
     * @return the new policy
     */
    public ReplicaPolicy withCheckInterval(Duration checkInterval) {
        return new ReplicaPolicy(maxLag, checkInterval, fallBackToPrimary);
    }

    /**
     * Returns this policy with reads going to the primary, or failing, when no standby qualifies.
     *
     * @param fallBackToPrimary {@code false} to fail instead
     * @return the new policy
     */
    public ReplicaPolicy withFallBackToPrimary(boolean fallBackToPrimary) {
        return new ReplicaPolicy(maxLag, checkInterval, fallBackToPrimary);
    }
}
