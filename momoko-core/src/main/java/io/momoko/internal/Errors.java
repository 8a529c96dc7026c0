package io.momoko.internal;

import io.momoko.ConnectionClosedException;
import io.momoko.DatabaseException;
import io.momoko.MomokoException;
import io.momoko.UnsupportedTypeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates driver failures into Momoko's exception hierarchy. Driver messages that echo parameter values
 * are rewritten, because a parameter may be a secret.
 */
final class Errors {

    /** What the driver's expected Java class stands for on the server. */
    private static String serverType(String driverClass) {
        return switch (driverClass) {
            case "java.lang.Number" -> "a number (int2, int4, int8, numeric, float4 or float8)";
            case "java.lang.Boolean" -> "a bool";
            case "java.time.LocalDate" -> "a date";
            case "java.time.LocalTime" -> "a time";
            case "java.time.OffsetTime" -> "a timetz";
            case "java.time.LocalDateTime" -> "a timestamp";
            case "java.time.OffsetDateTime" -> "a timestamptz";
            case "java.util.UUID" -> "a uuid";
            case "io.vertx.core.buffer.Buffer" -> "a bytea";
            case "io.vertx.pgclient.data.Inet" -> "an inet";
            case "io.vertx.pgclient.data.Money" -> "a money";
            case "io.vertx.pgclient.data.Interval" -> "an interval";
            case "java.lang.String" -> "text";
            default -> driverClass.startsWith("[") ? "an array" : "a value of another type (" + driverClass
                    .replaceAll("^.*\\.", "") + ")";
        };
    }

    private static final Pattern COERCION = Pattern.compile(
            "Parameter at position\\[(\\d+)] with class = \\[([^\\]]+)] and value = .* can not be coerced to the "
                    + "expected class = \\[([^\\]]+)]", Pattern.DOTALL);

    private static final String STALE_PLAN_HINT = "the schema of a table it reads changed since the statement "
            + "was prepared on this connection; nothing ran. Outside a transaction the pool prepares it again and "
            + "retries once by itself; inside one (as pgjdbc does) the transaction must be run again";

    private Errors() {
    }

    /** PostgreSQL's answer to a cached prepared statement whose result columns changed (ALTER TABLE). */
    static boolean isStalePlan(String sqlState, String message) {
        return "0A000".equals(sqlState) && message != null && message.contains("cached plan must not change result type");
    }

    /** Whether a failure is a stale prepared statement: the statement did not run. */
    static boolean isStalePlan(Throwable failure) {
        return failure instanceof DatabaseException database
                && isStalePlan(database.sqlState(), database.serverMessage());
    }

    /**
     * Translates a failure of a statement.
     *
     * @param failure what the driver reported
     * @param what a description of the statement or operation, for messages (never parameter values)
     * @return a {@link MomokoException}
     */
    public static MomokoException translate(Throwable failure, String what) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MomokoException) {
            return (MomokoException) cause;
        }
        if (cause instanceof PgException) {
            PgException pg = (PgException) cause;
            String hint = isStalePlan(pg.getSqlState(), pg.getErrorMessage()) ? STALE_PLAN_HINT : pg.getHint();
            return new DatabaseException(pg.getSqlState(), pg.getSeverity(), pg.getErrorMessage(), pg.getDetail(),
                    hint, parsePosition(pg.getPosition()), pg);
        }
        if (cause instanceof ClosedConnectionException || cause instanceof IOException) {
            // A reset or broken socket: the statement may have reached the server before the connection died.
            return new ConnectionClosedException("Connection lost while running " + what + ": "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    true, cause);
        }
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("Connection is not active now")) {
            // The driver refused the command because the socket was already closed: nothing was written.
            return new ConnectionClosedException("Connection closed before " + what + " was sent", false, cause);
        }
        Matcher coercion = COERCION.matcher(message);
        if (coercion.find()) {
            String given = coercion.group(2);
            String wanted = serverType(coercion.group(3));
            boolean text = given.equals("java.lang.String");
            return new UnsupportedTypeException("Parameter $" + (Integer.parseInt(coercion.group(1)) + 1) + " of "
                    + what + " is a " + given + " but the server expects " + wanted + " there; "
                    + (text ? "pass the Java type for it, or convert the text in SQL: %s::text::<type> (a String is "
                            + "sent as text, which PostgreSQL converts implicitly only to text-like types)"
                            : "pass the Java type for it, or cast the placeholder in SQL to the type of the value"));
        }
        return new MomokoException("Failed to run " + what + ": " + cause.getClass().getSimpleName() + ": "
                + message, cause);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Integer parsePosition(String position) {
        if (position == null || position.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(position);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Describes a statement for error messages: its SQL, shortened, and never its parameter values.
     *
     * @param sql the statement
     * @return a short description
     */
    public static String describe(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return "\"" + (oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine) + "\"";
    }
}
