package io.momoko;

import java.time.Duration;

/**
 * TCP keepalive on every connection to the server, as libpq's {@code keepalives}, {@code keepalives_idle},
 * {@code keepalives_interval} and {@code keepalives_count}.
 *
 * <p>Why it is on by default: when the server's host vanishes without a word (power loss, a network
 * partition, a firewall that forgets the connection), nothing arrives on the socket, and a statement waiting
 * for its answer would wait for ever. With keepalive the operating system probes an idle socket and reports
 * it dead after {@code idle + interval × count} without an acknowledgement (two minutes with the defaults);
 * the statement then fails with {@link ConnectionClosedException} and the connection is replaced. A live
 * server acknowledges the probes even while a statement runs for hours, so keepalive never cuts a slow
 * statement short: that is {@code queryTimeout}'s job.
 *
 * <p>The defaults (60 s idle, 10 s between probes, 6 probes) replace the operating system's (on Linux two
 * hours idle, so a lost peer is noticed after more than two hours).
 *
 * @param enabled whether probes are sent at all
 * @param idle how long a socket stays silent before the first probe; whole seconds, at least one
 * @param interval the time between unanswered probes; whole seconds, at least one
 * @param count how many unanswered probes mean the peer is gone; at least one
 */
public record TcpKeepalive(boolean enabled, Duration idle, Duration interval, int count) {

    /** Momoko's default: on, 60 s idle, a probe every 10 s, 6 probes. */
    public static final TcpKeepalive DEFAULT = new TcpKeepalive(true, Duration.ofSeconds(60), Duration.ofSeconds(10),
            6);

    /** No keepalive probes: a vanished peer is noticed only by a statement's own timeout. */
    public static final TcpKeepalive OFF = new TcpKeepalive(false, DEFAULT.idle, DEFAULT.interval, DEFAULT.count);

    /**
     * Checks the values.
     *
     * @param enabled whether probes are sent at all
     * @param idle how long a socket stays silent before the first probe
     * @param interval the time between unanswered probes
     * @param count how many unanswered probes mean the peer is gone
     * @throws ConfigurationException naming the value that is out of range
     */
    public TcpKeepalive {
        requireWholeSeconds("keepalives_idle", idle);
        requireWholeSeconds("keepalives_interval", interval);
        if (count < 1) {
            throw new ConfigurationException("keepalives_count", "keepalives_count must be at least 1, was " + count);
        }
    }

    /**
     * Returns these settings with another idle time.
     *
     * @param idle whole seconds, at least one
     * @return the new settings
     */
    public TcpKeepalive withIdle(Duration idle) {
        return new TcpKeepalive(enabled, idle, interval, count);
    }

    /**
     * Returns these settings with another probe interval.
     *
     * @param interval whole seconds, at least one
     * @return the new settings
     */
    public TcpKeepalive withInterval(Duration interval) {
        return new TcpKeepalive(enabled, idle, interval, count);
    }

    /**
     * Returns these settings with another probe count.
     *
     * @param count at least one
     * @return the new settings
     */
    public TcpKeepalive withCount(int count) {
        return new TcpKeepalive(enabled, idle, interval, count);
    }

    /**
     * Returns these settings switched on or off.
     *
     * @param enabled whether probes are sent
     * @return the new settings
     */
    public TcpKeepalive withEnabled(boolean enabled) {
        return new TcpKeepalive(enabled, idle, interval, count);
    }

    // The socket options take whole seconds; a value they would round to zero or silently truncate is refused.
    private static void requireWholeSeconds(String name, Duration value) {
        if (value == null || value.getSeconds() < 1 || value.getNano() != 0 || value.getSeconds() > Integer.MAX_VALUE) {
            throw new ConfigurationException(name, name + " must be a whole number of seconds, at least 1, was "
                    + value);
        }
    }
}
