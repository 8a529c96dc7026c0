package io.momoko;

import java.util.Locale;

/**
 * Which server of several a new connection must land on, as libpq's {@code target_session_attrs}: each server
 * is tried in turn (or in random order with {@code load_balance_hosts=random}) until one fits.
 */
public enum TargetSessionAttrs {
    /** The first server that accepts the connection. */
    ANY,
    /** A server where a session can write ({@code transaction_read_only} is off). */
    READ_WRITE,
    /** A server where a session cannot write. */
    READ_ONLY,
    /** A server not in recovery ({@code pg_is_in_recovery()} is false). */
    PRIMARY,
    /** A server in recovery: a standby. */
    STANDBY,
    /** A standby if any accepts, else any server. */
    PREFER_STANDBY;

    /**
     * Returns the value as written in a connection string.
     *
     * @return for example {@code read-write}
     */
    public String dsnValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a connection string's value.
     *
     * @param value for example {@code read-write}
     * @return the setting
     * @throws ConfigurationException for any other value
     */
    public static TargetSessionAttrs fromDsnValue(String value) {
        for (TargetSessionAttrs attrs : values()) {
            if (attrs.dsnValue().equals(value)) {
                return attrs;
            }
        }
        throw new ConfigurationException("target_session_attrs", "Unknown target_session_attrs '" + value
                + "': expected any, read-write, read-only, primary, standby or prefer-standby");
    }
}
