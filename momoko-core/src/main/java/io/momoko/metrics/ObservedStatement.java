package io.momoko.metrics;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement as a {@link StatementObserver} sees it: never with parameter values.
 *
 * @param pool the pool's name
 * @param sql the statement as written, placeholders included; for a pool-level transaction its statements joined
 *            with {@code "; "}
 * @param database the database (OpenTelemetry's {@code db.namespace})
 * @param host the server's host
 * @param port the server's port
 */
public record ObservedStatement(String pool, String sql, String database, String host, int port) {

    private static final Pattern FIRST_WORD = Pattern.compile("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*([A-Za-z]+)",
            Pattern.DOTALL);

    /**
     * Returns the statement's first keyword, as OpenTelemetry's {@code db.operation.name}: {@code SELECT},
     * {@code INSERT}, {@code BEGIN}... (for a pool-level transaction, its first statement's).
     *
     * @return the operation, upper case; {@code UNKNOWN} when the text starts with none
     */
    public String operation() {
        Matcher first = FIRST_WORD.matcher(sql);
        return first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "UNKNOWN";
    }
}
