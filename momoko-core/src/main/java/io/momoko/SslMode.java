package io.momoko;

import java.util.Locale;

/**
 * libpq's {@code sslmode} settings, with their libpq meaning.
 */
public enum SslMode {
    /** Never use TLS. */
    DISABLE,
    /** Try a plain connection first, then TLS if the server insists. */
    ALLOW,
    /** Try TLS first, then a plain connection if the server does not offer it. */
    PREFER,
    /** Use TLS; do not check the server's certificate. */
    REQUIRE,
    /** Use TLS and check that a trusted authority signed the server's certificate. */
    VERIFY_CA,
    /** Use TLS, check the certificate's authority, and check that it names the host connected to. */
    VERIFY_FULL;

    /**
     * Returns the libpq spelling, for example {@code verify-full}.
     *
     * @return the value as it appears in a DSN
     */
    public String dsnValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the libpq spelling ({@code verify-full}) or the constant name ({@code VERIFY_FULL}).
     *
     * @param value the text to parse
     * @return the mode
     * @throws ConfigurationException when the value is not a known mode
     */
    public static SslMode fromDsnValue(String value) {
        for (SslMode mode : values()) {
            if (mode.dsnValue().equalsIgnoreCase(value) || mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new ConfigurationException("Unknown sslmode '" + value
                + "': expected one of disable, allow, prefer, require, verify-ca, verify-full");
    }
}
